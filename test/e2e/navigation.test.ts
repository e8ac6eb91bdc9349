// The navigation guard in real Chromium: real host names mapped to a local server, managed policy
// written where admins push it. What must be blocked is blocked; what must load loads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, launchWithExtension, waitInWorker, writeManagedPolicy, type Launched } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

const BLOCK_PAGE = `chrome-extension://${EXTENSION_ID}/blocked.html`;

async function visit(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  await page.waitForLoadState('domcontentloaded');
}

async function expectBlocked(page: Page, rule: string, clause: string) {
  // Polled, not waitForURL: a look-alike's navigation is replaced mid-way, which aborts the first one.
  const wanted = `${BLOCK_PAGE}#${rule}:`;
  for (let i = 0; i < 100 && !page.url().startsWith(wanted); i++) await page.waitForTimeout(100);
  expect(page.url().slice(0, wanted.length + 40)).toMatch(
    new RegExp(`^${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  await page.waitForLoadState('domcontentloaded');
  await page.getByTestId('title').waitFor();
  expect(await page.locator('.clause').textContent()).toContain(clause);
}

const rulesInWorker = (l: Launched) => l.worker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules());
const auditInWorker = (l: Launched) =>
  l.worker.evaluate(
    async () =>
      ((await chrome.storage.local.get('auditLog')).auditLog ?? { events: [] }) as {
        events: { kind: string; rule?: string; target?: string; reason?: string }[];
      },
  );

describe('navigation guard, built-in SSK default', () => {
  let server: TestServer;
  let b: Launched;
  let page: Page;
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
    b = await launchWithExtension({ hostPort: server.port });
    await waitInWorker(b.worker, async () => (await chrome.declarativeNetRequest.getDynamicRules()).length > 0);
    page = await b.context.newPage();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('https://www.ssk.or.jp/ loads', async () => {
    await visit(page, 'https://www.ssk.or.jp/');
    expect(await page.locator('#page').textContent()).toBe('www.ssk.or.jp/');
  });

  it('https://bit.ly/x goes to the block page with the clause, and the server never sees it', async () => {
    const before = server.requests.filter((r) => r.host === 'bit.ly').length;
    await visit(page, 'https://bit.ly/x');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    expect(await page.getByTestId('host').textContent()).toBe('bit.ly');
    expect(server.requests.filter((r) => r.host === 'bit.ly').length).toBe(before);
  });

  it('“where does it lead?” resolves the link and opens an allowed destination', async () => {
    await visit(page, 'https://bit.ly/abc');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    await page.getByTestId('resolve').click();
    await page.getByTestId('destination').waitFor();
    expect(await page.getByTestId('destination').textContent()).toBe('https://www.ssk.or.jp/landing');
    const resolveRequest = server.requests.find((r) => r.host === 'bit.ly');
    expect(resolveRequest).toBeDefined();
    await page.getByTestId('open-destination').click();
    await page.waitForURL('https://www.ssk.or.jp/landing');
    expect(await page.locator('#page').textContent()).toBe('www.ssk.or.jp/landing');
  });

  it('a short link that leads somewhere blocked offers no way to open it', async () => {
    await visit(page, 'https://t.co/abc');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    await page.getByTestId('resolve').click();
    await page.getByTestId('destination-blocked').waitFor();
    expect(await page.getByTestId('destination').textContent()).toBe('https://drive.google.com/file/x');
    expect(await page.getByTestId('open-destination').count()).toBe(0);
  });

  it('https://drive.google.com/ is blocked as an unapproved cloud service, named with operator and category', async () => {
    await visit(page, 'https://drive.google.com/');
    await expectBlocked(page, 'cloud-unapproved', '8.1.1(3)(m), 4.2.3');
    const service = await page.getByTestId('service').textContent();
    expect(service).toContain('Google Drive');
    expect(service).toContain('Google LLC');
    expect(service).toContain('オンラインストレージ');
    expect(await page.getByTestId('request-exception').getAttribute('href')).toMatch(
      /^mailto:security@ssk\.or\.jp\?subject=/,
    );
  });

  it('https://ssk.or.jp.example.net/ is blocked as a look-alike', async () => {
    await visit(page, 'https://ssk.or.jp.example.net/login');
    await expectBlocked(page, 'lookalike-domain', '8.1.1(5)(f)(ｲ)');
    expect(await page.getByTestId('reason').textContent()).toContain('ssk.or.jp');
  });

  it('a shortener in an iframe is blocked; the page around it loads', async () => {
    server.route('news.example.com', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<h1 id="page">news</h1><iframe id="f" src="https://bit.ly/framed"></iframe>');
    });
    const before = server.requests.filter((r) => r.url === '/framed').length;
    await visit(page, 'https://news.example.com/');
    expect(await page.locator('#page').textContent()).toBe('news');
    await page.waitForTimeout(500);
    expect(server.requests.filter((r) => r.url === '/framed').length).toBe(before);
    const frame = page.frames().find((f) => f.url().includes('bit.ly') || f.url().startsWith('chrome-error'));
    expect(frame?.url() ?? 'blocked').not.toContain('www.ssk.or.jp');
  });

  it('shows a hostile URL as text', async () => {
    const hostile = 'https://bit.ly/%3Cscript%3Ealert(1)%3C/script%3E?x=%E2%80%AEtxt.exe';
    await visit(page, hostile);
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await page.getByTestId('url').textContent()).toContain('%3Cscript%3E');
  });

  it('offers no way to proceed when the policy forbids overrides (the default)', async () => {
    await visit(page, 'https://bit.ly/y');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    expect(await page.getByTestId('proceed').count()).toBe(0);
  });

  it('a web page cannot ask the service worker for an override', async () => {
    await visit(page, 'https://www.ssk.or.jp/');
    const result = await page.evaluate(async (id) => {
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
    }, EXTENSION_ID);
    expect(result).not.toBe('sent');
    expect(await b.worker.evaluate(() => chrome.declarativeNetRequest.getSessionRules())).toEqual([]);
  });

  it('records blocks in the audit log, and keeps rules and log across a service-worker restart', async () => {
    const before = await auditInWorker(b);
    expect(before.events.filter((e) => e.kind === 'block').map((e) => e.rule)).toEqual(
      expect.arrayContaining(['shortener', 'cloud-unapproved', 'lookalike-domain']),
    );
    const rulesBefore = await rulesInWorker(b);
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // Any navigation wakes it again; the rules never left the browser.
    await visit(page, 'https://bit.ly/after-restart');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    const worker = b.context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID))!;
    const rulesAfter = await worker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules());
    expect(rulesAfter).toEqual(rulesBefore);
    const count = () =>
      worker.evaluate(
        async () => ((await chrome.storage.local.get('auditLog')).auditLog as { events: unknown[] }).events.length,
      );
    for (let i = 0; i < 50 && (await count()) <= before.events.length; i++) await page.waitForTimeout(100);
    expect(await count()).toBeGreaterThan(before.events.length);
  });
});

describe('navigation guard, with managed policy', () => {
  let server: TestServer;
  let b: Launched;
  let page: Page;
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
  beforeAll(async () => {
    server = await startTestServer();
    b = await launchWithExtension({
      hostPort: server.port,
      managedPolicy: { version: 'e2e-overrides', overrides: { allowed: true, reasonRequired: true, minutes: 5 } },
    });
    await waitInWorker(
      b.worker,
      async () =>
        ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string })?.version ===
        'e2e-overrides',
    );
    page = await b.context.newPage();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('an override with a reason loads that host only, is logged, and expires by itself', async () => {
    await visit(page, 'https://bit.ly/needed');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    await page.getByTestId('proceed').click();
    expect(await page.getByRole('alert').textContent()).toContain('理由');
    await page.getByTestId('override-reason').fill('取引先からの案内 / a partner’s notice');
    await page.getByTestId('proceed').click();
    await page.waitForURL('https://bit.ly/needed');
    expect(await page.locator('#page').textContent()).toBe('bit.ly/needed');
    // Only that host: another shortener is still blocked.
    await visit(page, 'https://t.co/x');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    const log = await auditInWorker(b);
    expect(log.events.find((e) => e.kind === 'override')).toMatchObject({
      rule: 'shortener',
      target: 'bit.ly',
      reason: '取引先からの案内 / a partner’s notice',
    });

    // Let the override run out now: the real expiry path (alarm → rule removed → logged).
    await b.worker.evaluate(async () => {
      const { overrides } = await chrome.storage.session.get('overrides');
      await chrome.storage.session.set({
        overrides: (overrides as { expires: number }[]).map((o) => ({ ...o, expires: Date.now() - 1 })),
      });
      await chrome.alarms.create('override-expiry', { when: Date.now() + 50 });
    });
    await waitInWorker(b.worker, async () => (await chrome.declarativeNetRequest.getSessionRules()).length === 0);
    await visit(page, 'https://bit.ly/needed');
    await expectBlocked(page, 'shortener', '6.6.2(3)-1');
    expect((await auditInWorker(b)).events.some((e) => e.kind === 'override-expired')).toBe(true);
  });

  it('an approval pushed through managed policy takes effect without a restart; a past date blocks again', async () => {
    await visit(page, 'https://drive.google.com/');
    await expectBlocked(page, 'cloud-unapproved', '4.2.3');

    writeManagedPolicy({
      version: 'e2e-approved',
      overrides: { allowed: true },
      cloud: { approved: [approval('2099-12-31')] },
    });
    await waitInWorker(
      b.worker,
      async () =>
        ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string })?.version ===
        'e2e-approved',
      45_000,
    );
    await visit(page, 'https://drive.google.com/');
    expect(await page.locator('#page').textContent()).toBe('drive.google.com/');

    writeManagedPolicy({ version: 'e2e-expired', cloud: { approved: [approval('2020-03-31')] } });
    await waitInWorker(
      b.worker,
      async () =>
        ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string })?.version ===
        'e2e-expired',
      45_000,
    );
    await visit(page, 'https://drive.google.com/');
    await expectBlocked(page, 'cloud-unapproved', '4.2.3');
    expect(await page.getByTestId('service').textContent()).toContain('2020-03-31');
  }, 120_000);
});
