// The submission verdict (issue 4 item 3) and the upload guard (item 5): each rule blocks or warns
// where it must and stays silent where it must.
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import { judgeSubmission, judgeUpload, type SubmissionFacts } from '../../../shared/web/form-verdict.ts';

const NOW = Date.parse('2026-11-25T12:00:00+09:00');
const byDefault = compilePolicy(SSK_DEFAULT_POLICY, NOW);
const withLayer = (layer: PolicyLayer) => {
  const e = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'managed', doc: layer }]);
  expect(e.rejected).toEqual([]);
  return compilePolicy(e.policy, NOW);
};
const approval = (highestClassification: number, validUntil = '2027-03-31') => ({
  service: 'box',
  operator: 'Box, Inc.',
  purpose: '共同研究',
  highestClassification,
  validUntil,
  applicant: '企画課',
  userScope: '企画課',
  manager: '企画課長',
});
const judge = (page: string, action: string, over: Partial<SubmissionFacts> = {}, c = byDefault) =>
  judgeSubmission(c, { page, action, method: 'post', sensitive: ['password'], ...over });
const rules = (v: { findings: { rule: string; action: string }[] }) => v.findings.map((f) => `${f.rule}:${f.action}`);

describe('not sensitive: always allowed, no findings', () => {
  it.each([
    ['http://www.ssk.or.jp/', 'http://www.ssk.or.jp/search'],
    ['https://news.example.com/', 'https://evil.example.net/collect'],
    ['https://news.example.com/', 'https://ssk.or.jp.example.net/x'],
  ])('%s → %s', (page, action) => {
    const v = judge(page, action, { sensitive: [] });
    expect(v).toMatchObject({ verdict: 'allow', findings: [] });
  });
});

describe('insecure-transport (8.1.1(5)(f)(ｱ))', () => {
  it('blocks a page over http', () => {
    const v = judge('http://www.ssk.or.jp/login', '/login');
    expect(v.verdict).toBe('block');
    expect(v.findings[0]).toMatchObject({ rule: 'insecure-transport', action: 'block', clause: '8.1.1(5)(f)(ｱ)' });
    expect(v.findings[0]!.message.ja).toContain('http');
    expect(v.destination).toMatchObject({ encrypted: false, scheme: 'http' });
  });
  it('blocks https → http (downgrade)', () => {
    const v = judge('https://www.ssk.or.jp/login', 'http://www.ssk.or.jp/post');
    expect(rules(v)).toEqual(['insecure-transport:block']);
    expect(v.findings[0]!.details.where).toBe('downgrade');
  });
  it('blocks an http target from an http page of another site, with the other rules too', () => {
    expect(rules(judge('http://a.example.com/', 'http://b.example.org/'))).toEqual([
      'insecure-transport:block',
      'unknown-organization:warn',
    ]);
  });
  it('passes https to the organisation, and loopback over http', () => {
    expect(judge('https://www.ssk.or.jp/login', '/session').verdict).toBe('allow');
    expect(judge('http://localhost:8080/', 'http://127.0.0.1:8080/post').findings.map((f) => f.rule)).not.toContain(
      'insecure-transport',
    );
  });
  it('follows the policy action', () => {
    const c = withLayer({ rules: { 'insecure-transport': { action: 'warn' } } });
    expect(rules(judge('http://www.ssk.or.jp/', '/x', {}, c))).toEqual(['insecure-transport:warn']);
  });
});

describe('lookalike-domain (8.1.1(5)(f)(ｲ))', () => {
  it.each([
    'https://ssk.or.jp.example.net/login',
    'https://www.ѕѕк.or.jp/login',
    'https://ssk-or-jp.com/x',
    'https://mhlw.go.jp.example.com/',
  ])('blocks a form posting to %s', (action) => {
    const v = judge('https://portal.example.com/', action);
    expect(v.verdict).toBe('block');
    expect(v.findings.map((f) => f.rule)).toContain('lookalike-domain');
  });
  it('warns (本物ですか？) before a sensitive form goes to a weak imitation of a short name', () => {
    const f = judge('https://portal.example.com/', 'https://www.sks.or.jp/login').findings.find(
      (x) => x.rule === 'lookalike-domain',
    );
    expect(f).toMatchObject({ action: 'warn', details: { certainty: 'weak' } });
    expect(f!.message.ja).toContain('本物ですか？');
  });
  it('blocks a form on a look-alike page posting to itself', () => {
    const v = judge('https://www.ssk.or.jp.example.net/', '/post');
    expect(v.findings.find((f) => f.rule === 'lookalike-domain')).toMatchObject({ action: 'block' });
  });
  it('blocks a look-alike page even when it posts to the real site', () => {
    const v = judge('https://ssk-or-jp.com/', 'https://www.ssk.or.jp/post');
    expect(v.findings.map((f) => f.rule)).toContain('lookalike-domain');
  });
  it('passes the real domains', () => {
    expect(judge('https://www.mhlw.go.jp/', 'https://www.mhlw.go.jp/form').verdict).toBe('allow');
  });
});

