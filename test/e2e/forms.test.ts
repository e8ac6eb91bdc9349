// The form guard in real Chromium and Firefox (issue 4 item 7): real host names served by the local
// HTTP+HTTPS server, the built extension loaded. What must go goes once; what must not go never
// reaches the server; the dialog is found and clicked the way a user would (trusted input), never by
// the page. The dialog lives in a closed shadow root: found over CDP (Chromium) or BiDi (Firefox).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BROWSERS, launch } from './browser.ts';
import {
  auditLog,
  sleep,
  waitArmed,
  waitForAudit,
  waitInExtension,
  waitInTab,
  type AuditEvent,
  type GuardBrowser,
  type Tab,
} from './driver.ts';
import { startTestServer, type TestServer } from './server.ts';

const MY_NUMBER = '1234-5678-9018';
const PASSWORD = 'correct horse 42';

const html = (title: string, body: string, script = '') =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1 id="page">${title}</h1>${body}<script>${script}</script></body></html>`;

const loginForm = (action: string) => `
  <form id="login" method="post" action="${action}">
    <label>ユーザー <input name="user" autocomplete="username"></label>
    <label>パスワード <input name="password" type="password" autocomplete="current-password"></label>
    <button id="go" name="op" value="login">ログイン</button>
  </form>`;

const myNumberForm = (action: string) => `
  <form id="apply" method="post" action="${action}">
    <label>氏名 <input name="name" value="山田 太郎"></label>
    <label>個人番号 <input id="mynumber" name="mynumber"></label>
    <button id="save" name="op" value="save">一時保存</button>
    <button id="send" name="op" value="send" formaction="/apply/final">申請する</button>
  </form>`;

const UPLOAD_BODY =
  '<input type="file" id="f" multiple><div id="drop" style="width:300px;height:120px;border:1px dashed">ここにドロップ</div>';
// The page's own listeners record what reached it: a held-back file must never show up here.
const UPLOAD_SCRIPT = `
  window.seen = [];
  const names = (files) => [...files].map((f) => f.name).join('|');
  const f = document.getElementById('f');
  f.addEventListener('input', () => seen.push('input:' + names(f.files)));
  f.addEventListener('change', () => seen.push('change:' + names(f.files)));
  const d = document.getElementById('drop');
  d.addEventListener('dragover', (e) => e.preventDefault());
  d.addEventListener('drop', (e) => { e.preventDefault(); seen.push('drop:' + names(e.dataTransfer.files)); });`;

// A hostile page: as soon as the dialog's host appears it tries every way a script has to confirm it.
const ATTACK_SCRIPT = `
  window.attack = [];
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (!(n instanceof HTMLElement) || n.style.zIndex !== '2147483647') continue;
      attack.push('shadowRoot:' + String(n.shadowRoot));
      try { n.attachShadow({ mode: 'open' }); attack.push('attach:ok'); } catch (e) { attack.push('attach:' + e.name); }
      n.click();
      for (const t of [n, document, window]) {
        t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }));
      }
      setTimeout(() => {
        for (let x = 0; x < innerWidth; x += 40) for (let y = 0; y < innerHeight; y += 20) {
          const el = document.elementFromPoint(x, y);
          if (!el) continue;
          el.click();
          el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y }));
          el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, composed: true, clientX: x, clientY: y }));
        }
        // forging the channel: hellos and answers on every public target
        window.dispatchEvent(new CustomEvent('ssk-guard-hook-hello'));
        window.dispatchEvent(new MouseEvent('ssk-guard-guard-hello', { relatedTarget: document.body }));
        for (let t = 0; t < 10; t++)
          for (const target of [window, document, document.body, n])
            target.dispatchEvent(new CustomEvent('ssk-guard-answer', { detail: JSON.stringify({ t, go: true }) }));
        attack.push('done');
      }, 900);
    }
  }).observe(document.documentElement, { childList: true });`;

// A web component with a closed shadow root holding its form (the page keeps the only reference),
// and a parser-built (declarative) one.
const SHADOW_SCRIPT = `
  const root = document.getElementById('host').attachShadow({ mode: 'closed' });
  root.innerHTML = ${JSON.stringify(myNumberForm('/apply/shadow'))};
  window.shadowForm = root.querySelector('form');`;
const DECLARATIVE = `<div id="declared"><template shadowrootmode="open">${myNumberForm('/apply/declared')}</template></div>`;

class Dialog {
  constructor(
    private readonly tab: Tab,
    private readonly frameUrl?: string,
  ) {}
  /** The dialog of the top document, or of the frame whose URL starts with `frameUrl`. */
  static async of(tab: Tab, frameUrl?: string) {
    return new Dialog(tab, frameUrl);
  }
  find(testid = 'form-dialog') {
    return this.tab.findDeep(testid, this.frameUrl);
  }
  async waitOpen(timeout = 10_000): Promise<{ mode: string; text: string }> {
    const start = Date.now();
    for (;;) {
      const n = await this.find();
      if (n) return { mode: n.attributes['data-mode'] ?? '', text: n.text };
      if (Date.now() - start > timeout) throw new Error('no dialog');
      await sleep(100);
    }
  }
  async isOpen() {
    return (await this.find()) !== null;
  }
  /** Polls until the dialog is gone (it closes as the page's document is told, a moment after the key or click). */
  async waitClosed(timeout = 10_000) {
    const start = Date.now();
    while (await this.isOpen()) {
      if (Date.now() - start > timeout) throw new Error('the dialog stayed open');
      await sleep(100);
    }
  }
  async text(testid: string) {
    return (await this.find(testid))?.text ?? null;
  }
  /** A real mouse click at the button's centre (the top frame only). */
  async click(testid: string) {
    await this.tab.clickDeep(testid);
  }
}

// Requests since the current case began (one server serves the whole file).
let mark = 0;
const posts = (s: TestServer, host: string, path?: string) =>
  s.requests
    .slice(mark)
    .filter((r) => r.method === 'POST' && r.host === host && (path === undefined || r.url === path));

async function settle(_tab: Tab, ms = 600) {
  await sleep(ms);
}
const filesChosen = (tab: Tab) => tab.evaluate(() => (document.querySelector('#f') as HTMLInputElement).files!.length);

const audit = auditLog;

describe.each(BROWSERS)('form guard in %s, built-in SSK default', (name) => {
  let server: TestServer;
  let b: GuardBrowser;
  let page: Tab;

  beforeAll(async () => {
    server = await startTestServer();
    const serve = (host: string, pages: Record<string, string>) =>
      server.route(host, (req, res) => {
        const path = (req.url ?? '/').split('?')[0]!;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(pages[path] ?? html(`${host}${req.url}`, ''));
      });
    serve('www.ssk.or.jp', {
      '/login': html('login', loginForm('/session')),
      '/upload': html('upload', UPLOAD_BODY, UPLOAD_SCRIPT),
    });
    serve('forms.example.net', {
      '/apply': html('apply', myNumberForm('/apply/draft')),
      '/frame': html('frame', loginForm('/session')),
      '/script': html(
        'script',
        myNumberForm('/apply/draft') + '<input form="apply" name="submit" type="hidden" value="shadowing">',
      ),
      '/api': html('api', '<p>script posts</p>'),
      '/attack': html('attack', myNumberForm('/apply/draft'), ATTACK_SCRIPT),
      '/shadow': html('shadow', '<div id="host"></div>' + DECLARATIVE, SHADOW_SCRIPT),
    });
    serve('portal.example.com', {
      '/lookalike-post': html('portal', loginForm('https://ssk.or.jp.example.net/login')),
      '/framed': html(
        'portal',
        '<iframe id="f" src="https://forms.example.net/frame" style="width:900px;height:640px"></iframe>',
      ),
      '/framed-lookalike': html(
        'portal',
        '<iframe id="f" src="https://www.ssk-or-jp.com/login" style="width:900px;height:640px"></iframe>',
      ),
    });
    serve('www.ssk-or-jp.com', { '/login': html('login', loginForm('/session')) });
    serve('search.example.com', {
      '/': html('search', '<form id="s" action="/search"><input name="q"><button id="go">検索</button></form>'),
      '/comment': html(
        'comment',
        '<form id="c" method="post" action="/comment/post"><input name="who"><textarea name="text"></textarea><button id="go">投稿</button></form>',
      ),
    });
    serve('upload.example.com', { '/': html('upload', UPLOAD_BODY, UPLOAD_SCRIPT) });
    b = await launch(name, { serverPort: server.port });
    // The policy in force (managed storage read): until then the background's first verdicts wait for it.
    await waitInExtension(b, async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
    page = await b.newTab();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });
  beforeEach(async () => {
    // every case starts on a fresh page: no dialog left over from the one before
    await page.close();
    page = await b.newTab();
    mark = server.requests.length;
  });

  it('https password form on www.ssk.or.jp: no dialog, the server receives it once', async () => {
    await page.goto('https://www.ssk.or.jp/login');
    await page.fill('input[name=user]', 'taro');
    await page.fill('input[name=password]', PASSWORD);
    const d = await Dialog.of(page);
    await page.click('#go');
    await page.waitForUrl('https://www.ssk.or.jp/session');
    expect(await d.isOpen()).toBe(false);
    const got = posts(server, 'www.ssk.or.jp', '/session');
    expect(got).toHaveLength(1);
    expect(got[0]!.secure).toBe(true);
    expect(got[0]!.body).toContain('op=login');
  });

  it('the same form over http is blocked: a notice, and the server receives nothing', async () => {
    const before = posts(server, 'www.ssk.or.jp').length;
    await page.goto('http://www.ssk.or.jp/login');
    expect(await page.url()).toBe('http://www.ssk.or.jp/login');
    await page.fill('input[name=user]', 'taro');
    await page.fill('input[name=password]', PASSWORD);
    const d = await Dialog.of(page);
    await page.click('#go');
    const shown = await d.waitOpen();
    expect(shown.mode).toBe('block');
    expect(shown.text).toContain('8.1.1(5)(f)(ｱ)');
    expect(shown.text).toContain('暗号化されていません');
    expect(await d.find('send')).toBeNull(); // a block cannot be confirmed
    await settle(page);
    expect(posts(server, 'www.ssk.or.jp').length).toBe(before);
    expect(await page.url()).toBe('http://www.ssk.or.jp/login');
    await d.click('close');
    await d.waitClosed();
    expect(await page.inputValue('input[name=password]')).toBe(PASSWORD);
    const events = await waitForAudit(b, (l) => l.some((e) => e.kind === 'block' && e.rule === 'insecure-transport'));
    expect(events.find((e) => e.kind === 'block' && e.rule === 'insecure-transport')).toMatchObject({
      clause: '8.1.1(5)(f)(ｱ)',
      target: 'www.ssk.or.jp',
      detail: { path: 'submit', fields: 'password,credential-autocomplete' },
    });
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it('a My Number to an unknown domain asks; cancel sends nothing, confirm sends once with the same submitter', async () => {
    await page.goto('https://forms.example.net/apply');
    await page.fill('#mynumber', MY_NUMBER);
    const d = await Dialog.of(page);
    await page.click('#send');
    let shown = await d.waitOpen();
    expect(shown.mode).toBe('confirm');
    expect(shown.text).toContain('example.net');
    expect(shown.text).toContain('既知の組織の一覧にありません');
    expect(shown.text).toContain('マイナンバー');
    expect(shown.text).toContain('8.1.1(5)(f)(ｲ)');
    expect(shown.text).toContain('暗号化されています');
    await settle(page, 700);
    // Cancel: with the default button, by the keyboard.
    await page.press('Enter');
    await d.waitClosed();
    await settle(page);
    expect(posts(server, 'forms.example.net')).toHaveLength(0);
    expect(await page.inputValue('#mynumber')).toBe(MY_NUMBER);
    // Confirm: a real click on the confirmation.
    await page.click('#send');
    shown = await d.waitOpen();
    await waitArmed(page); // the confirmation arms itself after a moment
    await d.click('send');
    await page.waitForUrl('https://forms.example.net/apply/final');
    const got = posts(server, 'forms.example.net');
    expect(got).toHaveLength(1);
    expect(got[0]!.url).toBe('/apply/final');
    expect(got[0]!.body).toContain('op=send');
    expect(got[0]!.body).toContain(`mynumber=${encodeURIComponent(MY_NUMBER)}`);
    await settle(page);
    expect(posts(server, 'forms.example.net')).toHaveLength(1);
    // warn, cancel and confirm are each written by the background after the page told it
    const has = (l: { kind: string; rule?: string }[], kind: string) =>
      l.some((e) => e.rule === 'unknown-organization' && e.kind === kind);
    const events = await waitForAudit(b, (l) => ['warn', 'cancel', 'confirm'].every((k) => has(l, k)));
    const kinds = events.filter((e) => e.rule === 'unknown-organization').map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['warn', 'cancel', 'confirm']));
    // kinds of fields only: never the number itself, in any spelling
    for (const v of [MY_NUMBER, MY_NUMBER.replace(/-/g, ''), encodeURIComponent(MY_NUMBER)])
      expect(JSON.stringify(events)).not.toContain(v);
    expect(events.find((e) => e.kind === 'confirm')?.detail?.fields).toBe('my-number');
  });

  it('a form posting to a look-alike domain is blocked, and nothing is sent', async () => {
    await page.goto('https://portal.example.com/lookalike-post');
    await page.fill('input[name=password]', PASSWORD);
    const d = await Dialog.of(page);
    await page.click('#go');
    const shown = await d.waitOpen();
    expect(shown.mode).toBe('block');
    expect(shown.text).toContain('ssk.or.jp');
    expect(shown.text).toContain('8.1.1(5)(f)(ｲ), 6.6.2(2)');
    await settle(page);
    expect(server.requests.slice(mark).filter((r) => r.host === 'ssk.or.jp.example.net')).toHaveLength(0);
  });

  it('a form on a look-alike page inside an iframe is blocked in that frame', async () => {
    await page.goto('https://portal.example.com/framed-lookalike');
    const frame = await page.frame('https://www.ssk-or-jp.com/');
    await frame.waitFor('#go');
    await frame.fill('input[name=password]', PASSWORD);
    const d = await Dialog.of(page, 'https://www.ssk-or-jp.com/');
    await frame.click('#go');
    const shown = await d.waitOpen();
    expect(shown.mode).toBe('block');
    expect(shown.text).toContain('ssk.or.jp');
    expect(shown.text).toContain('6.6.2(2)');
    await settle(page);
    expect(posts(server, 'www.ssk-or-jp.com')).toHaveLength(0);
  });

  it('a search form shows nothing and goes at once; so does a POST that carries nothing sensitive', async () => {
    await page.goto('https://search.example.com/');
    await page.fill('input[name=q]', '診療報酬 2026');
    const d = await Dialog.of(page);
    await page.click('#go');
    await page.waitForUrl(/search\?q=/);
    expect(await d.isOpen()).toBe(false);
    expect(
      server.requests.slice(mark).filter((r) => r.host === 'search.example.com' && r.url.startsWith('/search?q=')),
    ).toHaveLength(1);
    await page.goto('https://search.example.com/comment');
    await page.fill('input[name=who]', 'taro');
    await page.fill('textarea[name=text]', 'よろしくお願いします');
    await page.click('#go');
    await page.waitForUrl('https://search.example.com/comment/post');
    expect(posts(server, 'search.example.com', '/comment/post')).toHaveLength(1);
  });

  it('form.submit() is caught (even called through the prototype when a field shadows it)', async () => {
    await page.goto('https://forms.example.net/script');
    await page.fill('#mynumber', MY_NUMBER);
    const d = await Dialog.of(page);
    await page.evaluate(() => {
      const form = document.getElementById('apply') as HTMLFormElement;
      setTimeout(() => HTMLFormElement.prototype.submit.call(form), 0);
    });
    expect((await d.waitOpen()).mode).toBe('confirm');
    await page.press('Escape');
    await settle(page);
    expect(posts(server, 'forms.example.net')).toHaveLength(0);
    await page.evaluate(() =>
      setTimeout(() => HTMLFormElement.prototype.submit.call(document.getElementById('apply')), 0),
    );
    await d.waitOpen();
    await waitArmed(page);
    await d.click('send');
    await page.waitForUrl('https://forms.example.net/apply/draft');
    const got = posts(server, 'forms.example.net', '/apply/draft');
    expect(got).toHaveLength(1);
    expect(got[0]!.body).toContain('mynumber=');
  });

  it('fetch, XMLHttpRequest and sendBeacon posts are caught; nothing leaves without the user, once with', async () => {
    await page.goto('https://forms.example.net/api');
    const d = await Dialog.of(page);
    // A post carrying nothing sensitive goes straight through.
    expect(
      await page.evaluate(() =>
        fetch('/api/ping', { method: 'POST', body: JSON.stringify({ view: '/top' }) }).then((r) => r.status),
      ),
    ).toBe(200);
    expect(posts(server, 'forms.example.net', '/api/ping')).toHaveLength(1);

    // fetch: cancel → rejected, nothing sent; confirm → sent once.
    const body = JSON.stringify({ name: '山田', mynumber: '123456789018' });
    await page.evaluate((b) => {
      (window as unknown as { r1: Promise<string> }).r1 = fetch('/api/fetch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: b,
      }).then(
        (r) => `status ${r.status}`,
        (e: Error) => `error ${e.message}`,
      );
    }, body);
    expect((await d.waitOpen()).text).toContain('マイナンバー');
    await page.press('Enter');
    expect(await page.evaluate(() => (window as unknown as { r1: Promise<string> }).r1)).toMatch(/^error /);
    expect(posts(server, 'forms.example.net', '/api/fetch')).toHaveLength(0);
    await page.evaluate((b) => {
      (window as unknown as { r2: Promise<string> }).r2 = fetch('/api/fetch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: b,
      }).then(
        (r) => `status ${r.status}`,
        (e: Error) => `error ${e.message}`,
      );
    }, body);
    await d.waitOpen();
    await waitArmed(page);
    await d.click('send');
    expect(await page.evaluate(() => (window as unknown as { r2: Promise<string> }).r2)).toBe('status 200');
    const sent = posts(server, 'forms.example.net', '/api/fetch');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(body);

    // XMLHttpRequest: cancel → an error event, nothing sent.
    await page.evaluate(() => {
      const x = new XMLHttpRequest();
      (window as unknown as { r3: Promise<string> }).r3 = new Promise((resolve) => {
        x.onload = () => resolve('load');
        x.onerror = () => resolve('error');
      });
      x.open('post', '/api/xhr');
      x.send(new URLSearchParams({ card: '4111 1111 1111 1111' }));
    });
    expect((await d.waitOpen()).text).toContain('クレジットカード番号');
    await page.press('Escape');
    expect(await page.evaluate(() => (window as unknown as { r3: Promise<string> }).r3)).toBe('error');
    expect(posts(server, 'forms.example.net', '/api/xhr')).toHaveLength(0);

    // sendBeacon: held while the user decides, sent once on confirmation.
    await page.evaluate(() => {
      const fd = new FormData();
      fd.append('doc', new File(['x'], '要機密_名簿.xlsx'));
      (window as unknown as { r4: boolean }).r4 = navigator.sendBeacon('/api/beacon', fd);
    });
    const shown = await d.waitOpen();
    // a marked file to a site that is neither the organisation's nor approved: blocked outright
    expect(shown.mode).toBe('block');
    expect(shown.text).toContain('要機密_名簿.xlsx');
    await settle(page);
    expect(posts(server, 'forms.example.net', '/api/beacon')).toHaveLength(0);
    await page.press('Escape');

    await page.evaluate(() => navigator.sendBeacon('/api/beacon', new URLSearchParams({ password: 'p4ssw0rd!' })));
    await d.waitOpen();
    await waitArmed(page);
    await d.click('send');
    for (let i = 0; i < 150 && posts(server, 'forms.example.net', '/api/beacon').length === 0; i++)
      await settle(page, 100);
    await settle(page);
    expect(posts(server, 'forms.example.net', '/api/beacon')).toHaveLength(1);
  });

  it('what is judged is what is sent: a body getter cannot answer twice, padding and Blobs do not hide data', async () => {
    await page.goto('https://forms.example.net/api');
    const d = await Dialog.of(page);
    // The secret on the first reading only: the innocent second reading is judged, and it is what goes.
    const sent = await page.evaluate(async () => {
      let n = 0;
      const init = {
        method: 'POST',
        get body() {
          return n++ === 0 ? 'mynumber=123456789018' : 'q=hello';
        },
      };
      return (await fetch('/api/toctou', init as RequestInit)).status;
    });
    expect(sent).toBe(200);
    expect(posts(server, 'forms.example.net', '/api/toctou').map((r) => r.body)).toEqual(['q=hello']);
    expect(await d.isOpen()).toBe(false);
    // The other way round: the secret is what would go, so it is what is judged.
    await page.evaluate(() => {
      let n = 0;
      const init = {
        method: 'POST',
        get body() {
          return n++ === 0 ? 'q=hello' : 'mynumber=123456789018';
        },
      };
      void fetch('/api/toctou2', init as RequestInit).catch(() => undefined);
    });
    expect((await d.waitOpen()).text).toContain('マイナンバー');
    await page.press('Escape');
    // A megabyte of padding before the secret: the body cannot be read in full, so it is asked about.
    await page.evaluate(() => {
      void fetch('/api/pad', { method: 'POST', body: 'x'.repeat(1_200_000) + '&mynumber=123456789018' }).catch(
        () => undefined,
      );
    });
    expect((await d.waitOpen()).text).toContain('全体を確認できない');
    await page.press('Escape');
    // A Blob beacon is read before it may go.
    await page.evaluate(() =>
      navigator.sendBeacon(
        '/api/blob',
        new Blob([JSON.stringify({ mynumber: '123456789018' })], { type: 'application/json' }),
      ),
    );
    expect((await d.waitOpen()).text).toContain('マイナンバー');
    await page.press('Escape');
    await settle(page);
    for (const path of ['/api/toctou2', '/api/pad', '/api/blob'])
      expect(posts(server, 'forms.example.net', path)).toHaveLength(0);
  });

  it('a fresh frame’s pristine fetch is caught too, and its dialog covers the page', async () => {
    await page.goto('https://forms.example.net/api');
    const d = await Dialog.of(page);
    await page.evaluate(() => {
      const f = document.createElement('iframe');
      document.body.append(f);
      const fresh = f.contentWindow as Window & typeof globalThis;
      (window as unknown as { r: Promise<string> }).r = fresh
        .fetch('/api/realm', { method: 'POST', body: 'mynumber=123456789018' })
        .then(
          () => 'sent',
          () => 'stopped',
        );
    });
    expect((await d.waitOpen()).mode).toBe('confirm');
    // shown in the page's own document, not squeezed into the 300×150 frame
    expect(
      await page.evaluate(() =>
        [...document.documentElement.children].some((e) => (e as HTMLElement).style.zIndex === '2147483647'),
      ),
    ).toBe(true);
    await page.press('Escape');
    expect(await page.evaluate(() => (window as unknown as { r: Promise<string> }).r)).toBe('stopped');
    expect(posts(server, 'forms.example.net', '/api/realm')).toHaveLength(0);
  });

  it('forms inside shadow trees are caught: a closed one by submit and by form.submit(), a declarative one once focused', async () => {
    await page.goto('https://forms.example.net/shadow');
    const d = await Dialog.of(page);
    type W = { shadowForm: HTMLFormElement };
    await page.evaluate((n) => {
      const form = (window as unknown as W).shadowForm;
      (form.querySelector('#mynumber') as HTMLInputElement).value = n;
      setTimeout(() => form.requestSubmit(form.querySelector('#send') as HTMLButtonElement), 0);
    }, MY_NUMBER);
    expect((await d.waitOpen()).mode).toBe('confirm');
    await page.press('Escape');
    await page.evaluate(() =>
      setTimeout(() => HTMLFormElement.prototype.submit.call((window as unknown as W).shadowForm), 0),
    );
    expect((await d.waitOpen()).mode).toBe('confirm');
    await page.press('Escape');
    // The parser-built tree: the user focuses its field first, as anyone filling it in does.
    const [x, y] = await page.evaluate(() => {
      const r = document.getElementById('declared')!.shadowRoot!.querySelector('#mynumber')!.getBoundingClientRect();
      return [r.x + r.width / 2, r.y + r.height / 2];
    });
    await page.clickAt(x!, y!);
    await page.type(MY_NUMBER);
    await page.evaluate(() => {
      const form = document.getElementById('declared')!.shadowRoot!.querySelector('form')!;
      setTimeout(() => form.requestSubmit(), 0);
    });
    expect((await d.waitOpen()).mode).toBe('confirm');
    await page.press('Escape');
    await settle(page);
    expect(posts(server, 'forms.example.net')).toHaveLength(0);
  });

  it('a form in a cross-site iframe is caught in that frame', async () => {
    await page.goto('https://portal.example.com/framed');
    const frame = await page.frame('https://forms.example.net/');
    await frame.waitFor('#go');
    await frame.fill('input[name=password]', PASSWORD);
    const d = await Dialog.of(page, 'https://forms.example.net/');
    await frame.click('#go');
    const shown = await d.waitOpen();
    expect(shown.mode).toBe('confirm');
    expect(shown.text).toContain('example.net');
    expect(shown.text).toContain('パスワード');
    await page.press('Enter'); // the default: do not send
    await d.waitClosed();
    await settle(page);
    expect(posts(server, 'forms.example.net')).toHaveLength(0);
  });

  it('a page script cannot confirm: not by clicks, keys, coordinates or forged channel messages', async () => {
    await page.goto('https://forms.example.net/attack');
    await page.fill('#mynumber', MY_NUMBER);
    const d = await Dialog.of(page);
    await page.click('#save');
    expect((await d.waitOpen()).mode).toBe('confirm');
    for (
      let i = 0;
      i < 100 && !(await page.evaluate(() => (window as unknown as { attack: string[] }).attack.includes('done')));
      i++
    )
      await sleep(100);
    await settle(page);
    const attack = await page.evaluate(() => (window as unknown as { attack: string[] }).attack);
    expect(attack).toContain('shadowRoot:null');
    expect(attack).toContain('attach:NotSupportedError');
    expect(await d.isOpen()).toBe(true);
    expect(posts(server, 'forms.example.net')).toHaveLength(0);
    await page.press('Escape');
    await d.waitClosed();
    await settle(page);
    expect(posts(server, 'forms.example.net')).toHaveLength(0);
  });

  it('a marked file chosen or dropped on an unapproved site is held back and named; others pass', async () => {
    await page.goto('https://upload.example.com/');
    const d = await Dialog.of(page);
    await page.chooseFiles('#f', [{ name: '【秘】職員名簿.xlsx', content: 'x' }]);
    const shown = await d.waitOpen();
    expect(shown.mode).toBe('upload');
    expect(shown.text).toContain('【秘】職員名簿.xlsx');
    expect(shown.text).toContain('8.1.1(5)(f)(ｲ)');
    expect(await filesChosen(page)).toBe(0);
    await page.press('Escape');
    await settle(page, 300);
    await page.chooseFiles('#f', [{ name: '議事録.docx', content: 'x' }]);
    await waitInTab(page, () => (window as unknown as { seen: string[] }).seen.includes('change:議事録.docx'));
    expect(await filesChosen(page)).toBe(1);
    const drop = (name: string) =>
      page.evaluate((n) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['x'], n));
        document
          .getElementById('drop')!
          .dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
      }, name);
    await drop('機密性2_予算.pdf');
    expect((await d.waitOpen()).text).toContain('機密性2_予算.pdf');
    await page.press('Escape');
    await drop('案内.pdf');
    await waitInTab(page, () => (window as unknown as { seen: string[] }).seen.includes('drop:案内.pdf'));
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.join()).not.toMatch(/秘|機密性2/);
    expect(seen).toContain('change:議事録.docx');
    expect(seen).toContain('drop:案内.pdf');
    const fileBlocks = (l: AuditEvent[]) =>
      l.filter((e) => e.kind === 'block' && e.detail?.path !== undefined && ['upload', 'drop'].includes(e.detail.path));
    const blocks = fileBlocks(await waitForAudit(b, (l) => fileBlocks(l).length >= 2));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks[0]).toMatchObject({ rule: 'unknown-organization', detail: { files: '1' } });
    expect(JSON.stringify(blocks)).not.toContain('職員名簿');
  });

  it('a marked file stays chosen on the organisation’s own site', async () => {
    await page.goto('https://www.ssk.or.jp/upload');
    await page.chooseFiles('#f', [{ name: '【秘】職員名簿.xlsx', content: 'x' }]);
    for (let i = 0; i < 100 && (await filesChosen(page)) === 0; i++) await settle(page, 100);
    expect(await filesChosen(page)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toContain(
      'change:【秘】職員名簿.xlsx',
    );
  });
});
