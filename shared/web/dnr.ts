// The policy compiled into declarativeNetRequest rules (DESIGN §4): the browser applies them, so
// blocking costs no JavaScript. Pure: the rules are plain objects of the DNR shape.
import type { CompiledPolicy } from '../policy/compile.ts';
import type { RuleId } from '../policy/rules.ts';
import { hostStatus } from './host-status.ts';

export interface DnrRule {
  id: number;
  priority: number;
  action:
    | { type: 'block' }
    | { type: 'allow' }
    | { type: 'redirect'; redirect: { regexSubstitution: string } | { extensionPath: string } };
  condition: {
    requestDomains: string[];
    excludedRequestDomains?: string[];
    resourceTypes: ('main_frame' | 'sub_frame')[];
    regexFilter?: string;
  };
}

/** Chrome guarantees these per extension (DESIGN §4); we stay far inside them. */
export const DNR_LIMITS = { dynamicUnsafe: 5_000, dynamic: 30_000, regex: 1_000, firefoxDynamic: 5_000 } as const;

/** Domains per rule: large enough to keep the rule count tiny, small enough to keep each rule cheap to update. */
export const DOMAINS_PER_RULE = 2_000;

/**
 * Priorities, lowest first: the static ruleset shipped in the manifest (the built-in default, in force
 * before any JavaScript runs); allow rules that lift what the policy in force relaxes from it; the
 * policy's own dynamic rules (so a relaxation never lifts what the policy still blocks); overrides.
 */
export const STATIC_PRIORITY = 1;
export const RELAX_PRIORITY = 2;
export const BLOCK_PRIORITY = 3;
export const OVERRIDE_PRIORITY = 100;

/** Dynamic rule ids: 1 … 999 are the policy's; session override rules use their own id space. */
export const FIRST_POLICY_RULE_ID = 1;

export interface DnrCompilation {
  rules: DnrRule[];
  /** Per rule id of the policy: how many domains went into rules. */
  domains: Partial<Record<RuleId, number>>;
}

export interface DnrOptions {
  priority?: number;
  /**
   * `substitute` (default): the redirect carries the original URL (`regexSubstitution` on the absolute
   * block page URL). `path`: `extensionPath` with the rule only, for a static ruleset where the absolute
   * URL is not known at build time (Firefox's moz-extension UUID is made at install).
   */
  redirect?: 'substitute' | 'path';
}

/**
 * `blockPage` is the extension's block page URL; the redirect appends `#<rule>:<original URL>`, so the
 * page can show what was blocked and why. `\1` is the whole URL, captured by `^(.*)$` (Firefox has no `\0`).
 */
export function compileDnrRules(compiled: CompiledPolicy, blockPage: string, options: DnrOptions = {}): DnrCompilation {
  const priority = options.priority ?? BLOCK_PRIORITY;
  const byPath = options.redirect === 'path';
  const rules: DnrRule[] = [];
  const domains: DnrCompilation['domains'] = {};
  let id = FIRST_POLICY_RULE_ID;

  const emit = (rule: RuleId, list: string[], excluded: string[]) => {
    if (!list.length || compiled.actions[rule] === 'allow') return;
    domains[rule] = list.length;
    const sorted = [...new Set(list)].sort();
    for (let i = 0; i < sorted.length; i += DOMAINS_PER_RULE) {
      const chunk = sorted.slice(i, i + DOMAINS_PER_RULE);
      const exclude = excluded.length ? { excludedRequestDomains: excluded } : {};
      rules.push({
        id: id++,
        priority,
        action: {
          type: 'redirect',
          redirect: byPath
            ? { extensionPath: `${blockPage}#${rule}:` }
            : { regexSubstitution: `${blockPage}#${rule}:\\1` },
        },
        condition: {
          ...(byPath ? {} : { regexFilter: '^(.*)$' }),
          requestDomains: chunk,
          ...exclude,
          resourceTypes: ['main_frame'],
        },
      });
      rules.push({
        id: id++,
        priority,
        action: { type: 'block' },
        condition: { requestDomains: chunk, ...exclude, resourceTypes: ['sub_frame'] },
      });
    }
  };

  // Shorteners: the organisation's and known organisations' hosts are never shorteners here.
  emit(
    'shortener',
    [...compiled.shorteners.domains()],
    [...compiled.shortenerExceptions.domains(), ...compiled.organization.domains(), ...compiled.directory.domains()],
  );

  // Cloud services of enforced categories: each host whose status is not "approved". Approvals that
  // name hosts (the organisation's own tenant) become exclusions of the service's wider entry.
  const blocked: string[] = [];
  const approvedHosts: string[] = [];
  for (const service of compiled.services.values()) {
    if (!compiled.policy.cloud.enforcedCategories.includes(service.category)) continue;
    if (service.id.startsWith('list-')) continue; // the listed hosts follow, by their guard
    for (const host of service.hosts) {
      const status = hostStatus(compiled, host);
      if (status.kind === 'cloud-service') blocked.push(host);
    }
    for (const a of compiled.approvals.get(service.id) ?? [])
      if (a.inForce && a.hosts) approvedHosts.push(...a.hosts.domains());
  }
  // Hosts known only from imported broad lists: only the categories whose guard is "navigation" get rules
  // (the others are free to view; the form guard keeps uploads off them). A curated entry takes precedence.
  for (const host of compiled.listedHosts.domains()) {
    const status = hostStatus(compiled, host);
    if (status.kind === 'cloud-service' && status.listed?.guard === 'navigation') blocked.push(host);
  }
  emit('cloud-unapproved', blocked, [
    ...approvedHosts,
    ...compiled.organization.domains(),
    ...compiled.directory.domains(),
  ]);
  return { rules, domains };
}

/** The block page's fragment: `#<rule>:<original URL>` → its parts; anything else → null. The URL is empty
 * after a static rule that could not carry it (Firefox): the service worker knows it from the navigation. */
export function parseBlockFragment(hash: string): { rule: string; url: string } | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const rule = text.slice(0, colon);
  if (!/^[a-z-]{1,40}$/.test(rule)) return null;
  return { rule, url: text.slice(colon + 1) };
}
