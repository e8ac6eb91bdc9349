// The add-in's pictures in docs/, taken on purpose (tests change no tracked file): the task pane as
// the user meets it (per-domain ticks; the Bcc guard with its one-click fix) in real Chromium with
// the fake Office, and each new Smart Alert text drawn as Outlook's dialog shows it, from the very
// text the send handler gives (the send decision in shared/mail/). Run: node scripts/addin-screenshots.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import prettier from 'prettier';
import { judgeMessage } from '../shared/mail/judge.ts';
import { sendDecision } from '../shared/mail/send-decision.ts';
import type { MessageFacts } from '../shared/mail/types.ts';
import { compilePolicy } from '../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../shared/policy/default.ts';
import type { FakeMessage } from '../test/unit/addin/fake-office.ts';
import { pathToFileURL } from 'node:url';

// The plain-JavaScript build and server, loaded from the repository at run time (never bundled).
const script = (name: string) => pathToFileURL(resolve('scripts', name)).href;
const { buildAddin } = (await import(script('build-addin.mjs'))) as {
  buildAddin(o: { outDir: string; writeRepoManifests: boolean }): Promise<unknown>;
};
const { serveAddin } = (await import(script('serve-addin.mjs'))) as {
  serveAddin(o: { port: number; dir: string }): Promise<Server>;
};

const DOCS = resolve('docs');
const compiled = compilePolicy(SSK_DEFAULT_POLICY);

async function fakeLibrary(): Promise<string> {
  const r = await build({
    entryPoints: [resolve('test/unit/addin/fake-office.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'FakeOfficeLibrary',
    write: false,
  });
  return r.outputFiles[0]!.text;
}

async function pane(
  browser: Browser,
  origin: string,
  lib: string,
  message: FakeMessage,
  file: string,
  before?: string[],
) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 900 },
    locale: 'ja-JP',
    deviceScaleFactor: 2,
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === 'appsforoffice.microsoft.com')
      return route.fulfill({ contentType: 'text/javascript', body: '' });
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort();
  });
  await context.addInitScript({
    content: `${lib}
      window.__fake = FakeOfficeLibrary.createFakeOffice(${JSON.stringify({ message })});
      window.Office = window.__fake.Office; window.OfficeRuntime = window.__fake.OfficeRuntime;`,
  });
  const page = await context.newPage();
  await page.goto(`${origin}/taskpane.html`);
  await page.waitForSelector('#status');
  for (const selector of before ?? []) await page.click(selector);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 360, height });
  await page.screenshot({ path: join(DOCS, file) });
  await context.close();
  console.log(`docs/${file}`);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Outlook's Smart Alerts dialog, approximately: title, the text (plain, line breaks kept), buttons. */
function dialog(text: string, prompt: boolean): string {
  return `<!doctype html><meta charset="utf-8"><style>
    body{margin:0;background:#e9ebee;font:14px 'Segoe UI','Yu Gothic UI','IPAGothic','Noto Sans CJK JP',sans-serif;color:#1d2129}
    .d{width:560px;margin:16px;background:#fff;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.2);padding:18px 22px}
    h1{font-size:16px;margin:0 0 10px}p{white-space:pre-wrap;margin:0 0 16px;line-height:1.5}
    .b{display:flex;gap:8px;justify-content:flex-end}.b span{border:1px solid #8a8886;border-radius:3px;padding:5px 14px}
    .b .p{background:#1f4e9c;border-color:#1f4e9c;color:#fff}small{color:#5f6673}</style>
    <div class="d"><h1>ssk-guard 送信チェック</h1><p>${esc(text)}</p>
    <div class="b">${prompt ? '<span>送信する / Send Anyway</span>' : ''}<span class="p">確認する / Review</span><span>閉じる / Close</span></div>
    <small>${text.length} / 500</small></div>`;
}

