import { describe, expect, it } from 'vitest';
import table from '../../../shared/data/confusables.json';
import { lookForm, skeleton } from '../../../shared/domains/confusables.ts';
import { normalizeHost } from '../../../shared/domains/host.ts';
import { LookalikeDetector } from '../../../shared/domains/lookalike.ts';
import { publicSuffixOf, registrableLabel } from '../../../shared/domains/registrable.ts';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { judgeNavigation } from '../../../shared/web/navigation.ts';

const detector = new LookalikeDetector([
  'ssk.or.jp',
  'mhlw.go.jp',
  'kokuho.or.jp',
  'e-gov.go.jp',
  'nenkin.go.jp',
  'nisc.go.jp',
  'kyoukaikenpo.or.jp',
]);
const check = (h: string) => detector.check(normalizeHost(h)!);

describe('LookalikeDetector: strong imitations (block)', () => {
  it.each([
    ['ssk.or.jp.example.net', 'embedded'],
    ['ssk-or-jp.com', 'embedded'],
    ['ssk-or.jp', 'embedded'],
    ['ssk.or.jp.com', 'embedded'],
    ['sskor.jp', 'embedded'],
    ['login.ssk.or.jp.evil.example', 'embedded'],
    ['sssk.or.jp', 'embedded'],
    ['ѕѕк.or.jp', 'homoglyph'], // Cyrillic dze, dze, ka
    ['ssk.οr.jp', 'homoglyph'], // Greek omicron in the suffix
    ['www.ѕsk.or.jp', 'homoglyph'],
    ['ssĸ.or.jp', 'homoglyph'], // kra
    ['śšk.or.jp', 'homoglyph'], // marks
    ['sslc.or.jp', 'homoglyph'], // lc → k
    ['ss1c.or.jp', 'homoglyph'], // 1c → k
    ['sslk.or.jp', 'homoglyph'],
    ['kokuh0.or.jp', 'homoglyph'],
    ['kokuhoo.or.jp', 'one-edit'], // doubled letter of a long name
    ['kokhuo.or.jp', 'one-edit'], // swapped
    ['kokuhp.or.jp', 'one-edit'], // keyboard neighbour
    ['kyoukaiienpo.or.jp', 'one-edit'], // a flipped bit (k → i)
    ['kyoukaieknpo.or.jp', 'one-edit'], // swapped
    ['kyoukai-kenpo.or.jp', 'one-edit'], // a hyphen
    ['sslⱪ.or.jp', 'homoglyph'], // k with descender
    ['kokuho.com', 'other-suffix'],
    ['kokuho.jp', 'other-suffix'],
    ['nenkin.com', 'other-suffix'],
    ['nenkіn.com', 'other-suffix'], // Cyrillic і: the same skeleton as ASCII i
    ['xn--nenkn-q2e.com', 'other-suffix'], // the same, as the browser sends it
    ['rnhlw.go.jp.example.com', 'embedded'], // rn → m
  ])('%s → %s, strong', (host, kind) => {
    expect(check(host)).toMatchObject({ kind, certainty: 'strong' });
  });
});

describe('LookalikeDetector: weak imitations of short names (warn: 本物ですか？)', () => {
  it.each([
    ['sks.or.jp', 'one-edit'],
    ['ss.or.jp', 'one-edit'],
    ['ssks.or.jp', 'one-edit'],
    ['ask.or.jp', 'one-edit'], // could be a real organisation: asked, not blocked
    ['sso.or.jp', 'one-edit'],
    ['ssk.co.jp', 'other-suffix'],
    ['ssk.jp', 'other-suffix'],
    ['ssk.com', 'other-suffix'],
    ['mhlw.com', 'other-suffix'],
    ['mh1w.com', 'other-suffix'],
  ])('%s → %s, weak', (host, kind) => {
    expect(check(host)).toMatchObject({ kind, certainty: 'weak' });
  });
});

describe('LookalikeDetector: not imitations', () => {
  it.each([
    'ssk.or.jp',
    'www.ssk.or.jp',
    'mail.ssk.or.jp',
    'www.mhlw.go.jp',
    'e-gov.go.jp',
    'mhlw1.go.jp', // go.jp: only government bodies register there
    'www.nenkin1.go.jp',
    'example.com',
    'google.com',
    'kokusai.or.jp',
    'kokuba.or.jp', // two edits
    'tsk.co.jp.example', // neither the name nor the suffix
    'ssk.aowc.net', // a name alone as a label of another domain: real sites do that (UT1)
    'digital.example.com',
    'nlsc.co.uk', // l is not i in the skeleton: not the same name as nisc
    '127.0.0.1',
  ])('%s is not a look-alike', (host) => {
    expect(check(host)).toBeNull();
  });

  it('says what is imitated', () => {
    expect(check('mhlw.go.jp.example.net')?.imitates).toBe('mhlw.go.jp');
  });
});

