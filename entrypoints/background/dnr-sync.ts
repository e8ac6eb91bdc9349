// Installs the policy's declarativeNetRequest rules. One updateDynamicRules call removes the old set
// and adds the new atomically, so there is never a moment with no rules; an unchanged set is skipped.
import { browser } from 'wxt/browser';
import type { CompiledPolicy } from '@/shared/policy/compile';
import { compileDnrRules, type DnrRule } from '@/shared/web/dnr';

const FINGERPRINT_KEY = 'dnrFingerprint';

export function blockPageUrl(): string {
  return browser.runtime.getURL('/blocked.html');
}

export async function syncPolicyRules(compiled: CompiledPolicy): Promise<{ rules: number; changed: boolean }> {
  const { rules } = compileDnrRules(compiled, blockPageUrl());
  const fingerprint = JSON.stringify(rules);
  const [installed, stored] = await Promise.all([
    browser.declarativeNetRequest.getDynamicRules(),
    browser.storage.local.get(FINGERPRINT_KEY),
  ]);
  if (stored[FINGERPRINT_KEY] === fingerprint && installed.length === rules.length)
    return { rules: rules.length, changed: false };
  await browser.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: installed.map((r) => r.id),
    addRules: rules as unknown as Parameters<typeof browser.declarativeNetRequest.updateDynamicRules>[0]['addRules'],
  });
  await browser.storage.local.set({ [FINGERPRINT_KEY]: fingerprint });
  return { rules: rules.length, changed: true };
}

export type { DnrRule };
