// Proves the harness in each browser: the built extension loads at its pinned address, and its
// background reports a policy pushed as managed settings (and accepted by the managed schema).
import { afterEach, describe, expect, it } from 'vitest';
import { BROWSERS, launch } from './browser.ts';
import { waitInExtension, type GuardBrowser } from './driver.ts';

interface Status {
  version: string;
  organization: string;
  applied: string[];
  rejected: { layer: string; errors: { path: string }[] }[];
  sources: Record<string, string>;
}

const statusOf = (b: GuardBrowser, version?: string) =>
  waitInExtension(
    b,
    async (v) => {
      const s = (await chrome.storage.local.get('policyStatus')).policyStatus as Status | undefined;
      return s && (!v || s.version === v) ? s : undefined;
    },
    version,
  );

describe.each(BROWSERS)('the extension in %s', (name) => {
  let b: GuardBrowser | undefined;
  afterEach(async () => {
    await b?.close();
    b = undefined;
  });

  it('loads at the pinned address with the built-in SSK default when no policy is pushed', async () => {
    b = await launch(name);
    expect(await b.inExtension(() => chrome.runtime.getURL('/'))).toBe(`${b.origin}/`);
    expect(await statusOf(b)).toMatchObject({
      version: 'ssk-default-2026.11',
      organization: '社会保険診療報酬支払基金',
      applied: ['default'],
    });
  });

  it('reports the policy pushed as managed settings', async () => {
    b = await launch(name, {
      managedPolicy: {
        version: 'e2e-managed-1',
        overrides: { allowed: true, minutes: 30 },
        shorteners: { exceptions: ['aka.ms'] },
      },
    });
    const status = await statusOf(b, 'e2e-managed-1');
    expect(status.applied).toEqual(['default', 'managed']);
    expect(status.sources).toMatchObject({
      version: 'managed',
      'overrides.minutes': 'managed',
      'shorteners.exceptions': 'managed',
    });
    const managed = await b.inExtension(() => chrome.storage.managed.get());
    expect(managed).toMatchObject({ version: 'e2e-managed-1', overrides: { allowed: true, minutes: 30 } });
  });

  it('a value the managed schema refuses never comes into force', async () => {
    b = await launch(name, { managedPolicy: { version: 'e2e-bad', overrides: { minutes: 'forever' } } });
    const status = await waitInExtension(b, async () => {
      const s = (await chrome.storage.local.get('policyStatus')).policyStatus as Status | undefined;
      return s && (s.rejected.length || s.version === 'e2e-bad') ? s : undefined;
    });
    expect(status.sources['overrides.minutes']).toBe('default');
    if (name === 'chromium') {
      // Chromium checks managed storage against managed_schema itself and drops the bad value only.
      expect(status).toMatchObject({ version: 'e2e-bad', applied: ['default', 'managed'], rejected: [] });
    } else {
      // Firefox hands over what the admin wrote: the extension's own check refuses the whole layer, says so.
      expect(status.version).toBe('ssk-default-2026.11');
      expect(status.rejected[0]).toMatchObject({ layer: 'managed', errors: [{ path: 'overrides.minutes' }] });
    }
  });
});
