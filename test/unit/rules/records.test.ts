// One record per rule: every id has its record, and every record is whole (clause, titles and a
// message in both languages naming the clause); the docs list every rule as the records say; the
// explain trace is the verdict's own, so the two agree (an approved tenant that looks like the
// organisation's domain was explained as a look-alike while the verdict allowed it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, RULE_IDS } from '../../../shared/policy/rules.ts';
import { ruleTable, ruleTableOf, tableCells } from '../../../shared/rules/table.ts';
import { explainNavigation } from '../../../shared/web/explain.ts';
import { judgeNavigation } from '../../../shared/web/navigation.ts';
import { byDefault, withLayer } from '../mail/helpers.ts';

describe('the rule records', () => {
  it.each(RULE_IDS)('%s is one whole record', (id) => {
    const r = RULES[id];
    expect(r.id).toBe(id);
    expect(r.clause).toMatch(/^\d/);
    expect(['block', 'warn']).toContain(r.defaultAction);
    expect(r.title.ja).toMatch(/[\u3040-\u9fff]/);
    expect(r.title.en).toMatch(/^[A-Z]/);
    expect(r.surfaces.length).toBeGreaterThan(0);
    const m = r.message({ clause: r.clause, files: 'x.exe', host: 'h.example', domains: 'd.example', count: '5' });
    expect(m.ja).toContain(r.clause);
    expect(m.en).toContain(r.clause);
  });
  it('every rule a mail can raise has an audit projection or is a link rule', () => {
    for (const id of RULE_IDS) {
      const r = RULES[id];
      const mailOnly = r.surfaces.every((s) => s.startsWith('mail') || s === 'invite');
      if (mailOnly) expect(r.audit, id).toBeTypeOf('function');
    }
  });
  it('the policy schema knows every rule (rules.<id>.action)', () => {
    for (const id of RULE_IDS) expect(withLayer({ rules: { [id]: { action: 'allow' } } }).actions[id]).toBe('allow');
  });
});

describe('the docs list every rule, as generated from the records', () => {
  it.each([
    ['README.md', 'en'],
    ['docs/admin.ja.md', 'ja'],
    ['docs/admin.en.md', 'en'],
  ] as const)('%s', (file, lang) => {
    const block = ruleTableOf(readFileSync(file, 'utf8'));
    expect(block, `${file} has no rule-table markers`).not.toBeNull();
    expect(tableCells(block!), 'run node scripts/rule-table.mjs').toBe(tableCells(ruleTable(lang)));
    for (const id of RULE_IDS) expect(block).toContain(`\`${id}\``);
  });
});

describe('policy explain agrees with the verdict', () => {
  const tenant = withLayer({
    cloud: {
      approved: [
        {
          service: 'sharepoint-other-tenants',
          hosts: ['ssk-or-jp.sharepoint.com'],
          operator: 'Microsoft',
          purpose: '文書共有',
          highestClassification: 2,
          validUntil: '2027-03-31',
          applicant: '総務課',
          userScope: '全職員',
          manager: '情報システム課',
        },
      ],
    },
  });
  const cases: [string, typeof byDefault, string][] = [
    ['approved tenant that looks like ssk.or.jp', tenant, 'https://ssk-or-jp.sharepoint.com/sites/x'],
    ['the same tenant, not approved', byDefault, 'https://ssk-or-jp.sharepoint.com/sites/x'],
    ['a shortener', byDefault, 'https://bit.ly/abc'],
    ['the organisation', byDefault, 'https://www.ssk.or.jp/'],
    ['a look-alike', byDefault, 'https://sskk.or.jp/'],
    ['a non-web scheme', byDefault, 'mailto:a@b.jp'],
  ];
  it.each(cases)('%s', (_name, compiled, url) => {
    const verdict = judgeNavigation(compiled, url);
    const explained = explainNavigation(compiled, new URL(url));
    expect(explained.verdict.verdict).toBe(verdict.verdict);
    const steps = Object.fromEntries(explained.steps.map((s) => [s.check, s.result]));
    expect(steps.verdict).toBe(verdict.verdict);
    const findingSteps = explained.steps.filter((s) => s.check.startsWith('finding ')).map((s) => s.check.slice(8));
    expect(findingSteps).toEqual(verdict.findings.map((f) => f.rule));
    const lookalikeFound = verdict.findings.some((f) => f.rule === 'lookalike-domain');
    if (steps['look-alike'] !== undefined) expect(steps['look-alike'].startsWith('imitates')).toBe(lookalikeFound);
  });
  it('the approved tenant: allowed, and explained as not checked for look-alikes', () => {
    const e = explainNavigation(tenant, new URL('https://ssk-or-jp.sharepoint.com/'));
    expect(e.verdict.verdict).toBe('allow');
    expect(e.steps.find((s) => s.check === 'look-alike')?.result).toMatch(/not checked/);
    expect(e.steps.find((s) => s.check === 'approval')?.result).toMatch(/covers this host, in force/);
  });
});
