// Public lists imported by the admin, in real Chromium and Firefox: `ssk-guard policy build --import …`
// from ../shared/data, the managed settings of the files it writes pushed as they are (Chromium's Linux
// policy file, Firefox's policies.json). A file-hosting host known only from the broad list may be viewed
// but takes no upload; a remote-control host from a list is blocked and named by its category; a curated
// Japanese service keeps its name; a weak look-alike asks 「本物ですか？」 once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { sharedDataPath } from '../shared-data.ts';
import { BROWSERS, EXTENSION_ID, launch } from './browser.ts';
import {
  auditLog,
  tid,
  waitForAudit,
  waitForPolicyVersion,
  type AuditEvent,
  type GuardBrowser,
  type Tab,
} from './driver.ts';
import { FIREFOX_EXTENSION_ID } from './firefox.ts';
import { startTestServer, type TestServer } from './server.ts';

const VERSION = 'e2e-imported-lists';

const uploadPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>upload</title></head><body>
<h1 id="page">image host</h1>
<form id="up" method="post" enctype="multipart/form-data" action="/upload">
  <input type="file" id="file" name="file"><button id="go">Upload</button>
</form></body></html>`;

async function onBlockPage(b: GuardBrowser, tab: Tab, rule: string) {
  const wanted = `${b.origin}/blocked.html#${rule}:`;
  await tab.waitForUrl(wanted).catch(() => undefined);
  expect((await tab.url()).startsWith(wanted), await tab.url()).toBe(true);
  await tab.waitFor(tid('title'));
}

/** The extension's managed settings, as the file `policy build` wrote for this browser carries them. */
function managedFor(name: string, deploy: string): Record<string, unknown> {
  if (name === 'chromium') {
    const linux = JSON.parse(
      readFileSync(join(deploy, 'linux', 'etc', 'chromium', 'policies', 'managed', 'ssk-guard.json'), 'utf8'),
    ) as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
    return linux['3rdparty'].extensions[EXTENSION_ID]!;
  }
  const firefox = JSON.parse(readFileSync(join(deploy, 'firefox', 'policies.json'), 'utf8')) as {
    policies: { '3rdparty': { Extensions: Record<string, Record<string, unknown>> } };
  };
  return firefox.policies['3rdparty'].Extensions[FIREFOX_EXTENSION_ID]!;
}

describe.each(BROWSERS)('a policy built with imported public lists, pushed as managed policy to %s', (name) => {
  let tmp: string;
  let server: TestServer;
  let b: GuardBrowser;
  let tab: Tab;

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
    const managed = managedFor(name, join(tmp, 'deploy'));
    expect(JSON.stringify(managed)).toContain('imgur.com');

    server = await startTestServer();
    server.route('imgur.com', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'POST' ? '<h1 id="page">uploaded</h1>' : uploadPage);
    });
    b = await launch(name, { managedPolicy: managed, serverPort: server.port });
    await waitForPolicyVersion(b, VERSION, 45_000);
    tab = await b.newTab();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a file-hosting host known only from the broad list can be viewed', async () => {
    await tab.goto('https://imgur.com/gallery');
    expect(await tab.url()).toBe('https://imgur.com/gallery');
    expect(await tab.text('#page')).toBe('image host');
  });

  it('but a file uploaded to it is blocked: the server receives nothing', async () => {
    await tab.goto('https://imgur.com/');
    await tab.chooseFiles('#file', [{ name: 'photo.png', content: 'not really a png' }]);
    const before = server.requests.filter((r) => r.method === 'POST').length;
    await tab.click('#go');
    // The block the guard made, recorded by the background after the page told it: the moment a post
    // that got past the guard would have left is long gone by then.
    const blocked = (e: AuditEvent) => e.kind === 'block' && e.rule === 'cloud-unapproved' && e.target === 'imgur.com';
    const events = await waitForAudit(b, (l) => l.some(blocked));
    expect(events.find(blocked)).toBeTruthy();
    expect(server.requests.filter((r) => r.method === 'POST' && r.host === 'imgur.com').length).toBe(0);
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(before);
    expect(await tab.url()).toBe('https://imgur.com/');
  });

  it('a remote-control host from a list is blocked on navigation and named by its category', async () => {
    await tab.goto('https://anydesk.com/download');
    await onBlockPage(b, tab, 'cloud-unapproved');
    await tab.waitFor(tid('service'));
    const service = await tab.text(tid('service'));
    expect(service).toContain('遠隔操作');
    expect(service).toContain('ut1/remote-control');
    expect(await tab.text(tid('reason'))).toContain('ut1/remote-control');
  });

  it('a shortener from the imported list is blocked like a built-in one', async () => {
    const rules = (await b.inExtension(() => chrome.declarativeNetRequest.getDynamicRules())) as {
      condition: { requestDomains?: string[] };
    }[];
    const listed = rules.flatMap((r) => r.condition.requestDomains ?? []);
    expect(listed).toContain('bit.ly');
    expect(listed.length).toBeGreaterThan(4_000);
    await tab.goto('https://tinyurl.com/abc');
    await onBlockPage(b, tab, 'shortener');
  });

  it('a curated Japanese service keeps its name, operator and hosts', async () => {
    await tab.goto('https://gigafile.nu/');
    await onBlockPage(b, tab, 'cloud-unapproved');
    await tab.waitFor(tid('service'));
    expect(await tab.text(tid('service'))).toContain('ギガファイル便');
  });

  it('a weak look-alike asks 本物ですか？ and remembers "a different site"; a strong one stays blocked', async () => {
    await tab.goto('https://ssk.jp/');
    await onBlockPage(b, tab, 'lookalike-domain');
    await tab.waitFor(tid('real-site-question'));
    expect(await tab.text(tid('real-site-question'))).toContain('本物ですか？');
    await tab.click(tid('different-site'));
    await tab.waitForUrl('https://ssk.jp/');
    await tab.goto('https://ssk.jp/again');
    expect(await tab.url()).toBe('https://ssk.jp/again');
    expect(
      (await auditLog(b)).find((e) => e.kind === 'confirm' && e.detail?.choice === 'different-site'),
    ).toMatchObject({
      rule: 'lookalike-domain',
      target: 'ssk.jp',
    });

    await tab.goto('https://nenkin.com/');
    await onBlockPage(b, tab, 'lookalike-domain');
    expect(await tab.count(tid('real-site-question'))).toBe(0);
    await tab.goto('https://www.ssk.or.jp@evil.example/');
    await onBlockPage(b, tab, 'lookalike-domain');
  });

  it('the options page lists the imported lists with their licence and date', async () => {
    await tab.goto(`${b.origin}/options.html`);
    await tab.waitFor(tid('imported-lists'));
    expect(await tab.count(tid('imported-list'))).toBe(3);
    const text = await tab.text(tid('imported-lists'));
    expect(text).toContain('ut1/filehosting');
    expect(text).toContain('CC BY-SA 4.0');
    expect(text).toContain('2026-08-17');
  });
});
