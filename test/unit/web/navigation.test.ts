import { describe, expect, it } from 'vitest';
import { compilePolicy, jstDayStart } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import { judgeNavigation } from '../../../shared/web/navigation.ts';
import { hostStatus } from '../../../shared/web/host-status.ts';

const NOW = Date.parse('2026-11-25T12:00:00+09:00');
const withLayer = (layer: PolicyLayer, now = NOW) => {
  const e = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'managed', doc: layer }]);
  expect(e.rejected).toEqual([]);
  return compilePolicy(e.policy, now);
};
const byDefault = compilePolicy(SSK_DEFAULT_POLICY, NOW);
const approval = (over: Record<string, unknown> = {}) => ({
  service: 'google-drive',
  operator: 'Google LLC',
  purpose: '研究資料の共有',
  highestClassification: 1,
  validUntil: '2027-03-31',
  applicant: '企画課',
  userScope: '企画課',
  manager: '企画課長',
  ...over,
});
const rules = (c: ReturnType<typeof compilePolicy>, url: string) => judgeNavigation(c, url).findings.map((f) => f.rule);

describe('shortener', () => {
  it.each(['https://bit.ly/abc', 'http://www.bit.ly/x', 'https://t.co/x', 'https://BIT.LY./x', 'https://aka.ms/x'])(
    'blocks %s with clause 6.6.2(3)-1',
    (url) => {
      const v = judgeNavigation(byDefault, url);
      expect(v.verdict).toBe('block');
      expect(v.findings[0]).toMatchObject({ rule: 'shortener', action: 'block' });
      expect(v.findings[0]!.clause).toContain('6.6.2(3)-1');
      expect(v.findings[0]!.message.ja).toContain('短縮URL');
      expect(v.findings[0]!.message.en).toContain('shortener');
    },
  );
  it.each(['https://bit.ly.example.com/', 'https://example.com/bit.ly', 'https://notbit.ly/'])('passes %s', (url) => {
    expect(rules(byDefault, url)).not.toContain('shortener');
  });
  it('honours exceptions and extra domains', () => {
    const c = withLayer({ shorteners: { exceptions: ['aka.ms'], extraDomains: ['go.example.org'] } });
    expect(judgeNavigation(c, 'https://aka.ms/x').verdict).toBe('allow');
    expect(rules(c, 'https://go.example.org/x')).toEqual(['shortener']);
  });
  it('the action can be relaxed to warn, or turned off', () => {
    expect(judgeNavigation(withLayer({ rules: { shortener: { action: 'warn' } } }), 'https://bit.ly/x').verdict).toBe(
      'warn',
    );
    expect(
      judgeNavigation(withLayer({ rules: { shortener: { action: 'allow' } } }), 'https://bit.ly/x').findings,
    ).toEqual([]);
  });
});

