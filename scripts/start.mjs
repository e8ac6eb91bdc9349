// `npm start`: after the build, run the main job on the built-in SSK default policy:
// the command line judges sample URLs, then Chromium starts with the built extension, its service
// worker reports the policy in force, and the browser visits a short link and a form with a My Number
// (served locally) — screenshots of the block page and the form dialog go to .output/start/. With a
// display the browser is a window that stays open to try it; without one it runs headless.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SAMPLES = [
  'https://www.ssk.or.jp/',
  'https://bit.ly/abc',
  'https://drive.google.com/',
  'https://ssk.or.jp.example.net/',
  'https://www.mhlw.go.jp/',
];

console.log('== ssk-guard: コマンドラインの判定 / command-line verdicts (built-in SSK default policy)\n');
spawnSync(process.execPath, ['cli/bin.mjs', 'url', ...SAMPLES], { stdio: 'inherit' });

const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(chrome)) {
  console.log(`\nChromium が見つかりません / Chromium not found at ${chrome}: install it (apt-get install chromium) or set CHROME_PATH to load the extension.`);
  process.exit(0);
}

const { chromium } = await import('playwright-core');
const { serveDemoPages, showcase } = await import('./demo-pages.mjs');
const extension = resolve('.output/chrome-mv3');
const headed = Boolean(process.env.DISPLAY) && !process.env.CI;
const demo = await serveDemoPages();
const profile = mkdtempSync(join(tmpdir(), 'ssk-start-'));
console.log(`\n== 拡張機能を Chromium に読み込みます / loading the extension into Chromium (${headed ? 'window' : 'headless'})`);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chrome,
  headless: !headed,
  args: [
    ...(headed ? [] : ['--headless=new']),
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    ...demo.args,
  ],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
let status;
for (let i = 0; i < 100 && !status; i++) {
  status = await worker.evaluate(async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
  if (!status) await new Promise((r) => setTimeout(r, 100));
}
console.log(`拡張機能 ID / extension id: ${new URL(worker.url()).host}`);
console.log(`ポリシー / policy in force: ${status?.version} — ${status?.organization} (layers: ${status?.applied?.join(' < ')})`);
if (status?.rejected?.length) console.log('却下された層 / rejected layers:', JSON.stringify(status.rejected));

console.log('\n== 利用者が見る画面 / what users see (screenshots)');
const shotDir = resolve('.output/start');
for (const shot of await showcase(context, new URL(worker.url()).host, shotDir))
  console.log(shot.file ? `${shot.what}: ${shot.file}  (${shot.url})` : `${shot.what}: 撮れませんでした / missed: ${shot.missed}`);


console.log('\n== Outlook アドインを HTTPS で配信します / serving the Outlook add-in over HTTPS for sideloading');
const { serveAddin } = await import('./serve-addin.mjs');
const server = await serveAddin({ port: Number(process.env.ADDIN_PORT ?? 3000) });
const { port: addinPort } = server.address();
console.log(`アドイン / add-in: https://localhost:${addinPort}/  マニフェスト / manifest: https://localhost:${addinPort}/manifest.xml`);
console.log('サイドロードの手順 / how to sideload: docs/addin.md');

// Interactive: keep the browser and the add-in server until the user stops. Unattended (no
// terminal, or CI): report and finish, so that `npm start` can run in scripts too.
if (process.stdout.isTTY && !process.env.CI) {
  console.log(headed ? '\nブラウザを閉じるか Ctrl+C で終了 / close the browser or press Ctrl+C to stop.' : '\nCtrl+C で終了 / press Ctrl+C to stop.');
  await new Promise((done) => {
    process.once('SIGINT', done);
    if (headed) context.on('close', done);
  });
}
await context.close().catch(() => undefined);
server.close();
demo.server.close();
rmSync(profile, { recursive: true, force: true });
