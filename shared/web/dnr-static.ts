// The static ruleset (issue 12 §4): the built-in default's rules, compiled at build time by the same
// compiler as the dynamic rules and shipped in the manifest, so they apply from the browser's first
// request, before the service worker has run. The policy in force lies on top: where it relaxes the
// built-in default (an exception, an approval, a list or rule switched off), higher-priority allow rules
// lift exactly those domains from the static rules; the policy's own rules stay above those. Pure.
import { compilePolicy } from '../policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../policy/default.ts';
import {
  DOMAINS_PER_RULE,
  RELAX_PRIORITY,
  STATIC_PRIORITY,
  compileDnrRules,
  type DnrOptions,
  type DnrRule,
} from './dnr.ts';

export const STATIC_RULESET_ID = 'builtin';
export const STATIC_RULESET_PATH = 'rules/builtin.json';
/** Chrome guarantees 30,000 static rules per extension (DESIGN §4). */
export const STATIC_RULE_LIMIT = 30_000;

/** The built-in default's rules as a static ruleset. `blockPage` is absolute (Chrome: the pinned id) or,
 * with `redirect: 'path'`, the page's path inside the extension. */
export function compileStaticRules(blockPage: string, redirect: DnrOptions['redirect'] = 'substitute'): DnrRule[] {
  // No approval is in the built-in default, so the time only has to be a valid one.
  const compiled = compilePolicy(SSK_DEFAULT_POLICY, 0);
  return compileDnrRules(compiled, blockPage, { priority: STATIC_PRIORITY, redirect }).rules;
}

/** The rule id a redirect or block stands for: `#<rule>:` in its redirect, or the redirect rule of its domains. */
function ruleOf(rule: DnrRule, all: readonly DnrRule[]): string | null {
  const fragment = (r: DnrRule) => {
    if (r.action.type !== 'redirect') return null;
    const target =
      'regexSubstitution' in r.action.redirect ? r.action.redirect.regexSubstitution : r.action.redirect.extensionPath;
    return /#([a-z-]+):/.exec(target)?.[1] ?? null;
  };
  const own = fragment(rule);
  if (own) return own;
  const twin = all.find(
    (r) => r.action.type === 'redirect' && r.condition.requestDomains.join() === rule.condition.requestDomains.join(),
  );
  return twin ? fragment(twin) : null;
}

const covers = (list: readonly string[] | undefined, host: string) =>
  list?.some((d) => host === d || host.endsWith('.' + d)) ?? false;

/** True when one of `rules` (of that rule id) stops `host`: listed, and not excluded. */
function stops(rules: readonly DnrRule[], host: string): boolean {
  return rules.some(
    (r) => covers(r.condition.requestDomains, host) && !covers(r.condition.excludedRequestDomains, host),
  );
}

function byRule(rules: readonly DnrRule[]): Map<string, DnrRule[]> {
  const out = new Map<string, DnrRule[]>();
  for (const r of rules) {
    if (r.action.type === 'allow') continue;
    const id = ruleOf(r, rules);
    if (!id) continue;
    out.set(id, [...(out.get(id) ?? []), r]);
  }
  return out;
}

/**
 * The domains the static ruleset stops but the policy's rules do not: every static domain the policy no
 * longer lists, and every domain the policy excludes (an exception, a tenant's approved host) that the
 * static rules would still stop. Sorted, without duplicates.
 */
export function relaxedDomains(staticRules: readonly DnrRule[], policyRules: readonly DnrRule[]): string[] {
  const relaxed = new Set<string>();
  const policy = byRule(policyRules);
  for (const [rule, fixed] of byRule(staticRules)) {
    const now = policy.get(rule) ?? [];
    for (const r of fixed) for (const d of r.condition.requestDomains) if (!stops(now, d)) relaxed.add(d);
    for (const r of now)
      for (const x of r.condition.excludedRequestDomains ?? []) if (stops(fixed, x) && !stops(now, x)) relaxed.add(x);
  }
  return [...relaxed].sort();
}

/** Allow rules that lift `domains` from the static ruleset (the policy's own rules have a higher priority). */
export function relaxationRules(domains: readonly string[], firstId: number): DnrRule[] {
  const rules: DnrRule[] = [];
  for (let i = 0; i < domains.length; i += DOMAINS_PER_RULE)
    rules.push({
      id: firstId + rules.length,
      priority: RELAX_PRIORITY,
      action: { type: 'allow' },
      condition: { requestDomains: domains.slice(i, i + DOMAINS_PER_RULE), resourceTypes: ['main_frame', 'sub_frame'] },
    });
  return rules;
}

/**
 * Whether the static ruleset still stops anything the policy wants stopped. When the policy lifts all of
 * it (every built-in list off), the ruleset is disabled (`updateEnabledRulesets`) rather than lifted
 * rule by rule; otherwise it stays on, with `relaxationRules` over what the policy lifts.
 */
export function staticRulesetWanted(staticRules: readonly DnrRule[], relaxed: readonly string[]): boolean {
  const lifted = new Set(relaxed);
  return staticRules.some((r) => r.condition.requestDomains.some((d) => !lifted.has(d)));
}