describe('cloud-unapproved', () => {
  it.each(['https://drive.google.com/', 'https://www.dropbox.com/s/x', 'https://gigafile.nu/', 'https://chatgpt.com/'])(
    'blocks %s by default',
    (url) => {
      const v = judgeNavigation(byDefault, url);
      expect(v.verdict).toBe('block');
      expect(v.findings[0]).toMatchObject({ rule: 'cloud-unapproved', clause: '8.1.1(3)(m), 4.2.3' });
      expect(v.findings[0]!.details).toMatchObject({ operator: expect.any(String), category: expect.any(String) });
    },
  );
  it('does not block the shared parent domain of a service (google.com)', () => {
    expect(judgeNavigation(byDefault, 'https://www.google.com/').verdict).toBe('allow');
    expect(judgeNavigation(byDefault, 'https://github.com/').verdict).toBe('allow');
  });
  it('allows a service approved until a future date, and blocks it again once the date has passed', () => {
    const layer = { cloud: { approved: [approval({ validUntil: '2027-03-31' })] } };
    expect(judgeNavigation(withLayer(layer), 'https://drive.google.com/').verdict).toBe('allow');
    const lastMoment = jstDayStart('2027-03-31') + 86_400_000 - 1;
    expect(judgeNavigation(withLayer(layer, lastMoment), 'https://drive.google.com/').verdict).toBe('allow');
    const after = withLayer(layer, lastMoment + 1);
    const v = judgeNavigation(after, 'https://drive.google.com/');
    expect(v.verdict).toBe('block');
    expect(v.findings[0]!.details.expired).toBe('2027-03-31');
    expect(v.findings[0]!.message.ja).toContain('期限');
  });
  it('an approval not yet in force does not approve', () => {
    const c = withLayer({ cloud: { approved: [approval({ validFrom: '2027-01-01' })] } });
    expect(judgeNavigation(c, 'https://drive.google.com/').verdict).toBe('block');
  });
  it('an approval naming hosts approves only those (the organisation’s own SharePoint tenant)', () => {
    const c = withLayer({
      cloud: {
        approved: [
          approval({ service: 'sharepoint-other-tenants', hosts: ['ssk.sharepoint.com', 'ssk-my.sharepoint.com'] }),
        ],
      },
    });
    expect(judgeNavigation(c, 'https://ssk.sharepoint.com/sites/x').verdict).toBe('allow');
    expect(judgeNavigation(c, 'https://ssk-my.sharepoint.com/').verdict).toBe('allow');
    expect(judgeNavigation(c, 'https://contoso.sharepoint.com/').verdict).toBe('block');
  });
  it('categories not enforced are not blocked', () => {
    const c = withLayer({ cloud: { enforcedCategories: ['file-storage'] } });
    expect(judgeNavigation(c, 'https://chatgpt.com/').verdict).toBe('allow');
    expect(judgeNavigation(c, 'https://www.dropbox.com/').verdict).toBe('block');
  });
  it('tells when the next approval change is due', () => {
    const c = withLayer({ cloud: { approved: [approval({ validUntil: '2027-03-31' })] } });
    expect(c.nextChange).toBe(jstDayStart('2027-04-01'));
  });
});

describe('lookalike-domain', () => {
  it.each([
    'https://ssk.or.jp.example.net/',
    'https://xn--k-cvba.or.jp/',
    'https://ѕѕk.or.jp/',
    'https://mhlw.go.jp.example.com/',
  ])('blocks %s', (url) => {
    const v = judgeNavigation(byDefault, url);
    expect(v.verdict).toBe('block');
    expect(v.findings.map((f) => f.rule)).toEqual(['lookalike-domain']);
  });
  it('shows an IDN host both ways in the message', () => {
    const v = judgeNavigation(byDefault, 'https://ѕѕk.or.jp/');
    expect(v.findings[0]!.message.ja).toContain('ѕѕk.or.jp (xn--k-cvba.or.jp)');
  });
});

describe('what passes', () => {
  it.each([
    'https://www.ssk.or.jp/',
    'https://ssk.or.jp/',
    'https://www.mhlw.go.jp/',
    'https://example.com/',
    'http://localhost:8080/',
    'http://127.0.0.1/',
    'about:blank',
    'chrome://settings',
    'file:///tmp/x.html',
  ])('%s is allowed', (url) => {
    expect(judgeNavigation(byDefault, url)).toMatchObject({ verdict: 'allow', findings: [] });
  });
  it('throws on what is not a URL', () => {
    expect(() => judgeNavigation(byDefault, 'not a url')).toThrow(TypeError);
  });
});

describe('hostStatus', () => {
  it('tells organisation, known organisation, approved service, cloud service and other apart', () => {
    const c = withLayer({ cloud: { approved: [approval()] } });
    expect(hostStatus(c, 'www.ssk.or.jp').kind).toBe('organization');
    expect(hostStatus(c, 'www.mhlw.go.jp')).toMatchObject({
      kind: 'known-organization',
      organization: { name: '厚生労働省' },
    });
    expect(hostStatus(c, 'drive.google.com')).toMatchObject({
      kind: 'approved-service',
      approval: { validUntil: '2027-03-31' },
    });
    expect(hostStatus(c, 'www.dropbox.com').kind).toBe('cloud-service');
    expect(hostStatus(c, 'example.com').kind).toBe('other');
  });
});
