// Loaded unpacked (a developer build), Chromium does not grant blocking webRequest: the backstop cannot
// stop what a page sends. The popup and the options page say so plainly, and the audit log records it
// once per browser start — not again each time the service worker wakes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { EXTENSION_ID, launchWithExtension, waitInWorker, type Launched } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

let server: TestServer;
let b: Launched;
beforeAll(async () => {
  server = await startTestServer();
  b = await launchWithExtension({ hostPort: server.port });
});
afterAll(async () => {
  await b?.close();
  await server?.close();
});

const currentWorker = (): Worker =>
  b.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)) ?? b.worker;
const offEvents = (w: Worker) =>
  waitInWorker(w, async () => {
    const log = (await chrome.storage.local.get('auditLog')).auditLog as { events: { kind: string }[] } | undefined;
    const off = log?.events.filter((e) => e.kind === 'backstop-off') ?? [];
    return off.length ? off : null;
  });

it('the worker finds blocking not granted and says why', async () => {
  const status = await waitInWorker(
    b.worker,
    async () =>
      (await chrome.storage.local.get('backstopStatus')).backstopStatus as { enforcing: boolean; error?: string },
  );
  expect(status.enforcing).toBe(false);
  expect(status.error).toMatch(/blocking|permission/i);
});

it('the popup says 「最終防衛線が無効です」, in Japanese and English', async () => {
  const popup = await b.context.newPage();
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
  const warning = popup.getByTestId('backstop-off');
  await warning.waitFor();
  const text = await warning.textContent();
  expect(text).toContain('最終防衛線が無効です');
  expect(text).toContain('The backstop is off');
  expect(text).toContain('ExtensionInstallForcelist');
  await popup.close();
});

it('the options page says it too', async () => {
  const options = await b.context.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  const text = await options.getByTestId('backstop-off').textContent();
  expect(text).toContain('最終防衛線が無効です');
  expect(text).toContain('The backstop is off');
  await options.close();
});

it('the audit log records it once per start, not at every wake of the worker', async () => {
  expect(await offEvents(b.worker)).toHaveLength(1);
  const checkedAt = async (w: Worker) =>
    w.evaluate(async () => {
      const s = (await chrome.storage.local.get('backstopStatus')).backstopStatus as { checkedAt: string } | undefined;
      return s?.checkedAt ?? '';
    });
  const before = await checkedAt(b.worker);
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  // Opening an extension page wakes the worker, which checks again and finds blocking not granted again.
  await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
  await page.getByTestId('backstop-off').waitFor();
  let w = currentWorker();
  for (let i = 0; i < 100 && (await checkedAt(w).catch(() => before)) === before; i++) {
    await new Promise((r) => setTimeout(r, 100));
    w = currentWorker();
  }
  expect(await checkedAt(w)).not.toBe(before); // it did start again
  expect(await offEvents(w)).toHaveLength(1);
});
