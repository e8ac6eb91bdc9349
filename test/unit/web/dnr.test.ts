import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import { DNR_LIMITS, compileDnrRules, parseBlockFragment, type DnrRule } from '../../../shared/web/dnr.ts';

const PAGE = 'chrome-extension://hpfoeegggioenfljnobgiipembipbgnl/blocked.html';
const compiled = (layer: PolicyLayer = {}) =>
  compilePolicy(
    effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'managed', doc: layer }]).policy,
    Date.parse('2026-11-25T12:00:00+09:00'),
  );

/** What the browser would do with a top-level navigation to `host` under these rules (DNR semantics). */
function outcome(rules: DnrRule[], host: string, type: 'main_frame' | 'sub_frame' = 'main_frame') {
  const covers = (list: string[] | undefined) => list?.some((d) => host === d || host.endsWith('.' + d)) ?? false;
  const hits = rules.filter(
    (r) =>
      r.condition.resourceTypes.includes(type) &&
      covers(r.condition.requestDomains) &&
      !covers(r.condition.excludedRequestDomains),
  );
  hits.sort((a, b) => b.priority - a.priority);
  return hits[0]?.action.type ?? 'none';
}

describe('compileDnrRules', () => {
  it('redirects main frames of shorteners and unapproved cloud hosts to the block page, and blocks their sub frames', () => {
    const { rules } = compileDnrRules(compiled(), PAGE);
    expect(outcome(rules, 'bit.ly')).toBe('redirect');
    expect(outcome(rules, 'www.bit.ly')).toBe('redirect');
    expect(outcome(rules, 'bit.ly', 'sub_frame')).toBe('block');
    expect(outcome(rules, 'drive.google.com')).toBe('redirect');
    expect(outcome(rules, 'www.dropbox.com', 'sub_frame')).toBe('block');
    const redirect = rules.find((r) => r.action.type === 'redirect' && r.condition.requestDomains.includes('bit.ly'))!;
    expect(redirect.action).toEqual({ type: 'redirect', redirect: { regexSubstitution: `${PAGE}#shortener:\\1` } });
    expect(redirect.condition.regexFilter).toBe('^(.*)$');
  });

  it('leaves the organisation, known organisations and ordinary sites alone', () => {
    const { rules } = compileDnrRules(compiled(), PAGE);
    for (const host of ['www.ssk.or.jp', 'www.mhlw.go.jp', 'www.google.com', 'example.com', 'github.com'])
      expect(outcome(rules, host)).toBe('none');
  });

  it('an approval of the whole service removes its hosts; an approval of named hosts excludes only those', () => {
    const approval = {
      operator: 'x',
      purpose: 'x',
      highestClassification: 1,
      validUntil: '2030-01-01',
      applicant: 'x',
      userScope: 'x',
      manager: 'x',
    };
    const { rules } = compileDnrRules(
      compiled({
        cloud: {
          approved: [
            { ...approval, service: 'google-drive' },
            { ...approval, service: 'sharepoint-other-tenants', hosts: ['ssk.sharepoint.com'] },
          ],
        },
      }),
      PAGE,
    );
    expect(outcome(rules, 'drive.google.com')).toBe('none');
    expect(outcome(rules, 'ssk.sharepoint.com')).toBe('none');
    expect(outcome(rules, 'contoso.sharepoint.com')).toBe('redirect');
  });

  it('an expired approval blocks again', () => {
    const { rules } = compileDnrRules(
      compiled({
        cloud: {
          approved: [
            {
              service: 'google-drive',
              operator: 'x',
              purpose: 'x',
              highestClassification: 1,
              validUntil: '2026-11-24',
              applicant: 'x',
              userScope: 'x',
              manager: 'x',
            },
          ],
        },
      }),
      PAGE,
    );
    expect(outcome(rules, 'drive.google.com')).toBe('redirect');
  });

  it('honours shortener exceptions and a rule turned off', () => {
    expect(outcome(compileDnrRules(compiled({ shorteners: { exceptions: ['aka.ms'] } }), PAGE).rules, 'aka.ms')).toBe(
      'none',
    );
    const off = compileDnrRules(compiled({ rules: { shortener: { action: 'allow' } } }), PAGE).rules;
    expect(outcome(off, 'bit.ly')).toBe('none');
  });

  it('packs many domains per rule and stays far inside the limits, also with 10,000 extra domains', () => {
    const extra = Array.from({ length: 10_000 }, (_, i) => `short${i}.example`);
    const { rules, domains } = compileDnrRules(compiled({ shorteners: { extraDomains: extra } }), PAGE);
    expect(domains.shortener).toBeGreaterThan(10_050);
    const redirects = rules.filter((r) => r.action.type === 'redirect');
    expect(rules.length).toBeLessThanOrEqual(20);
    expect(redirects.length).toBeLessThan(DNR_LIMITS.dynamicUnsafe / 100);
    expect(rules.filter((r) => r.condition.regexFilter).length).toBeLessThan(DNR_LIMITS.regex / 50);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(outcome(rules, 'short9999.example')).toBe('redirect');
  });

  it('is deterministic: the same policy gives the same rules', () => {
    expect(JSON.stringify(compileDnrRules(compiled(), PAGE))).toBe(JSON.stringify(compileDnrRules(compiled(), PAGE)));
  });
});

describe('parseBlockFragment', () => {
  it('splits the rule from the URL, keeping the URL whole', () => {
    expect(parseBlockFragment('#shortener:https://bit.ly/a#b?c:d')).toEqual({
      rule: 'shortener',
      url: 'https://bit.ly/a#b?c:d',
    });
  });
  it.each(['', '#', '#:https://x', '#<script>:x', 'no-colon'])('rejects %j', (h) => {
    expect(parseBlockFragment(h)).toBeNull();
  });
});
