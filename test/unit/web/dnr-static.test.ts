// The static ruleset shipped in the manifest, and the allow rules that lay the policy in force over it.
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import {
  BLOCK_PRIORITY,
  DNR_LIMITS,
  OVERRIDE_PRIORITY,
  RELAX_PRIORITY,
  STATIC_PRIORITY,
  compileDnrRules,
  type DnrRule,
} from '../../../shared/web/dnr.ts';
import {
  STATIC_RULE_LIMIT,
  compileStaticRules,
  relaxationRules,
  relaxedDomains,
  staticRulesetWanted,
} from '../../../shared/web/dnr-static.ts';

const PAGE = 'chrome-extension://hpfoeegggioenfljnobgiipembipbgnl/blocked.html';
const NOW = Date.parse('2026-11-25T12:00:00+09:00');
const policyRules = (layer: PolicyLayer = {}) =>
  compileDnrRules(
    compilePolicy(effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'managed', doc: layer }]).policy, NOW),
    PAGE,
  ).rules;

/** What the browser does with a request to `host`: the highest-priority matching rule wins; allow wins ties. */
function outcome(rules: DnrRule[], host: string, type: 'main_frame' | 'sub_frame' = 'main_frame') {
  const covers = (list: string[] | undefined) => list?.some((d) => host === d || host.endsWith('.' + d)) ?? false;
  const hits = rules.filter(
    (r) =>
      r.condition.resourceTypes.includes(type) &&
      covers(r.condition.requestDomains) &&
      !covers(r.condition.excludedRequestDomains),
  );
  const rank = (r: DnrRule) => r.priority * 10 + (r.action.type === 'allow' ? 1 : 0);
  hits.sort((a, b) => rank(b) - rank(a));
  return hits[0]?.action.type ?? 'none';
}

/** Static and dynamic rules together, as the browser evaluates them (ids are per ruleset). */
function layered(layer: PolicyLayer = {}) {
  const fixed = compileStaticRules(PAGE);
  const policy = policyRules(layer);
  const relax = relaxationRules(relaxedDomains(fixed, policy), 500);
  return { all: [...fixed, ...policy, ...relax], relax };
}

const approval = {
  operator: 'x',
  purpose: 'x',
  highestClassification: 1,
  validUntil: '2030-01-01',
  applicant: 'x',
  userScope: 'x',
  manager: 'x',
};

describe('the static ruleset', () => {
  it('is the built-in default compiled by the same compiler, at the lowest priority', () => {
    const fixed = compileStaticRules(PAGE);
    const dynamic = policyRules();
    expect(fixed.map((r) => r.condition)).toEqual(dynamic.map((r) => r.condition));
    expect(fixed.every((r) => r.priority === STATIC_PRIORITY)).toBe(true);
    expect(STATIC_PRIORITY).toBeLessThan(RELAX_PRIORITY);
    expect(RELAX_PRIORITY).toBeLessThan(BLOCK_PRIORITY);
    expect(BLOCK_PRIORITY).toBeLessThan(OVERRIDE_PRIORITY);
    expect(outcome(fixed, 'bit.ly')).toBe('redirect');
    expect(outcome(fixed, 'drive.google.com')).toBe('redirect');
    expect(outcome(fixed, 'bit.ly', 'sub_frame')).toBe('block');
    expect(outcome(fixed, 'www.ssk.or.jp')).toBe('none');
    expect(fixed.length).toBeLessThan(STATIC_RULE_LIMIT / 1000);
    expect(fixed.filter((r) => r.condition.regexFilter).length).toBeLessThan(DNR_LIMITS.regex / 100);
  });

  it('for Firefox carries the rule in an extension path (the absolute URL is made at install)', () => {
    const fixed = compileStaticRules('/blocked.html', 'path');
    const redirect = fixed.find((r) => r.action.type === 'redirect')!;
    expect(redirect.action).toEqual({ type: 'redirect', redirect: { extensionPath: '/blocked.html#shortener:' } });
    expect(redirect.condition.regexFilter).toBeUndefined();
  });

  it('under the built-in default nothing is relaxed', () => {
    expect(relaxedDomains(compileStaticRules(PAGE), policyRules())).toEqual([]);
  });

  it('a policy that adds blocks relaxes nothing and its rules still block', () => {
    const { all, relax } = layered({ shorteners: { extraDomains: ['short.example'] } });
    expect(relax).toEqual([]);
    expect(outcome(all, 'short.example')).toBe('redirect');
  });

  it('a shortener exception lifts that host from the static rules, and only that host', () => {
    const { all, relax } = layered({ shorteners: { exceptions: ['aka.ms'] } });
    expect(relax.flatMap((r) => r.condition.requestDomains)).toEqual(['aka.ms']);
    expect(outcome(all, 'aka.ms')).toBe('allow');
    expect(outcome(all, 'aka.ms', 'sub_frame')).toBe('allow');
    expect(outcome(all, 'bit.ly')).toBe('redirect');
  });

  it('an approval of a tenant host lifts that host; other tenants stay blocked', () => {
    const { all } = layered({
      cloud: { approved: [{ ...approval, service: 'sharepoint-other-tenants', hosts: ['ssk.sharepoint.com'] }] },
    });
    expect(outcome(all, 'ssk.sharepoint.com')).toBe('allow');
    expect(outcome(all, 'contoso.sharepoint.com')).toBe('redirect');
  });

  it('the built-in list or a rule switched off lifts the whole list; the policy’s own rules stay above', () => {
    const off = layered({ shorteners: { builtinList: false, extraDomains: ['t.co'] } });
    expect(outcome(off.all, 'bit.ly')).toBe('allow');
    expect(outcome(off.all, 't.co')).toBe('redirect'); // the policy blocks it again, above the allow rule
    expect(off.relax.length).toBeLessThanOrEqual(2);
    const allowRule = layered({ rules: { shortener: { action: 'allow' } } });
    expect(outcome(allowRule.all, 'bit.ly')).toBe('allow');
    expect(outcome(allowRule.all, 'drive.google.com')).toBe('redirect');
  });

  it('packs relaxations: the whole built-in shortener list is a handful of rules', () => {
    const domains = relaxedDomains(compileStaticRules(PAGE), policyRules({ shorteners: { builtinList: false } }));
    expect(domains.length).toBeGreaterThan(50); // the curated list (shared/data/shorteners.json)
    const rules = relaxationRules(domains, 900);
    expect(rules.length).toBeLessThanOrEqual(1);
    expect(rules[0]!.id).toBe(900);
  });

  it('is disabled only when the policy lifts all of it', () => {
    const fixed = compileStaticRules(PAGE);
    const lifted = (layer: PolicyLayer) => relaxedDomains(fixed, policyRules(layer));
    expect(staticRulesetWanted(fixed, lifted({}))).toBe(true);
    expect(staticRulesetWanted(fixed, lifted({ shorteners: { builtinList: false } }))).toBe(true); // cloud still on
    const everything = { shorteners: { builtinList: false }, cloud: { builtinCatalogue: false } };
    expect(staticRulesetWanted(fixed, lifted(everything))).toBe(false);
    expect(
      staticRulesetWanted(
        fixed,
        lifted({ rules: { shortener: { action: 'allow' }, 'cloud-unapproved': { action: 'allow' } } }),
      ),
    ).toBe(false);
  });
});