const alerts: [string, MessageFacts][] = [
  [
    'many-external-recipients',
    {
      from: 'taro@ssk.or.jp',
      subject: '説明会のご案内',
      attachments: [],
      recipients: Array.from({ length: 12 }, (_, i) => ({
        address: `user${i}@partner${i % 3}.co.jp`,
        field: 'to' as const,
      })),
      confirmedDomains: ['partner0.co.jp', 'partner1.co.jp', 'partner2.co.jp'],
    },
  ],
  [
    'forward-to-personal',
    {
      from: 'taro@ssk.or.jp',
      subject: '転送：来年度の予算案',
      attachments: [],
      recipients: [{ address: 'taro.home@gmail.com', field: 'to' }],
    },
  ],
  [
    'new-external-domain',
    {
      from: 'taro@ssk.or.jp',
      subject: 'ＲＥ：打合せの件',
      attachments: [],
      recipients: [
        { address: 'suzuki@partner.co.jp', field: 'to' },
        { address: 'x@new-party.example', field: 'cc' },
      ],
      original: { addresses: ['suzuki@partner.co.jp'] },
      confirmedDomains: ['partner.co.jp'],
    },
  ],
  [
    'unencrypted-confidential-body',
    {
      from: 'taro@ssk.or.jp',
      subject: 'ご本人確認',
      attachments: [],
      recipients: [{ address: 'tanaka@partner.co.jp', field: 'to' }],
      body: { text: '田中様 個人番号: 1234 5678 9018 【要機密】' },
      confirmedDomains: ['partner.co.jp'],
    },
  ],
  [
    'link-text-mismatch',
    {
      from: 'taro@ssk.or.jp',
      subject: 'ログインのお願い',
      attachments: [],
      recipients: [{ address: 'hanako@ssk.or.jp', field: 'to' }],
      body: { html: '<a href="https://login.example.net/">https://www.ssk.or.jp/login</a>' },
    },
  ],
  [
    'weak-encryption',
    {
      from: 'taro@ssk.or.jp',
      subject: '名簿の送付',
      recipients: [{ address: 'tanaka@partner.co.jp', field: 'to' }],
      attachments: [
        {
          name: '名簿.zip',
          kind: 'file',
          report: {
            format: 'zip',
            encrypted: true,
            executable: false,
            confidentialMarker: false,
            encryption: 'zipcrypto',
          },
        },
      ],
      confirmedDomains: ['partner.co.jp'],
    },
  ],
  [
    'shortener-in-body',
    {
      from: 'taro@ssk.or.jp',
      subject: '資料',
      attachments: [],
      recipients: [{ address: 'hanako@ssk.or.jp', field: 'to' }],
      body: { html: '<p>資料は<a href="https://bit.ly/3abcdef">こちら</a></p>' },
    },
  ],
];

const dir = mkdtempSync(join(tmpdir(), 'ssk-shots-'));
let server: Server | undefined;
let browser: Browser | undefined;
try {
  await buildAddin({ outDir: dir, writeRepoManifests: false });
  server = (await serveAddin({ port: 0, dir })) as Server;
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lib = await fakeLibrary();
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--ignore-certificate-errors',
    ],
  });
  await pane(
    browser,
    origin,
    lib,
    {
      from: 'taro.yamada@ssk.or.jp',
      subject: '来年度の打合せ資料',
      to: [
        { emailAddress: 'hanako.sato@ssk.or.jp', displayName: '佐藤 花子' },
        { emailAddress: 'suzuki@mhlw.go.jp', displayName: '鈴木' },
        { emailAddress: 'tanaka@partner-corp.co.jp' },
      ],
      cc: [{ emailAddress: 'yamada.private@gmail.com' }],
      html: '<p>資料をお送りします。</p>',
      attachments: [
        { id: 'a1', name: '議事録.pdf', size: 568, content: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') },
      ],
    },
    'taskpane.png',
    ['input[data-domain="mhlw.go.jp"]', 'input[data-domain="gmail.com"]'],
  );
  await pane(
    browser,
    origin,
    lib,
    {
      from: 'taro.yamada@ssk.or.jp',
      subject: '説明会のご案内',
      to: [
        { emailAddress: 'a@partner-a.co.jp', displayName: '株式会社A 御担当者様' },
        { emailAddress: 'b@partner-b.co.jp' },
        { emailAddress: 'c@partner-c.co.jp' },
      ],
      cc: [
        { emailAddress: 'd@partner-d.co.jp' },
        { emailAddress: 'e@partner-e.co.jp' },
        { emailAddress: 'hanako.sato@ssk.or.jp' },
      ],
      html: '<p>説明会のご案内です。</p>',
      attachments: [],
    },
    'taskpane-bcc.png',
  );
  const page = await browser.newPage({ viewport: { width: 600, height: 400 }, deviceScaleFactor: 2 });
  const texts: string[] = [];
  for (const [name, facts] of alerts) {
    const d = sendDecision(judgeMessage(compiled, facts), { promptUser: true, markdown: true });
    await page.setContent(dialog(d.alert.plain, d.outcome === 'prompt'));
    const box = await page.locator('.d').boundingBox();
    await page.screenshot({
      path: join(DOCS, `smart-alert-${name}.png`),
      clip: { x: 0, y: 0, width: 600, height: Math.ceil(box!.y + box!.height + 16) },
    });
    texts.push(`## ${name} (${d.outcome}, ${d.alert.plain.length} / 500)\n\n\`\`\`text\n${d.alert.plain}\n\`\`\`\n`);
    console.log(`docs/smart-alert-${name}.png (${d.alert.plain.length} characters)`);
  }
  const md = join(DOCS, 'smart-alerts.md');
  const text = `# Smart Alerts の文面 / Smart Alert texts\n\n\`node scripts/addin-screenshots.mjs\` が送信判定（shared/mail/send-decision.ts）から生成します。 / Generated from the send decision.\n\n${texts.join('\n')}`;
  // Laid out as the repository's formatter would, so taking the pictures again changes nothing else.
  writeFileSync(md, await prettier.format(text, { ...((await prettier.resolveConfig(md)) ?? {}), parser: 'markdown' }));
} finally {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  rmSync(dir, { recursive: true, force: true });
}
