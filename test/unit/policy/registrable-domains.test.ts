// A mistaken policy is rejected, not obeyed: a public suffix or a single label where a domain says
// who someone is (ours, known, allowed, approved) would make a whole namespace trusted.
import { describe, expect, it } from 'vitest';
import { errorLine } from '../../../shared/policy/errors.ts';
import { validateLayer } from '../../../shared/policy/layers.ts';

const approval = (hosts: string[]) => ({
  service: 'google-drive',
  hosts,
  operator: 'Google LLC',
  purpose: '共有',
  highestClassification: 1,
  validUntil: '2030-03-31',
  applicant: 'a',
  userScope: 'b',
  manager: 'c',
});

/** Each place that names trusted domains, as a layer putting `d` there, and the path of the entry. */
const PLACES: [string, (d: string) => unknown][] = [
  ['organization.domains[0]', (d) => ({ organization: { domains: [d] } })],
  ['directory[0].domains[0]', (d) => ({ directory: [{ name: 'x', domains: [d] }] })],
  ['shorteners.exceptions[0]', (d) => ({ shorteners: { exceptions: [d] } })],
  ['mail.senderDomains[0]', (d) => ({ mail: { senderDomains: [d] } })],
  ['cloud.approved[0].hosts[0]', (d) => ({ cloud: { approved: [approval([d])] } })],
  [
    'cloud.services[0].hosts[0]',
    (d) => ({ cloud: { services: [{ id: 'x', name: 'x', operator: 'x', category: 'paste', hosts: [d] }] } }),
  ],
];

const errorsOf = (doc: unknown) => {
  const r = validateLayer(doc);
  return r.ok ? [] : r.errors;
};

describe('domains must be registrable (must be rejected)', () => {
  for (const [path, place] of PLACES)
    it(`a public suffix or a single label in ${path}`, () => {
      for (const d of ['ly', 'co', 'jp', 'or.jp', 'com', 'go.jp', 'lg.jp', 'github.io', '*.or.jp', 'CO.JP.']) {
        const errors = errorsOf(place(d));
        expect(errors, d).toHaveLength(1);
        expect(errors[0]!.path).toBe(path);
        expect(errorLine(errors[0]!)).toContain(`${path}: ${JSON.stringify(d)} is a public suffix`);
        expect(errors[0]!.ja).toContain('公開サフィックス');
      }
      const single = errorsOf(place('intranet'));
      expect(single.map(errorLine)).toEqual([expect.stringContaining(`${path}: "intranet" is a single label`)]);
      expect(single[0]!.ja).toContain('単一ラベル');
    });
  it('the example of the issue, word for word', () => {
    expect(errorLine(errorsOf({ shorteners: { exceptions: ['ly'] } })[0]!)).toMatch(
      /^shorteners\.exceptions\[0\]: "ly" is a public suffix/,
    );
  });
  it('a wildcard suffix of the list (*.kawasaki.jp) is a suffix too', () => {
    expect(errorsOf({ organization: { domains: ['foo.kawasaki.jp'] } })).toHaveLength(1);
  });
});

describe('registrable domains and hosts below them (must pass)', () => {
  for (const [path, place] of PLACES)
    it(`in ${path}`, () => {
      for (const d of [
        'ssk.or.jp',
        'www.ssk.or.jp',
        '*.ssk.or.jp',
        'aka.ms',
        'mhlw.go.jp',
        'city.kawasaki.jp',
        'a.github.io',
        '日本.jp',
        'ｓｓｋ.or.jp',
        'ssk.local',
        '10.1.2.3',
      ])
        expect(errorsOf(place(d)), d).toEqual([]);
    });
  it('a list of hosts to block may still name a whole suffix (stricter, never weaker)', () => {
    expect(errorsOf({ shorteners: { extraDomains: ['ly'] } })).toEqual([]);
  });
  it('a malformed entry still says "not a domain name", once', () => {
    expect(errorsOf({ shorteners: { exceptions: ['not a domain'] } }).map(errorLine)).toEqual([
      expect.stringMatching(/^shorteners\.exceptions\[0\]: not a domain name/),
    ]);
  });
});
