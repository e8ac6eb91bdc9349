// Public lists imported by the admin, in real Chromium: `ssk-guard policy build --import …` from
// ../shared/data, its Linux managed-policy file pushed as it is. A file-hosting host known only from the
// broad list may be viewed but takes no upload; a remote-control host from a list is blocked and named by
// its category; a curated Japanese service keeps its name; a weak look-alike asks 「本物ですか？」 once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { sharedDataPath } from '../shared-data.ts';
import { EXTENSION_ID, launchWithExtension, waitInWorker, type Launched } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

const BLOCK_PAGE = `chrome-extension://${EXTENSION_ID}/blocked.html`;
const VERSION = 'e2e-imported-lists';

const uploadPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>upload</title></head><body>
<h1 id="page">image host</h1>
<form id="up" method="post" enctype="multipart/form-data" action="/upload">
  <input type="file" id="file" name="file"><button id="go">Upload</button>
</form></body></html>`;

async function visit(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  await page.waitForLoadState('domcontentloaded');
}

async function onBlockPage(page: Page, rule: string) {
  const wanted = `${BLOCK_PAGE}#${rule}:`;
  for (let i = 0; i < 100 && !page.url().startsWith(wanted); i++) await page.waitForTimeout(100);
  expect(page.url().startsWith(wanted), page.url()).toBe(true);
  await page.getByTestId('title').waitFor();
}

type AuditEvent = { kind: string; rule?: string; target?: string; detail?: Record<string, string> };
const audit = (b: Launched) =>
  b.worker.evaluate(
    async () =>
      (((await chrome.storage.local.get('auditLog')).auditLog ?? { events: [] }) as { events: unknown[] }).events,
  ) as Promise<AuditEvent[]>;

describe('a policy built with imported public lists, pushed as managed policy', () => {
  let tmp: string;
  let server: TestServer;
  let b: Launched;
  let page: Page;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ssk-lists-e2e-'));
    writeFileSync(join(tmp, 'policy.json'), JSON.stringify({ version: VERSION }));
    const io = { out: () => undefined, err: () => undefined };
    const code = await main(
      [
        'policy',
        'build',
        join(tmp, 'policy.json'),
        '--out',
        join(tmp, 'deploy'),
        '--import',
        `shortener=${sharedDataPath('ut1', 'shortener', 'domains')}`,
        '--import',
        `filehosting=${sharedDataPath('ut1', 'filehosting', 'domains')}`,
        '--import',
        `remote-control=${sharedDataPath('ut1', 'remote-control', 'domains')}`,
      ],
      io,
    );
    expect(code).toBe(0);
    const linux = JSON.parse(
      readFileSync(join(tmp, 'deploy', 'linux', 'etc', 'chromium', 'policies', 'managed', 'ssk-guard.json'), 'utf8'),
    ) as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
    const managed = linux['3rdparty'].extensions[EXTENSION_ID]!;
    expect(JSON.stringify(managed)).toContain('imgur.com');

    server = await startTestServer();
    server.route('imgur.com', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'POST' ? '<h1 id="page">uploaded</h1>' : uploadPage);
    });
    b = await launchWithExtension({ managedPolicy: managed, hostPort: server.port });
    await waitInWorker(
      b.worker,
      async () =>
        ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string })?.version ===
        'e2e-imported-lists',
      45_000,
    );
    page = await b.context.newPage();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a file-hosting host known only from the broad list can be viewed', async () => {
    await visit(page, 'https://imgur.com/gallery');
    expect(page.url()).toBe('https://imgur.com/gallery');
    expect(await page.textContent('#page')).toBe('image host');
  });

  it('but a file uploaded to it is blocked: the server receives nothing', async () => {
    const file = join(tmp, 'photo.png');
    writeFileSync(file, 'not really a png');
    await visit(page, 'https://imgur.com/');
    await page.setInputFiles('#file', file);
    const before = server.requests.filter((r) => r.method === 'POST').length;
    await page.click('#go');
    await page.waitForTimeout(1_000);
    expect(server.requests.filter((r) => r.method === 'POST' && r.host === 'imgur.com').length).toBe(0);
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(before);
    expect(page.url()).toBe('https://imgur.com/');
    const events = await audit(b);
    expect(
      events.find((e) => e.kind === 'block' && e.rule === 'cloud-unapproved' && e.target === 'imgur.com'),
    ).toBeTruthy();
  });

  it('a remote-control host from a list is blocked on navigation and named by its category', async () => {
    await visit(page, 'https://anydesk.com/download');
    await onBlockPage(page, 'cloud-unapproved');
    const service = await page.getByTestId('service').textContent();
    expect(service).toContain('遠隔操作');
    expect(service).toContain('ut1/remote-control');
    expect(await page.getByTestId('reason').textContent()).toContain('ut1/remote-control');
  });

  it('a shortener from the imported list is blocked like a built-in one', async () => {
    const rules = (await b.worker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules())) as {
      condition: { requestDomains?: string[] };
    }[];
    const listed = rules.flatMap((r) => r.condition.requestDomains ?? []);
    expect(listed).toContain('bit.ly');
    expect(listed.length).toBeGreaterThan(4_000);
    await visit(page, 'https://tinyurl.com/abc');
    await onBlockPage(page, 'shortener');
  });

  it('a curated Japanese service keeps its name, operator and hosts', async () => {
    await visit(page, 'https://gigafile.nu/');
    await onBlockPage(page, 'cloud-unapproved');
    expect(await page.getByTestId('service').textContent()).toContain('ギガファイル便');
  });

  it('a weak look-alike asks 本物ですか？ and remembers "a different site"; a strong one stays blocked', async () => {
    await visit(page, 'https://ssk.jp/');
    await onBlockPage(page, 'lookalike-domain');
    await page.getByTestId('real-site-question').waitFor();
    expect(await page.getByTestId('real-site-question').textContent()).toContain('本物ですか？');
    await Promise.all([page.waitForURL('https://ssk.jp/'), page.getByTestId('different-site').click()]);
    await visit(page, 'https://ssk.jp/again');
    expect(page.url()).toBe('https://ssk.jp/again');
    expect((await audit(b)).find((e) => e.kind === 'confirm' && e.detail?.choice === 'different-site')).toMatchObject({
      rule: 'lookalike-domain',
      target: 'ssk.jp',
    });

    await visit(page, 'https://nenkin.com/');
    await onBlockPage(page, 'lookalike-domain');
    expect(await page.getByTestId('real-site-question').count()).toBe(0);
    await visit(page, 'https://www.ssk.or.jp@evil.example/');
    await onBlockPage(page, 'lookalike-domain');
  });

  it('the options page lists the imported lists with their licence and date', async () => {
    await visit(page, `chrome-extension://${EXTENSION_ID}/options.html`);
    await page.getByTestId('imported-lists').waitFor();
    const rows = page.getByTestId('imported-list');
    expect(await rows.count()).toBe(3);
    const text = await page.getByTestId('imported-lists').textContent();
    expect(text).toContain('ut1/filehosting');
    expect(text).toContain('CC BY-SA 4.0');
    expect(text).toContain('2026-08-17');
  });
});
