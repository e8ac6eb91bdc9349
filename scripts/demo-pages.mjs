// `npm start`'s demonstration: a local HTTPS server standing in for two real host names (a shortener and
// an unknown site with a My Number form), and the walk that shows what users meet there — the block page
// and the form dialog — written as screenshots for a new admin to look at.
import { X509Certificate, createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { makeCertificate } from './serve-addin.mjs';

export const SHORT_LINK = 'https://bit.ly/ssk-demo';
export const FORM_PAGE = 'https://forms.example.net/apply';
const DEMO_HOSTS = ['bit.ly', 'forms.example.net'];
const MY_NUMBER = '1234-5678-9018'; // a made-up number whose check digit is right

const FORM_HTML = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>申請フォーム（デモ）</title>
<style>body{font:16px sans-serif;margin:2em}label{display:block;margin:.6em 0}</style></head><body>
<h1>外部サイトの申請フォーム（デモ） / an outside site's application form (demo)</h1>
<form method="post" action="/apply/final">
  <label>氏名 / name <input name="name" value="山田 太郎"></label>
  <label>個人番号 / My Number <input id="mynumber" name="mynumber"></label>
  <button id="send">申請する / apply</button>
</form></body></html>`;

/**
 * Serves the demo pages on loopback. Only the demo host names are mapped to it, and only its own
 * certificate is trusted (by its key's hash), so a browser window left open still browses normally.
 */
export async function serveDemoPages() {
  const tls = makeCertificate();
  const server = createServer(tls, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (host === 'forms.example.net' && req.url === '/apply') return res.end(FORM_HTML);
    res.end(`<!doctype html><meta charset="utf-8"><h1>${host}${req.url}</h1><p>届きました / received</p>`);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  const spki = new X509Certificate(tls.cert).publicKey.export({ type: 'spki', format: 'der' });
  return {
    server,
    args: [
      `--host-resolver-rules=${DEMO_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
      `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`,
    ],
  };
}

/** Is the guard's dialog on the page? It lives in a closed shadow root: only DevTools (CDP) sees into it. */
async function dialogShown(cdp) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const stack = [root];
  while (stack.length) {
    const n = stack.pop();
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === 'data-testid' && a[i + 1] === 'form-dialog') return true;
    stack.push(...(n.children ?? []), ...(n.shadowRoots ?? []));
  }
  return false;
}

/** Visits the short link and the form, writes one screenshot of each; returns what was written or missed. */
export async function showcase(context, extensionId, outDir) {
  mkdirSync(outDir, { recursive: true });
  const shots = [];
  const page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 760 }).catch(() => undefined);

  await page.goto(SHORT_LINK, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  const blocked = `chrome-extension://${extensionId}/blocked.html`;
  for (let i = 0; i < 100 && !page.url().startsWith(blocked); i++) await page.waitForTimeout(100);
  if (page.url().startsWith(blocked)) {
    await page.waitForLoadState('domcontentloaded');
    await page
      .getByTestId('title')
      .waitFor({ timeout: 5000 })
      .catch(() => undefined);
    const file = join(outDir, 'block-page.png');
    await page.screenshot({ path: file, fullPage: true });
    shots.push({ what: 'ブロック画面 / block page', file, url: SHORT_LINK });
  } else shots.push({ what: 'ブロック画面 / block page', missed: `${SHORT_LINK} was not blocked (${page.url()})` });

  const form = await context.newPage();
  await form.setViewportSize({ width: 1100, height: 760 }).catch(() => undefined);
  await form.goto(FORM_PAGE);
  await form.fill('#mynumber', MY_NUMBER);
  await form.click('#send');
  const cdp = await context.newCDPSession(form);
  let shown = false;
  for (let i = 0; i < 100 && !(shown = await dialogShown(cdp)); i++) await form.waitForTimeout(100);
  await cdp.detach();
  if (shown) {
    await form.waitForTimeout(300); // the dialog fades in
    const file = join(outDir, 'form-dialog.png');
    await form.screenshot({ path: file });
    shots.push({ what: 'フォームの確認ダイアログ / form dialog', file, url: FORM_PAGE });
  } else shots.push({ what: 'フォームの確認ダイアログ / form dialog', missed: `no dialog on ${FORM_PAGE}` });
  return shots;
}
