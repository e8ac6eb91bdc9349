// The extension's service worker: loads the policy in force, keeps it current, reports it.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { CompiledPolicy } from '@/shared/policy/compile';
import { loadPolicy, type PolicyStatus } from './policy-source';

export default defineBackground({
  type: 'module',
  main() {
    let current: Promise<{ compiled: CompiledPolicy; status: PolicyStatus }> = loadPolicy();
    const reload = () => {
      current = loadPolicy();
      return current;
    };

    browser.storage.onChanged.addListener((_changes, area) => {
      if (area === 'managed') void reload();
    });

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      // Only the extension's own pages may ask.
      if (sender.id !== browser.runtime.id) return undefined;
      if ((message as { type?: string })?.type === 'get-policy-status') return current.then((c) => c.status);
      return undefined;
    });
  },
});
