// The page a stopped form post's frame is sent to (entrypoints/backstop-notice): it shows only what the
// service worker stored under the id in its address, and the worker may store it a moment after the
// redirect, so the page waits for it. A page that opens the notice with an id of its own learns nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXTENSION_ID, launchWithExtension, type Launched } from './browser.ts';

let b: Launched;
beforeAll(async () => {
  b = await launchWithExtension();
});
afterAll(async () => {
  await b?.close();
});

const NOTICE = {
  title: { ja: '送信を止めました', en: 'The send was stopped' },
  lines: [{ ja: 'テスト用の通知です。', en: 'A notice for the test.' }],
  clause: '8.1.1(5)(f)(ｲ)',
  host: 'collect.evil-analytics.example',
};

it('shows the general title at once, and its notice as soon as the worker stores it', async () => {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/backstop-notice.html#late-notice`);
  await page.waitForSelector('h1');
  expect(await page.locator('[data-testid=backstop-notice]').count()).toBe(0);
  await b.worker.evaluate(async (n) => {
    const key = 'backstopNotices';
    const all = ((await chrome.storage.session.get(key))[key] ?? {}) as Record<string, unknown>;
    await chrome.storage.session.set({ [key]: { ...all, 'late-notice': { ...n, time: Date.now() } } });
  }, NOTICE);
  const card = page.locator('[data-testid=backstop-notice]');
  await card.waitFor({ timeout: 10_000 });
  expect(await card.getAttribute('data-clause')).toBe(NOTICE.clause);
  expect(await page.locator('[data-testid=host]').textContent()).toBe(NOTICE.host);
  expect(await card.textContent()).toContain('送信を止めました');
  await page.close();
});

it('an id the worker never stored shows only the general title', async () => {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/backstop-notice.html#made-up-by-a-page`);
  await page.waitForSelector('h1');
  // A notice is stored (the test above's) but not under this id; the control above shows its card within moments.
  await page.waitForTimeout(1_000);
  expect(await page.locator('[data-testid=backstop-notice]').count()).toBe(0);
  await page.close();
});
