// The popup in real Chromium: the current tab's status under the policy, the policy, today's blocks.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXTENSION_ID, launchWithExtension, waitInWorker, type Launched } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

let server: TestServer;
let b: Launched;
beforeAll(async () => {
  server = await startTestServer();
  b = await launchWithExtension({
    hostPort: server.port,
    managedPolicy: {
      version: 'popup-1',
      cloud: {
        approved: [
          {
            service: 'box',
            operator: 'Box, Inc.',
            purpose: 'e2e',
            highestClassification: 2,
            validUntil: '2099-03-31',
            applicant: 'e2e',
            userScope: 'e2e',
            manager: 'e2e',
          },
        ],
      },
    },
  });
  await waitInWorker(
    b.worker,
    async () =>
      ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string })?.version === 'popup-1',
  );
});
afterAll(async () => {
  await b?.close();
  await server?.close();
});

async function popupFor(url: string) {
  const page = await b.context.newPage();
  await page.goto(url).catch(() => undefined);
  const tabId = await b.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  const popup = await b.context.newPage();
  await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html?tab=${tabId}`);
  await popup.getByTestId('policy-version').waitFor();
  return { page, popup };
}

it('shows the organisation, an approved service with its expiry, the policy and today’s blocks', async () => {
  const org = await popupFor('https://www.ssk.or.jp/');
  expect(await org.popup.getByTestId('tab-status').textContent()).toContain('組織のサイト');
  expect(await org.popup.getByTestId('policy-version').textContent()).toBe('popup-1');

  const box = await popupFor('https://app.box.com/');
  const status = await box.popup.getByTestId('tab-status').textContent();
  expect(status).toContain('承認済みのクラウドサービス');
  expect(status).toContain('2099-03-31');

  const blocked = await b.context.newPage();
  await blocked.goto('https://bit.ly/popup').catch(() => undefined);
  await blocked.waitForURL((u) => u.href.includes('blocked.html'));
  await blocked.getByTestId('title').waitFor();
  const again = await popupFor('https://example.com/');
  await again.popup.screenshot({ path: 'test-results/popup.png' }).catch(() => undefined);
  expect(Number(await again.popup.getByTestId('blocked-today').textContent())).toBeGreaterThanOrEqual(1);
  expect(await again.popup.getByTestId('tab-status').textContent()).toContain('その他のサイト');
});
