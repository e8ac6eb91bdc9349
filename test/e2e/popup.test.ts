// The popup in real Chromium and Firefox: the current tab's status under the policy, the policy, today's blocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch } from './browser.ts';
import { tid, waitForPolicyVersion, waitInExtension, type GuardBrowser } from './driver.ts';
import { startTestServer, type TestServer } from './server.ts';

describe.each(BROWSERS)('the popup in %s', (name) => {
  let server: TestServer;
  let b: GuardBrowser;
  beforeAll(async () => {
    server = await startTestServer();
    b = await launch(name, {
      serverPort: server.port,
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
    await waitForPolicyVersion(b, 'popup-1');
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  async function popupFor(url: string) {
    const page = await b.newTab();
    await page.goto(url);
    const tabId = await b.inExtension(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
    expect(tabId).toBeTypeOf('number');
    const popup = await b.newTab();
    await popup.goto(`${b.origin}/popup.html?tab=${tabId}`);
    await popup.waitFor(tid('policy-version'));
    await popup.waitFor(tid('tab-status'));
    return { page, popup };
  }

  it('shows the organisation, an approved service with its expiry, the policy and today’s blocks', async () => {
    const org = await popupFor('https://www.ssk.or.jp/');
    expect(await org.popup.text(tid('tab-status'))).toContain('組織のサイト');
    expect(await org.popup.text(tid('policy-version'))).toBe('popup-1');

    const box = await popupFor('https://app.box.com/');
    const status = await box.popup.text(tid('tab-status'));
    expect(status).toContain('承認済みのクラウドサービス');
    expect(status).toContain('2099-03-31');

    const blocked = await b.newTab();
    await blocked.goto('https://bit.ly/popup');
    await blocked.waitForUrl((u) => u.includes('blocked.html'));
    await blocked.waitFor(tid('title'));
    // The popup counts the log as it opens; the block is written by the background a moment after its
    // page shows: wait for it in the log, or the popup may open on a count without it.
    await waitInExtension(b, async () =>
      (
        ((await chrome.storage.local.get('auditLog')).auditLog as { events: { kind: string }[] } | undefined)?.events ??
        []
      ).some((e) => e.kind === 'block'),
    );
    const again = await popupFor('https://example.com/');
    expect(Number(await again.popup.text(tid('blocked-today')))).toBeGreaterThanOrEqual(1);
    expect(await again.popup.text(tid('tab-status'))).toContain('その他のサイト');
  });
});
