// Installs the policy's declarativeNetRequest rules over the static ruleset of the built-in default
// (shared/web/dnr-static.ts). One updateDynamicRules call removes the old set and adds the new atomically,
// so there is never a moment with no rules; an unchanged set is skipped.
import { browser } from 'wxt/browser';
import type { CompiledPolicy } from '@/shared/policy/compile';
import { compileDnrRules, type DnrRule } from '@/shared/web/dnr';
import {
  STATIC_RULESET_ID,
  STATIC_RULESET_PATH,
  relaxationRules,
  relaxedDomains,
  staticRulesetWanted,
} from '@/shared/web/dnr-static';

const FINGERPRINT_KEY = 'dnrFingerprint';
/** Dynamic ids 1 … 899 are the policy's rules, 900 … 999 the relaxations of the static ruleset. */
const FIRST_RELAX_RULE_ID = 900;

/**
 * The block page by the extension's own origin: Chrome's static id (stable across sessions, so the rules
 * stay right after a restart; runtime.getURL would give this session's dynamic id), Firefox's UUID.
 */
export function blockPageUrl(): string {
  return `${self.location.origin}/blocked.html`;
}

let shipped: Promise<DnrRule[]> | null = null;
/** The static ruleset as shipped in this build (read from the package, the truth the browser applies). */
export function staticRules(): Promise<DnrRule[]> {
  shipped ??= fetch(`${self.location.origin}/${STATIC_RULESET_PATH}`)
    .then((r) => r.json() as Promise<DnrRule[]>)
    .catch(() => {
      shipped = null;
      return [];
    });
  return shipped;
}

export interface RuleCounts {
  static: number;
  staticEnabled: boolean;
  dynamic: number;
  relaxations: number;
  changed: boolean;
}

export async function syncPolicyRules(compiled: CompiledPolicy): Promise<RuleCounts> {
  const { rules: policy } = compileDnrRules(compiled, blockPageUrl());
  const fixed = await staticRules();
  const lifted = relaxedDomains(fixed, policy);
  const wanted = staticRulesetWanted(fixed, lifted);
  const relax = wanted ? relaxationRules(lifted, FIRST_RELAX_RULE_ID) : [];
  const rules = [...policy, ...relax];
  const fingerprint = JSON.stringify(rules);
  const [installed, stored, enabled] = await Promise.all([
    browser.declarativeNetRequest.getDynamicRules(),
    browser.storage.local.get(FINGERPRINT_KEY),
    browser.declarativeNetRequest.getEnabledRulesets(),
  ]);
  const counts = { static: fixed.length, staticEnabled: wanted, dynamic: rules.length, relaxations: relax.length };
  const same = stored[FINGERPRINT_KEY] === fingerprint && installed.length === rules.length;
  // The policy's rules first, then the ruleset switched: never a moment where the policy's blocks are missing.
  if (!same) {
    await browser.declarativeNetRequest.updateDynamicRules({
      removeRuleIds: installed.map((r) => r.id),
      addRules: rules as unknown as Parameters<typeof browser.declarativeNetRequest.updateDynamicRules>[0]['addRules'],
    });
    await browser.storage.local.set({ [FINGERPRINT_KEY]: fingerprint });
  }
  // An update of the extension re-enables the manifest's rulesets: checked every time.
  if (wanted !== enabled.includes(STATIC_RULESET_ID))
    await browser.declarativeNetRequest.updateEnabledRulesets(
      wanted ? { enableRulesetIds: [STATIC_RULESET_ID] } : { disableRulesetIds: [STATIC_RULESET_ID] },
    );
  return { ...counts, changed: !same };
}

export type { DnrRule };
