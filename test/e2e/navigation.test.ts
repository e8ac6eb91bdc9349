// The navigation guard in real Chromium and Firefox: real host names served by a local server,
// managed policy pushed where admins push it. What must be blocked is blocked; what must load loads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch } from './browser.ts';
import {
  auditLog,
  sleep,
  tid,
  waitForLaterBlock,
  waitForPolicyVersion,
  waitInExtension,
  waitInTab,
  type GuardBrowser,
  type Tab,
} from './driver.ts';
import { startTestServer, type TestServer } from './server.ts';

async function expectBlocked(b: GuardBrowser, tab: Tab, rule: string, clause: string) {
  // Polled: a look-alike's navigation is replaced mid-way, which aborts the first one.
  const wanted = `${b.origin}/blocked.html#${rule}:`;
  await tab.waitForUrl(wanted).catch(() => undefined);
  expect((await tab.url()).slice(0, wanted.length)).toBe(wanted);
  await tab.waitFor(tid('title'));
  await tab.waitFor('.clause');
  expect(await tab.text('.clause')).toContain(clause);
}

const dynamicRules = (b: GuardBrowser) => b.inExtension(() => chrome.declarativeNetRequest.getDynamicRules());

describe.each(BROWSERS)('navigation guard in %s, built-in SSK default', (name) => {
  let server: TestServer;
  let b: GuardBrowser;
  let tab: Tab;
  beforeAll(async () => {
    server = await startTestServer();
    // The short link leads to the organisation's site: the resolver may open it.
    server.route('bit.ly', (_req, res) => {
      res.writeHead(301, { location: 'https://www.ssk.or.jp/landing' });
      res.end();
    });
    // This one leads to an unapproved cloud service: the resolver must not offer to open it.
    server.route('t.co', (_req, res) => {
      res.writeHead(302, { location: 'https://drive.google.com/file/x' });
      res.end();
    });
    b = await launch(name, { serverPort: server.port });
    await waitInExtension(b, async () => (await chrome.declarativeNetRequest.getDynamicRules()).length > 0);
    tab = await b.newTab();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('https://www.ssk.or.jp/ loads', async () => {
    await tab.goto('https://www.ssk.or.jp/');
    expect(await tab.text('#page')).toBe('www.ssk.or.jp/');
  });

  it('https://bit.ly/x goes to the block page with the clause, and the server never sees it', async () => {
    const before = server.requests.filter((r) => r.host === 'bit.ly').length;
    await tab.goto('https://bit.ly/x');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    expect(await tab.text(tid('host'))).toBe('bit.ly');
    expect(server.requests.filter((r) => r.host === 'bit.ly').length).toBe(before);
  });

  it('“where does it lead?” resolves the link and opens an allowed destination', async () => {
    await tab.goto('https://bit.ly/abc');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    await tab.click(tid('resolve'));
    await tab.waitFor(tid('destination'));
    expect(await tab.text(tid('destination'))).toBe('https://www.ssk.or.jp/landing');
    expect(server.requests.find((r) => r.host === 'bit.ly')).toBeDefined();
    await tab.click(tid('open-destination'));
    await tab.waitForUrl('https://www.ssk.or.jp/landing');
    await tab.waitFor('#page');
    expect(await tab.text('#page')).toBe('www.ssk.or.jp/landing');
  });

  it('a short link that leads somewhere blocked offers no way to open it', async () => {
    await tab.goto('https://t.co/abc');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    await tab.click(tid('resolve'));
    await tab.waitFor(tid('destination-blocked'));
    expect(await tab.text(tid('destination'))).toBe('https://drive.google.com/file/x');
    expect(await tab.count(tid('open-destination'))).toBe(0);
  });

  it('https://drive.google.com/ is blocked as an unapproved cloud service, named with operator and category', async () => {
    await tab.goto('https://drive.google.com/');
    await expectBlocked(b, tab, 'cloud-unapproved', '8.1.1(3)(m), 4.2.3');
    await tab.waitFor(tid('service'));
    const service = await tab.text(tid('service'));
    expect(service).toContain('Google Drive');
    expect(service).toContain('Google LLC');
    expect(service).toContain('オンラインストレージ');
    expect(await tab.attribute(tid('request-exception'), 'href')).toMatch(/^mailto:security@ssk\.or\.jp\?subject=/);
  });

  it('https://ssk.or.jp.example.net/ is blocked as a look-alike, and the block recorded once', async () => {
    const blocks = async () =>
      (await auditLog(b)).filter((e) => e.kind === 'block' && e.rule === 'lookalike-domain').length;
    const before = await blocks();
    await tab.goto('https://ssk.or.jp.example.net/login');
    await expectBlocked(b, tab, 'lookalike-domain', '8.1.1(5)(f)(ｲ)');
    await tab.waitFor(tid('reason'));
    expect(await tab.text(tid('reason'))).toContain('ssk.or.jp');
    for (let i = 0; i < 150 && (await blocks()) === before; i++) await sleep(100);
    // Recorded once: a second record of this navigation would be queued on the log's one chain before a
    // later block's; so another block is waited for in the log, and then counted.
    await waitForLaterBlock(b);
    expect(await blocks()).toBe(before + 1);
    if (name === 'firefox') {
      // Firefox keeps blocking webRequest in MV3: the request is redirected before it is sent. (Chrome
      // has none for this extension: its tab is replaced as the navigation starts; see lookalike-guard.ts.)
      expect(server.requests.filter((r) => r.host === 'ssk.or.jp.example.net')).toEqual([]);
    }
  });

  it('a shortener in an iframe is blocked; the page around it loads', async () => {
    server.route('news.example.com', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<h1 id="page">news</h1><iframe id="f" src="https://bit.ly/framed"></iframe>');
    });
    const before = server.requests.filter((r) => r.url === '/framed').length;
    await tab.goto('https://news.example.com/');
    expect(await tab.text('#page')).toBe('news');
    // The page's load event waits for its frame: once it has fired, the frame's request was made or blocked.
    await waitInTab(tab, () => document.readyState === 'complete', undefined, 15_000);
    expect(server.requests.filter((r) => r.url === '/framed').length).toBe(before);
  });

  it('shows a hostile URL as text', async () => {
    const hostile = 'https://bit.ly/%3Cscript%3Ealert(1)%3C/script%3E?x=%E2%80%AEtxt.exe';
    await tab.goto(hostile);
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    expect(await tab.count('script:not([src])')).toBe(0);
    expect(await tab.text(tid('url'))).toContain('%3Cscript%3E');
  });

  it('offers no way to proceed when the policy forbids overrides (the default)', async () => {
    await tab.goto('https://bit.ly/y');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    expect(await tab.count(tid('proceed'))).toBe(0);
  });

  it('a web page cannot ask the extension for an override', async () => {
    await tab.goto('https://www.ssk.or.jp/');
    const result = await tab.evaluate(async (id) => {
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      if (!runtime?.sendMessage) return 'no runtime messaging for web pages';
      try {
        await (runtime.sendMessage as (id: string, m: unknown) => Promise<unknown>)(id, {
          type: 'request-override',
          rule: 'shortener',
          url: 'https://bit.ly/x',
          reason: 'because',
        });
        return 'sent';
      } catch (e) {
        return `refused: ${(e as Error).message}`;
      }
    }, b.origin.split('//')[1]!);
    expect(result).not.toBe('sent');
    expect(await b.inExtension(() => chrome.declarativeNetRequest.getSessionRules())).toEqual([]);
  });

  it('records blocks in the audit log, and keeps rules and log across a background restart', async () => {
    const before = await auditLog(b);
    expect(before.filter((e) => e.kind === 'block').map((e) => e.rule)).toEqual(
      expect.arrayContaining(['shortener', 'cloud-unapproved', 'lookalike-domain']),
    );
    const rulesBefore = await dynamicRules(b);
    await b.stopBackground();
    // Any navigation wakes it again; the rules never left the browser.
    await tab.goto('https://bit.ly/after-restart');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    expect(await dynamicRules(b)).toEqual(rulesBefore);
    for (let i = 0; i < 50 && (await auditLog(b)).length <= before.length; i++) await sleep(100);
    expect((await auditLog(b)).length).toBeGreaterThan(before.length);
  });
});

describe.each(BROWSERS)('navigation guard in %s, with managed policy', (name) => {
  let server: TestServer;
  let b: GuardBrowser;
  let tab: Tab;
  const approval = (validUntil: string) => ({
    service: 'google-drive',
    operator: 'Google LLC',
    purpose: 'e2e',
    highestClassification: 1,
    validUntil,
    applicant: 'e2e',
    userScope: 'e2e',
    manager: 'e2e',
  });
  // Chromium takes new managed settings while it runs; Firefox reads them once per session, so the
  // previous policy stays in force until the next start (the extension reloads on runtime.onStartup).
  async function inForceAfterPush(b: GuardBrowser, version: string) {
    if (name === 'firefox') {
      const before = await b.inExtension(
        async () => ((await chrome.storage.local.get('policyStatus')).policyStatus as { version: string }).version,
      );
      await sleep(1_000);
      expect(await b.inExtension(() => chrome.storage.managed.get())).not.toMatchObject({ version });
      expect(before).not.toBe(version);
      await b.restart();
      tab = await b.newTab();
    }
    await waitForPolicyVersion(b, version, 45_000);
  }
  beforeAll(async () => {
    server = await startTestServer();
    b = await launch(name, {
      serverPort: server.port,
      managedPolicy: { version: 'e2e-overrides', overrides: { allowed: true, reasonRequired: true, minutes: 5 } },
    });
    await waitForPolicyVersion(b, 'e2e-overrides');
    tab = await b.newTab();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('an override with a reason loads that host only, is logged, and expires by itself', async () => {
    await tab.goto('https://bit.ly/needed');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    await tab.click(tid('proceed'));
    await tab.waitFor('[role=alert]');
    expect(await tab.text('[role=alert]')).toContain('理由');
    await tab.fill(tid('override-reason'), '取引先からの案内 / a partner’s notice');
    await tab.click(tid('proceed'));
    await tab.waitForUrl('https://bit.ly/needed');
    await tab.waitFor('#page');
    expect(await tab.text('#page')).toBe('bit.ly/needed');
    // Only that host: another shortener is still blocked.
    await tab.goto('https://t.co/x');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    expect((await auditLog(b)).find((e) => e.kind === 'override')).toMatchObject({
      rule: 'shortener',
      target: 'bit.ly',
      reason: '取引先からの案内 / a partner’s notice',
    });

    // Let the override run out now: the real expiry path (alarm → rule removed → logged).
    await b.inExtension(async () => {
      const { overrides } = await chrome.storage.session.get('overrides');
      await chrome.storage.session.set({
        overrides: (overrides as { expires: number }[]).map((o) => ({ ...o, expires: Date.now() - 1 })),
      });
      await chrome.alarms.create('override-expiry', { when: Date.now() + 50 });
    });
    await waitInExtension(b, async () => (await chrome.declarativeNetRequest.getSessionRules()).length === 0);
    await tab.goto('https://bit.ly/needed');
    await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    for (let i = 0; i < 150 && !(await auditLog(b)).some((e) => e.kind === 'override-expired'); i++) await sleep(100);
    expect((await auditLog(b)).some((e) => e.kind === 'override-expired')).toBe(true);
  });

  it('an approval pushed through managed policy takes effect (Chromium while running, Firefox at its next start); a past date blocks again', async () => {
    await tab.goto('https://drive.google.com/');
    await expectBlocked(b, tab, 'cloud-unapproved', '4.2.3');

    await b.pushManagedPolicy({
      version: 'e2e-approved',
      overrides: { allowed: true },
      cloud: { approved: [approval('2099-12-31')] },
    });
    await inForceAfterPush(b, 'e2e-approved');
    await tab.goto('https://drive.google.com/');
    expect(await tab.text('#page')).toBe('drive.google.com/');

    await b.pushManagedPolicy({ version: 'e2e-expired', cloud: { approved: [approval('2020-03-31')] } });
    await inForceAfterPush(b, 'e2e-expired');
    await tab.goto('https://drive.google.com/');
    await expectBlocked(b, tab, 'cloud-unapproved', '4.2.3');
    await tab.waitFor(tid('service'));
    expect(await tab.text(tid('service'))).toContain('2020-03-31');
  }, 120_000);
});

describe.each(BROWSERS)('navigation guard in %s, a long list pushed by the admin', (name) => {
  // Firefox allows 5 000 dynamic rules, Chrome 5 000 redirect ("unsafe") ones (DNR_LIMITS): domains are
  // packed 2 000 to a rule, so 9 000 extra shorteners are a handful of rules in either browser.
  const extra = Array.from({ length: 9_000 }, (_, i) => `lnk${i}.com`);
  let server: TestServer;
  let b: GuardBrowser;
  let tab: Tab;
  beforeAll(async () => {
    server = await startTestServer();
    b = await launch(name, {
      serverPort: server.port,
      managedPolicy: { version: 'e2e-long-list', shorteners: { extraDomains: extra } },
    });
    await waitForPolicyVersion(b, 'e2e-long-list', 30_000);
    tab = await b.newTab();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('installs every domain in a few rules, and blocks the first, the last and their subdomains', async () => {
    const rules = (await dynamicRules(b)) as { condition: { requestDomains?: string[] } }[];
    expect(rules.length).toBeLessThan(50);
    const listed = new Set(rules.flatMap((r) => r.condition.requestDomains ?? []));
    expect(extra.every((d) => listed.has(d))).toBe(true);
    for (const url of ['https://lnk0.com/a', 'https://lnk8999.com/b', 'https://www.lnk4321.com/c']) {
      await tab.goto(url);
      await expectBlocked(b, tab, 'shortener', '6.6.2(3)-1');
    }
    expect(server.requests.filter((r) => r.host.includes('lnk'))).toEqual([]);
    await tab.goto('https://lnk9000.com/');
    expect(await tab.text('#page')).toBe('lnk9000.com/');
  });
});
