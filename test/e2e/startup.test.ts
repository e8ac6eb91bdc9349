// The first seconds after the browser starts (issue 12 §4), in real Chromium and Firefox: users often start
// it by clicking a link in a mail. Each case launches a fresh browser and acts at once, with a managed
// policy in place, which the browser delivers later: the protection must not wait for it. The figures are
// printed for the closing note; the assertions are on what is shown and sent within a bounded wait, not on speed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch } from './browser.ts';
import { auditLog, sleep, tid, waitInExtension, waitInTab, type GuardBrowser } from './driver.ts';
import { startTestServer, type TestServer } from './server.ts';

const BOUND_MS = 1_000;
const MANAGED = { version: 'e2e-startup' };

const html = (title: string, body: string) =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body><h1 id="page">${title}</h1>${body}</body></html>`;
const loginForm = (action: string) => `
  <form id="login" method="post" action="${action}">
    <input name="user" autocomplete="username" value="taro">
    <input name="password" type="password" autocomplete="current-password" value="correct horse 42">
    <button id="go" name="op" value="login">ログイン</button>
  </form>`;

/** Polls `probe` until it is true or `ms` have passed; returns the time it took, or null. */
async function within(
  ms: number,
  probe: () => Promise<boolean> | boolean,
  started = Date.now(),
): Promise<number | null> {
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > ms) return null;
    await sleep(20);
  }
}

describe.each(BROWSERS)('right after %s starts', (name) => {
  let server: TestServer;
  let b: GuardBrowser | undefined;
  const timings: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    const serve = (host: string, pages: Record<string, string>) =>
      server.route(host, (req, res) => {
        const path = (req.url ?? '/').split('?')[0]!;
        if (req.method === 'POST') return res.writeHead(200, { 'content-type': 'text/html' }).end(html('sent', ''));
        const page = pages[path];
        if (!page) return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      });
    serve('www.ssk.or.jp', { '/login': html('login', loginForm('/session')) });
    serve('forms.example.net', { '/login': html('login', loginForm('/session')) });
  });
  afterEach(async () => {
    await b?.close();
    b = undefined;
  });
  afterAll(async () => {
    await server?.close();
    console.info(`[startup timings, ${name}] ${timings.join('; ')}`);
  });

  it('a short link clicked at once: the block page shows its clause at once, and the block is recorded once', async () => {
    b = await launch(name, { serverPort: server.port, managedPolicy: MANAGED });
    const acting = Date.now();
    const tab = await b.newTab();
    const actedAfter = Date.now() - acting;
    expect(actedAfter).toBeLessThan(5_000); // sanity of the harness; the act itself is what is measured below
    const started = Date.now();
    void tab.goto('https://bit.ly/from-mail');
    const blockPage = `${b.origin}/blocked.html#shortener:`;
    const clause = async () =>
      (await tab.url()).startsWith(blockPage) &&
      ((await tab.text('.clause').catch(() => '')) ?? '').includes('6.6.2(3)-1');
    const shown = await within(BOUND_MS, clause, started);
    timings.push(`block page clause ${shown ?? '>1000'} ms after the click (tab opened ${actedAfter} ms after launch)`);
    expect(shown, 'the clause within 1 s of the click').not.toBeNull();
    expect(await tab.text(tid('host'))).toBe('bit.ly');
    expect(server.requests.some((r) => r.host === 'bit.ly')).toBe(false);

    // Then the background's word: a real block, under the policy in force; never "checking" for ever.
    await waitInTab(tab, () => !document.querySelector('[data-testid=block-standing]'), undefined, 20_000);
    timings.push(`refined by the background ${Date.now() - started} ms after the click`);
    expect(await tab.count(tid('resolve'))).toBe(1);
    const events = await waitInExtension(b, async () => {
      const log = (await chrome.storage.local.get('auditLog')).auditLog as { events: { kind: string }[] } | undefined;
      return log?.events.some((e) => e.kind === 'block') ? log.events : undefined;
    });
    expect(events.filter((e) => e.kind === 'block')).toHaveLength(1);
    expect((await auditLog(b)).find((e) => e.kind === 'block')).toMatchObject({ rule: 'shortener', target: 'bit.ly' });
  });

  it('the organisation’s own https login form is sent at once; a password to an unknown organisation is not', async () => {
    b = await launch(name, { serverPort: server.port, managedPolicy: MANAGED });
    const tab = await b.newTab();
    const started = Date.now();
    await tab.goto('https://www.ssk.or.jp/login');
    const loaded = Date.now() - started;
    const clicked = Date.now();
    void tab.click('#go').catch(() => undefined);
    const sent = await within(
      BOUND_MS,
      () => server.requests.some((r) => r.host === 'www.ssk.or.jp' && r.method === 'POST' && r.url === '/session'),
      clicked,
    );
    timings.push(
      `allowed form sent ${sent ?? '>1000'} ms after the click (login page loaded ${loaded} ms after launch)`,
    );
    expect(sent, 'the allowed form within 1 s of the click').not.toBeNull();
    const got = server.requests.filter((r) => r.host === 'www.ssk.or.jp' && r.method === 'POST');
    expect(got).toHaveLength(1);
    expect(got[0]!.secure).toBe(true);
    expect(got[0]!.body).toContain('op=login');

    // Must block: the same form posting to an organisation not in the directory waits for the verdict
    // (then asks); it is never let through by the early path.
    const other = await b.newTab();
    await other.goto('https://forms.example.net/login');
    void other.click('#go').catch(() => undefined);
    const leaked = await within(BOUND_MS, () =>
      server.requests.some((r) => r.host === 'forms.example.net' && r.method === 'POST'),
    );
    expect(leaked).toBeNull();
    // The dialog comes once the background answers (its host element sits on top of the page).
    await waitInTab(
      other,
      () => [...document.documentElement.children].some((n) => (n as HTMLElement).style?.zIndex === '2147483647'),
      undefined,
      20_000,
    );
    expect(server.requests.some((r) => r.host === 'forms.example.net' && r.method === 'POST')).toBe(false);
  });

  it('the built-in lists are the manifest’s static ruleset: with no dynamic rule at all, a short link is still redirected', async () => {
    b = await launch(name, { serverPort: server.port });
    const g = b;
    // The background installs its dynamic rules as it starts: let it finish, then take them all away.
    await waitInExtension(g, async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
    await sleep(1_500);
    const snapshot = () =>
      g.inExtension(async () => {
        await chrome.declarativeNetRequest.updateDynamicRules({
          removeRuleIds: (await chrome.declarativeNetRequest.getDynamicRules()).map((r) => r.id),
        });
        const test = (url: string) =>
          chrome.declarativeNetRequest
            .testMatchOutcome({ url, type: 'main_frame' as chrome.declarativeNetRequest.ResourceType })
            .then((o) => o.matchedRules.map((r) => r.rulesetId));
        const shortener = await test('https://bit.ly/x');
        const cloud = await test('https://drive.google.com/');
        const organisation = await test('https://www.ssk.or.jp/');
        return {
          enabled: await chrome.declarativeNetRequest.getEnabledRulesets(),
          dynamic: (await chrome.declarativeNetRequest.getDynamicRules()).length, // still none after the tests
          shortener,
          cloud,
          organisation,
        };
      });
    let outcome = await snapshot();
    for (let i = 0; i < 10 && outcome.dynamic !== 0; i++) outcome = await snapshot(); // a reload raced the removal
    expect(outcome).toEqual({
      enabled: ['builtin'],
      dynamic: 0,
      shortener: ['builtin'],
      cloud: ['builtin'],
      organisation: [],
    });
    // A real navigation with the background stopped and no dynamic rule: the browser's record names the
    // static ruleset. Chromium's static rule carries the address; Firefox's redirects by path only
    // (the add-on's UUID is not known when the rules are built), so its block page has no address to show.
    await g.inExtension(async () =>
      chrome.declarativeNetRequest.updateDynamicRules({
        removeRuleIds: (await chrome.declarativeNetRequest.getDynamicRules()).map((r) => r.id),
      }),
    );
    await g.stopBackground();
    const tab = await g.newTab();
    await tab.goto('https://bit.ly/static');
    await tab.waitForUrl(
      name === 'chromium'
        ? `${g.origin}/blocked.html#shortener:https://bit.ly/static`
        : `${g.origin}/blocked.html#shortener:`,
    );
    await tab.waitFor('.clause');
    expect(await tab.text('.clause')).toContain('6.6.2(3)-1');
    if (name === 'chromium') {
      const matched = await waitInExtension(g, async () => {
        const { rulesMatchedInfo } = await chrome.declarativeNetRequest.getMatchedRules({});
        return rulesMatchedInfo.length ? rulesMatchedInfo.map((m) => m.rule.rulesetId) : undefined;
      });
      expect(matched).toEqual(['builtin']);
    } else {
      // Firefox has no getMatchedRules: the address itself is the record, as only the static rule
      // redirects to the bare `#shortener:` (the background's dynamic rules carry the address).
      expect(await tab.url()).toBe(`${g.origin}/blocked.html#shortener:`);
    }
    expect(server.requests.some((r) => r.host === 'bit.ly')).toBe(false);
  });
});
