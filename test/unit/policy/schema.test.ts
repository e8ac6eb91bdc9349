import { describe, expect, it } from 'vitest';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { validateLayer, validatePolicy } from '../../../shared/policy/layers.ts';
import { errorLine } from '../../../shared/policy/errors.ts';
import { BUILTIN_CLOUD_SERVICES, BUILTIN_SHORTENERS } from '../../../shared/policy/builtins.ts';
import { PolicySchema } from '../../../shared/policy/schema.ts';

const approval = {
  service: 'google-drive',
  operator: 'Google LLC',
  purpose: '共同研究資料の共有',
  highestClassification: 1,
  validUntil: '2030-03-31',
  applicant: '企画課 山田',
  userScope: '企画課',
  manager: '企画課長',
};

describe('the built-in SSK default', () => {
  it('is a valid document', () => {
    expect(validatePolicy(SSK_DEFAULT_POLICY)).toMatchObject({ ok: true });
  });
  it('is the organisation SSK with ssk.or.jp and an empty approval register', () => {
    expect(SSK_DEFAULT_POLICY.organization).toMatchObject({ name: '社会保険診療報酬支払基金', domains: ['ssk.or.jp'] });
    expect(SSK_DEFAULT_POLICY.cloud.approved).toEqual([]);
  });
  it('has the starter directory of known organisations', () => {
    const domains = SSK_DEFAULT_POLICY.directory.flatMap((o) => o.domains);
    for (const d of [
      'mhlw.go.jp',
      'kokuho.or.jp',
      'digital.go.jp',
      'e-gov.go.jp',
      'myna.go.jp',
      'nisc.go.jp',
      'ipa.go.jp',
    ])
      expect(domains).toContain(d);
  });
  it('ships the curated shortener list (global and Japanese) and a catalogue that fits the schema', () => {
    for (const d of ['bit.ly', 't.co', 'tinyurl.com', 'goo.gl', 'amzn.to', 'youtu.be', 'x.gd', 'lnkd.in', 'cutt.ly'])
      expect(BUILTIN_SHORTENERS).toContain(d);
    for (const d of ['amzn.asia', 'r10.to', 'nico.ms', 'lin.ee', 'htn.to']) expect(BUILTIN_SHORTENERS).toContain(d);
    expect(new Set(BUILTIN_SHORTENERS).size).toBe(BUILTIN_SHORTENERS.length);
    for (const d of BUILTIN_SHORTENERS) expect(d).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/);
    // A shortener that is also a catalogued service would be judged twice: the catalogue keeps it.
    const serviceHosts = new Set(BUILTIN_CLOUD_SERVICES.flatMap((s) => s.hosts));
    expect(BUILTIN_SHORTENERS.filter((d) => serviceHosts.has(d))).toEqual([]);
    // Services users in Japan use, each with its source, curated here beside the material's catalogue.
    const byId = new Map(BUILTIN_CLOUD_SERVICES.map((s) => [s.id, s]));
    for (const id of [
      'gigafile',
      'firestorage',
      'datadeliver',
      'mirai-translate',
      'minhon-textra',
      'felo',
      'tenbin-ai',
    ])
      expect(byId.get(id), id).toBeTruthy();
    for (const s of BUILTIN_CLOUD_SERVICES.filter((x) => x.source !== undefined)) expect(s.source).toMatch(/\S{5}/);
    expect(new Set(BUILTIN_CLOUD_SERVICES.map((s) => s.id)).size).toBe(BUILTIN_CLOUD_SERVICES.length);
    const services = PolicySchema.shape.cloud.shape.services;
    expect(services.safeParse(BUILTIN_CLOUD_SERVICES).success).toBe(true);
  });
});

describe('validation errors', () => {
  it('locates each bad field and reports all of them at once', () => {
    const r = validateLayer({
      cloud: { approved: [approval, approval, approval, { ...approval, validUntil: '2027-13-01' }] },
      organization: { domains: ['ssk.or.jp', 'not a domain'] },
      overrides: { minutes: 0, allowd: true },
      rules: { shortener: { action: 'maybe' } },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.errors.map(errorLine);
    expect(lines).toContainEqual(
      expect.stringMatching(/^cloud\.approved\[3\]\.validUntil: not a date \("2027-13-01"\)/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^organization\.domains\[1\]: not a domain name/));
    expect(lines).toContainEqual(expect.stringMatching(/^overrides\.minutes: too small/));
    expect(lines).toContainEqual(expect.stringMatching(/^overrides\.allowd: unknown setting/));
    expect(lines).toContainEqual(expect.stringMatching(/^rules\.shortener\.action: not one of block \| warn \| allow/));
    expect(r.errors).toHaveLength(5);
    for (const e of r.errors) expect(e.ja).not.toBe('');
  });

  it('names a missing field of an approval record (4.2.3(1)-2 b)', () => {
    const { manager: _m, ...noManager } = approval;
    const r = validateLayer({ cloud: { approved: [noManager] } });
    expect(r.ok ? [] : r.errors.map(errorLine)).toEqual([
      expect.stringMatching(/^cloud\.approved\[0\]\.manager: missing/),
    ]);
  });

  it('rejects a wrong type with the value shown as text', () => {
    const r = validateLayer({ version: { '<script>': 1 } });
    expect(r.ok ? '' : errorLine(r.errors[0]!)).toMatch(/^version: expected string, got object \(\{"<script>":1\}\)/);
  });

  it('accepts a partial layer', () => {
    expect(validateLayer({ cloud: { approved: [approval] } }).ok).toBe(true);
    expect(validateLayer({}).ok).toBe(true);
  });

  it('a whole document must be complete', () => {
    expect(validatePolicy({ version: 'x' }).ok).toBe(false);
  });
});
