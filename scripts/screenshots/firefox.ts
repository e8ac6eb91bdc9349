// What users see in Firefox ESR, pictured for the README: the block page for a short link and the
// form dialog for a My Number sent to an unknown organisation. Run by scripts/screenshots-firefox.mjs.
import { launchFirefox } from '../../test/e2e/firefox.ts';
import { sleep, tid } from '../../test/e2e/driver.ts';
import { startTestServer } from '../../test/e2e/server.ts';

const FORM = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>申請フォーム</title></head>
<body style="font-family: sans-serif; margin: 2em"><h1>オンライン申請 / online application</h1>
<form method="post" action="/apply/final">
  <p><label>氏名 <input name="name" value="山田 太郎"></label></p>
  <p><label>個人番号 <input id="mynumber" name="mynumber"></label></p>
  <p><button id="send">申請する</button></p>
</form></body></html>`;

export async function main(outDir: string): Promise<string[]> {
  const server = await startTestServer();
  server.route('forms.example.net', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FORM);
  });
  const b = await launchFirefox({ proxyPort: server.port });
  const written: string[] = [];
  try {
    const tab = await b.newTab();
    await tab.goto('https://bit.ly/3xample');
    await tab.waitForUrl(`${b.origin}/blocked.html#shortener:`);
    await tab.waitFor(tid('title'));
    await sleep(300);
    await tab.screenshot(`${outDir}/firefox-blocked-shortener.png`);
    written.push(`${outDir}/firefox-blocked-shortener.png`);

    await tab.goto('https://forms.example.net/apply');
    await tab.fill('#mynumber', '1234-5678-9018');
    await tab.click('#send');
    for (let i = 0; i < 100 && !(await tab.findDeep('form-dialog')); i++) await sleep(100);
    if (!(await tab.findDeep('form-dialog'))) throw new Error('the form dialog did not open');
    await sleep(800);
    await tab.screenshot(`${outDir}/firefox-form-dialog.png`);
    written.push(`${outDir}/firefox-form-dialog.png`);
  } finally {
    await b.close();
    await server.close();
  }
  return written;
}
