// Proves the harness: the built extension loads in real Chromium, its id is the pinned one, and its
// service worker reports a policy pushed as managed policy (and accepted by the managed schema).
import { afterEach, describe, expect, it } from 'vitest';
import { EXTENSION_ID, launchWithExtension, waitInWorker, type Launched } from './browser.ts';

interface Status {
  version: string;
  organization: string;
  applied: string[];
  rejected: { layer: string; errors: { path: string }[] }[];
  sources: Record<string, string>;
}

const readStatus = (l: Launched) =>
  waitInWorker(
    l.worker,
    async () => (await chrome.storage.local.get('policyStatus')).policyStatus as Status | undefined,
  );

describe('the extension in Chromium', () => {
  let launched: Launched | undefined;
  afterEach(async () => {
    await launched?.close();
    launched = undefined;
  });

  it('loads with the pinned id and the built-in SSK default when no policy is pushed', async () => {
    launched = await launchWithExtension();
    expect(launched.worker.url()).toBe(`chrome-extension://${EXTENSION_ID}/background.js`);
    const status = await readStatus(launched);
    expect(status).toMatchObject({
      version: 'ssk-default-2026.11',
      organization: '社会保険診療報酬支払基金',
      applied: ['default'],
    });
  });

  it('reports the policy written as managed policy under /etc/chromium/policies/managed', async () => {
    launched = await launchWithExtension({
      managedPolicy: {
        version: 'e2e-managed-1',
        overrides: { allowed: true, minutes: 30 },
        shorteners: { exceptions: ['aka.ms'] },
      },
    });
    const status = await waitInWorker(launched.worker, async () => {
      const s = (await chrome.storage.local.get('policyStatus')).policyStatus as Status | undefined;
      return s?.version === 'e2e-managed-1' ? s : undefined;
    });
    expect(status.applied).toEqual(['default', 'managed']);
    expect(status.sources).toMatchObject({
      version: 'managed',
      'overrides.minutes': 'managed',
      'shorteners.exceptions': 'managed',
    });
    const managed = await launched.worker.evaluate(() => chrome.storage.managed.get());
    expect(managed).toMatchObject({ version: 'e2e-managed-1', overrides: { allowed: true, minutes: 30 } });
  });
});