describe('unknown-organization (8.1.1(5)(f)(ｲ))', () => {
  it('warns for a domain not in the directory, naming it', () => {
    const v = judge('https://forms.example.net/', '/submit', { sensitive: ['my-number'] });
    expect(rules(v)).toEqual(['unknown-organization:warn']);
    expect(v.findings[0]!.details).toMatchObject({ reason: 'not-in-directory', registrable: 'example.net' });
    expect(v.destination).toMatchObject({ relation: 'other', registrable: 'example.net', encrypted: true });
  });
  it('warns for a cross-site post from the organisation to a known organisation', () => {
    const v = judge('https://www.ssk.or.jp/', 'https://www.mhlw.go.jp/post');
    expect(v.crossSite).toBe(true);
    expect(rules(v)).toEqual(['unknown-organization:warn']);
    expect(v.findings[0]!.details.reason).toBe('cross-site');
    expect(v.findings[0]!.message.ja).toContain('厚生労働省');
    expect(v.findings[0]!.message.en).toContain('Ministry of Health, Labour and Welfare');
  });
  it('passes the same known organisation under its other domain, and subdomains of the organisation', () => {
    expect(judge('https://www.nisc.go.jp/', 'https://www.cyber.go.jp/post').verdict).toBe('allow');
    expect(judge('https://www.ssk.or.jp/', 'https://login.ssk.or.jp/post').verdict).toBe('allow');
  });
  it('describes go.jp and lg.jp as government-only, with the organisation from the directory', () => {
    expect(judge('https://www.nenkin.go.jp/', '/x').destination).toMatchObject({
      governmentOnly: 'go.jp',
      relation: 'known-organization',
      organization: { name: '日本年金機構' },
    });
    const lg = judge('https://www.city.example.lg.jp/', '/x');
    expect(lg.destination?.governmentOnly).toBe('lg.jp');
    expect(rules(lg)).toEqual(['unknown-organization:warn']);
  });
  it('passes an approved service; warns for an unapproved one', () => {
    const c = withLayer({ cloud: { approved: [approval(1)] } });
    expect(judge('https://app.box.com/', '/login', {}, c).verdict).toBe('allow');
    expect(rules(judge('https://app.box.com/', '/login'))).toEqual(['unknown-organization:warn']);
  });
  it('can be turned off by the policy', () => {
    const c = withLayer({ rules: { 'unknown-organization': { action: 'allow' } } });
    expect(judge('https://forms.example.net/', '/x', {}, c).verdict).toBe('allow');
  });
  it('non-web actions (mailto:, javascript:) are not judged', () => {
    expect(judge('https://forms.example.net/', 'mailto:someone@example.net').verdict).toBe('allow');
  });
  it('an action that is not a URL throws', () => {
    expect(() => judge('not a page', 'also not')).toThrow(TypeError);
  });
});

describe('files marked 要機密 (4.2.3, 3.1.1(4)(f))', () => {
  const marked = { sensitive: ['file' as const, 'confidential-marker' as const], markedFiles: ['【秘】名簿.xlsx'] };
  it('go to the organisation', () => {
    expect(judge('https://www.ssk.or.jp/', '/upload', marked).verdict).toBe('allow');
    expect(judgeUpload(byDefault, 'https://share.ssk.or.jp/', ['【秘】名簿.xlsx']).verdict).toBe('allow');
  });
  it('are blocked on an unknown site as unknown-organization, raised to block, naming the file', () => {
    const v = judgeUpload(byDefault, 'https://upload.example.com/', ['【秘】名簿.xlsx']);
    expect(rules(v)).toEqual(['unknown-organization:block']);
    expect(v.findings[0]!.message.ja).toContain('【秘】名簿.xlsx');
    expect(rules(judge('https://upload.example.com/', '/up', marked))).toEqual(['unknown-organization:block']);
  });
  it('are blocked on a known organisation, which is not an approval', () => {
    expect(judgeUpload(byDefault, 'https://www.mhlw.go.jp/', ['要機密_報告.pdf']).verdict).toBe('block');
  });
  it('are blocked on a service approved only up to 機密性1, allowed at 2 or above', () => {
    const low = judgeUpload(withLayer({ cloud: { approved: [approval(1)] } }), 'https://app.box.com/', [
      '機密性2_資料.pdf',
    ]);
    expect(rules(low)).toEqual(['cloud-confidential-upload:block']);
    expect(low.findings[0]!.message.ja).toContain('機密性1');
    expect(low.findings[0]!.clause).toBe('4.2.3, 3.1.1(4)(f)');
    expect(
      judgeUpload(withLayer({ cloud: { approved: [approval(2)] } }), 'https://app.box.com/', ['機密性2_資料.pdf'])
        .verdict,
    ).toBe('allow');
  });
  it('are blocked on an approval that has expired', () => {
    const c = withLayer({ cloud: { approved: [approval(3, '2026-01-31')] } });
    expect(rules(judgeUpload(c, 'https://app.box.com/', ['【秘】x.pdf']))).toEqual(['cloud-confidential-upload:block']);
  });
  it('files without a marker pass the upload guard', () => {
    expect(judgeUpload(byDefault, 'https://upload.example.com/', []).verdict).toBe('allow');
  });
});
