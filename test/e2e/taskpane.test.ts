// The task pane's built HTML in real Chromium with the fake Office injected: domains ticked by
// clicks, send enabled only once every outside domain is ticked and nothing blocks, sendAsync
// called. Served over HTTPS on loopback by scripts/serve-addin.mjs; office.js is never fetched
// from its CDN (the route answers it with nothing: the fake stands in its place).
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage, FakeOfficeOptions } from '../unit/addin/fake-office.ts';
import { base64Fixture } from '../unit/addin/setup.ts';
import { buildAddin } from '../unit/addin/build.ts';
import { chromiumPath } from './browser.ts';

const serveScript = '../../scripts/serve-addin.mjs';
const { serveAddin } = (await import(/* @vite-ignore */ serveScript)) as {
  serveAddin(o: { port: number; dir: string }): Promise<Server>;
};

let dir = '';
let server: Server;
let browser: Browser;
let origin = '';
let fakeLibrary = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ssk-taskpane-'));
  await buildAddin({ outDir: dir, writeRepoManifests: false });
  server = await serveAddin({ port: 0, dir });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake = await build({
    entryPoints: [resolve('test/unit/addin/fake-office.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'FakeOfficeLibrary',
    write: false,
  });
  fakeLibrary = fake.outputFiles[0]!.text;
  browser = await chromium.launch({
    executablePath: chromiumPath(),
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
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function openTaskPane(message: FakeMessage, extra: Partial<FakeOfficeOptions> = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 900 },
    locale: 'ja-JP',
    deviceScaleFactor: 2,
  });
  // Nothing leaves the machine: office.js answered empty, anything not on loopback refused.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === 'appsforoffice.microsoft.com')
      return route.fulfill({ contentType: 'text/javascript', body: '' });
    if (url.hostname === '127.0.0.1') return route.continue();
    return route.abort();
  });
  const options: FakeOfficeOptions = { message, ...extra };
  await context.addInitScript({
    content: `${fakeLibrary}
      window.__fake = FakeOfficeLibrary.createFakeOffice(${JSON.stringify(options)});
      window.Office = window.__fake.Office;
      window.OfficeRuntime = window.__fake.OfficeRuntime;`,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/taskpane.html`);
  await page.waitForSelector('#status');
  expect(errors).toEqual([]);
  return page;
}

const recipientsOf = (page: Page) =>
  page.evaluate(() => {
    const m = (window as unknown as { __fake: { message: Record<string, { emailAddress: string }[] | undefined> } })
      .__fake.message;
    const list = (f: string) => (m[f] ?? []).map((r) => r.emailAddress);
    return { to: list('to'), cc: list('cc'), bcc: list('bcc') };
  });

const sends = (page: Page) =>
  page.evaluate(() => (window as unknown as { __fake: { log: { sends: number } } }).__fake.log.sends);
const session = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __fake: { log: { session: Record<string, string> } } }).__fake.log.session,
  );

const message: FakeMessage = {
  from: 'taro.yamada@ssk.or.jp',
  subject: '来年度の打合せ資料',
  to: [
    { emailAddress: 'hanako.sato@ssk.or.jp', displayName: '佐藤 花子' },
    { emailAddress: 'suzuki@mhlw.go.jp', displayName: '鈴木' },
    { emailAddress: 'tanaka@partner-corp.co.jp' },
  ],
  cc: [{ emailAddress: 'yamada.private@gmail.com' }],
  attachments: [
    { id: 'a1', name: '議事録.pdf', size: 568, content: base64Fixture('plain.pdf') },
    { id: 'a2', name: '【要機密】名簿.zip', size: 451, content: base64Fixture('aes256.zip') },
  ],
};

describe('the task pane', () => {
  it('groups recipients by domain, each outside domain to tick; send waits for every tick', async () => {
    const page = await openTaskPane(message);
    const send = page.locator('#send');
    const boxes = page.locator('input[type=checkbox][data-domain]');
    expect(await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-domain')))).toEqual([
      'mhlw.go.jp',
      'gmail.com',
      'partner-corp.co.jp',
    ]);
    await expect.poll(() => send.isDisabled()).toBe(true);
    expect(await page.locator('#status').getAttribute('data-verdict')).toBe('warn');
    const headings = await page.locator('#recipients h3 .ja').allTextContents();
    expect(headings).toEqual(['組織内', '既知の組織', '個人向けメール', 'その他の組織外']);

    await page.click('input[data-domain="mhlw.go.jp"]');
    await page.click('input[data-domain="gmail.com"]');
    expect(await send.isDisabled()).toBe(true);

    await page.click('input[data-domain="partner-corp.co.jp"]');
    expect(await send.isDisabled()).toBe(false);
    expect(await page.locator('#status').getAttribute('data-verdict')).toBe('allow');

    // Unticking one disables it again.
    await page.click('input[data-domain="gmail.com"]');
    expect(await send.isDisabled()).toBe(true);
    await page.click('input[data-domain="gmail.com"]');

    await send.click();
    await expect.poll(() => sends(page)).toBe(1);
    expect(JSON.parse((await session(page))['sskGuard.confirmed']!).sort()).toEqual([
      'gmail.com',
      'mhlw.go.jp',
      'partner-corp.co.jp',
    ]);
    await page.context().close();
  });

  it('keeps send disabled while something blocks, even with every domain ticked', async () => {
    const page = await openTaskPane({
      ...message,
      attachments: [{ id: 'x', name: 'setup.exe', size: 512, content: base64Fixture('tool.exe') }],
    });
    for (const box of await page.locator('input[type=checkbox][data-domain]').all()) await box.click();
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#status').getAttribute('data-verdict')).toBe('block');
    expect(await page.locator('[data-rule="executable-attachment"]').count()).toBe(1);
    await page.locator('#send').click({ force: true });
    expect(await sends(page)).toBe(0);
    await page.context().close();
  });

  it('shows the From check and blocks a From outside the organisation', async () => {
    const page = await openTaskPane({ ...message, from: 'taro@gmail.com' });
    expect(await page.locator('#sender .name').textContent()).toBe('taro@gmail.com');
    expect(await page.locator('#sender .row.bad').count()).toBe(1);
    expect(await page.locator('#status').getAttribute('data-verdict')).toBe('block');
    await page.context().close();
  });

  it('sends an internal message at once (nothing to tick)', async () => {
    const page = await openTaskPane({
      from: 'a@ssk.or.jp',
      to: [{ emailAddress: 'b@ssk.or.jp' }],
      subject: 'x',
      attachments: [],
    });
    expect(await page.locator('input[type=checkbox]').count()).toBe(0);
    await page.click('#send');
    await expect.poll(() => sends(page)).toBe(1);
    await page.context().close();
  });

  it('on a client without sendAsync (Mailbox 1.14) the ticks are kept for Outlook’s own Send', async () => {
    const page = await openTaskPane(message, { mailbox: '1.14' });
    for (const box of await page.locator('input[type=checkbox][data-domain]').all()) await box.click();
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#send-hint').textContent()).toContain('Outlook の送信ボタン');
    await expect.poll(async () => JSON.parse((await session(page))['sskGuard.confirmed'] ?? '[]').length).toBe(3);
    await page.context().close();
  });

  it('shows hostile names as text, never as markup', async () => {
    const name = '<img src=x onerror="window.__pwned=1">.pdf';
    const page = await openTaskPane({
      ...message,
      to: [{ emailAddress: 'x@ssk.or.jp', displayName: '<b>boss</b>' }],
      attachments: [{ id: 'h', name, size: 568, content: base64Fixture('plain.pdf') }],
    });
    expect(await page.locator('[data-attachment] .name').first().textContent()).toBe(name);
    expect(await page.locator('main img').count()).toBe(1); // the header icon only
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.context().close();
  });

  it('moves the outside To/Cc addresses to Bcc in one click (many-external-recipients), then may send', async () => {
    const outsiders = [
      'a@partner-corp.co.jp',
      'b@partner-corp.co.jp',
      'c@mhlw.go.jp',
      'd@example.org',
      'e@example.net',
    ];
    const page = await openTaskPane({
      from: 'taro.yamada@ssk.or.jp',
      subject: '説明会のご案内',
      to: [
        { emailAddress: 'hanako.sato@ssk.or.jp', displayName: '佐藤 花子' },
        ...outsiders.slice(0, 3).map((emailAddress) => ({ emailAddress, displayName: '御担当者様' })),
      ],
      cc: outsiders.slice(3).map((emailAddress) => ({ emailAddress })),
      attachments: [],
    });
    const finding = page.locator('[data-rule="many-external-recipients"]');
    expect(await finding.count()).toBe(1);
    expect(await finding.textContent()).toContain('5 件');
    const move = page.locator('#move-to-bcc');
    expect(await move.textContent()).toContain('5');
    await move.click();
    await expect.poll(async () => (await recipientsOf(page)).bcc.sort()).toEqual([...outsiders].sort());
    const after = await recipientsOf(page);
    expect(after.to).toEqual(['hanako.sato@ssk.or.jp']);
    expect(after.cc).toEqual([]);
    // The check runs again on the new recipients: the Bcc rule passes; the domains still want their ticks.
    await expect.poll(() => page.locator('[data-rule="many-external-recipients"]').count()).toBe(0);
    expect(await page.locator('#move-to-bcc').count()).toBe(0);
    for (const box of await page.locator('input[type=checkbox][data-domain]').all()) await box.click();
    expect(await page.locator('#status').getAttribute('data-verdict')).toBe('allow');
    await page.click('#send');
    await expect.poll(() => sends(page)).toBe(1);
    await page.context().close();
  });

  it('a warning that ticks cannot resolve is acknowledged in the pane and kept for the send handler', async () => {
    const page = await openTaskPane({
      from: 'taro.yamada@ssk.or.jp',
      subject: 'リンクの件',
      to: [{ emailAddress: 'hanako.sato@ssk.or.jp' }],
      html: '<p>こちら: <a href="https://intranet.example.net/login">https://www.ssk.or.jp/login</a></p>',
      attachments: [],
    });
    const finding = page.locator('[data-rule="link-text-mismatch"]');
    expect(await finding.count()).toBe(1);
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#send-hint').textContent()).toContain('チェック');
    await page.click('input[data-ack="link-text-mismatch"]');
    expect(await page.locator('#status').getAttribute('data-verdict')).toBe('allow');
    await expect.poll(async () => (await session(page))['sskGuard.acknowledged']).toBe('["link-text-mismatch"]');
    await page.click('#send');
    await expect.poll(() => sends(page)).toBe(1);
    await page.context().close();
  });

  it('checks a meeting invite like a message: attendees by domain, the body’s links', async () => {
    const page = await openTaskPane({
      appointment: true,
      from: 'taro.yamada@ssk.or.jp',
      subject: '打合せ',
      to: [{ emailAddress: 'suzuki@mhlw.go.jp' }],
      cc: [{ emailAddress: 'friend@gmail.com' }],
      html: '<p>資料: <a href="https://bit.ly/abc">こちら</a></p>',
      attachments: [],
    });
    expect(await page.locator('input[type=checkbox][data-domain]').count()).toBe(2);
    expect(await page.locator('[data-rule="shortener"]').count()).toBe(1);
    expect(await page.locator('#status').getAttribute('data-verdict')).toBe('block');
    await page.context().close();
  });
});