describe('the name outside the host', () => {
  const compiled = compilePolicy(SSK_DEFAULT_POLICY);
  it.each([
    'https://www.ssk.or.jp@evil.example/',
    'https://ssk.or.jp:login@evil.example/',
    'https://www.ѕѕк.or.jp@203.0.113.9/',
    'https://www.nenkin.go.jp%2Flogin@evil.example/',
  ])('%s: the user-info part carries a protected domain → block', (url) => {
    const v = judgeNavigation(compiled, url);
    expect(v.verdict).toBe('block');
    expect(v.findings.find((f) => f.rule === 'lookalike-domain')?.details).toMatchObject({ kind: 'userinfo' });
  });
  it('a user-info part that names nothing protected is no look-alike', () => {
    expect(judgeNavigation(compiled, 'https://user:pass@example.com/').verdict).toBe('allow');
    expect(judgeNavigation(compiled, 'https://www.ssk.or.jp/').verdict).toBe('allow');
  });
  it('a weak imitation warns with 「本物ですか？」, a strong one blocks', () => {
    const weak = judgeNavigation(compiled, 'https://ssk.jp/');
    expect(weak.verdict).toBe('warn');
    expect(weak.findings[0]!.message.ja).toMatch(/^本物ですか？/);
    expect(weak.findings[0]!.message.en).toMatch(/^Is this the real site\?/);
    expect(judgeNavigation(compiled, 'https://nenkin.com/').verdict).toBe('block');
  });
});

describe('skeleton (UTS #39, confusables.txt)', () => {
  it('folds full-width, Cyrillic and Greek look-alikes to Latin', () => {
    expect(skeleton('ＳＳＫ')).toBe(skeleton('ssk'));
    expect(skeleton('раураl')).toBe(skeleton('paypal'));
    expect(skeleton('αpple')).toBe(skeleton('apple'));
  });
  it('is a fixed point: ASCII i and Cyrillic і meet at i, nothing maps on again', () => {
    expect(skeleton('nenkіn')).toBe('nenkin');
    expect(skeleton('nenkin')).toBe('nenkin');
    const sources = [...Object.keys(table.map), ...Object.keys(table.ascii), 'abcdefghijklmnopqrstuvwxyz0123456789-'];
    for (const s of sources) expect(skeleton(skeleton(s)), s).toBe(skeleton(s));
    for (const s of sources) expect(lookForm(lookForm(s)), s).toBe(lookForm(s));
  });
  it('carries its Unicode version', () => {
    expect(table.unicodeVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(table.map).length).toBeGreaterThan(300);
  });
});

/** Every character or letter group that reads as `letter` (confusables.json and the look form's groups). */
function confusablesOf(letter: string): string[] {
  const single = Object.entries(table.map)
    .filter(([, to]) => to === letter)
    .map(([from]) => from);
  const ascii = Object.entries(table.ascii)
    .filter(([, to]) => to === letter)
    .map(([from]) => from);
  const groups: Record<string, string[]> = {
    m: ['rn', 'rr', 'nn'],
    w: ['vv'],
    d: ['cl', 'dl'],
    k: ['lc', 'lk', '1c', 'ic'],
    l: ['1', 'i'],
    i: ['1', 'l'],
    o: ['0'],
  };
  return [...single, ...ascii, ...(groups[letter] ?? [])];
}

describe('every protected name against every confusable of each of its letters', () => {
  const domains = [
    ...SSK_DEFAULT_POLICY.organization.domains,
    ...SSK_DEFAULT_POLICY.directory.flatMap((o) => o.domains),
  ];
  const all = new LookalikeDetector(domains);
  for (const domain of domains) {
    it(domain, () => {
      const label = registrableLabel(domain);
      const suffix = publicSuffixOf(domain);
      const government = /(^|\.)(go|lg)\.jp$/.test(suffix);
      let tried = 0;
      const missed: string[] = [];
      [...label].forEach((letter, i) => {
        for (const c of confusablesOf(letter)) {
          const variant = label.slice(0, i) + c + label.slice(i + 1);
          // As the browser would send it; a character the URL parser refuses or maps away is no threat.
          const same = normalizeHost(`${variant}.${suffix}`);
          const carried = normalizeHost(`www.${variant}.${suffix}.example.net`);
          if (!same || !carried || same === domain) continue;
          tried++;
          // Under or.jp it is the same look; under go.jp/lg.jp no outsider can register, so carried inside another.
          const direct = all.check(same);
          if (
            !government &&
            !(direct?.kind === 'homoglyph' && direct.certainty === 'strong' && direct.imitates === domain)
          )
            missed.push(`${same} (${variant}) → ${JSON.stringify(direct)}`);
          const inside = all.check(carried);
          if (!(inside?.certainty === 'strong' && inside.imitates === domain))
            missed.push(`${carried} (${variant}) → ${JSON.stringify(inside)}`);
        }
      });
      expect(missed).toEqual([]);
      expect(tried).toBeGreaterThan(label.length * 3);
    });
  }
});
