import { describe, expect, it } from 'vitest';
import { LookalikeDetector } from '../../../shared/domains/lookalike.ts';
import { normalizeHost } from '../../../shared/domains/host.ts';
import { skeleton } from '../../../shared/domains/confusables.ts';

const detector = new LookalikeDetector(['ssk.or.jp', 'mhlw.go.jp', 'kokuho.or.jp', 'e-gov.go.jp']);
const check = (h: string) => detector.check(normalizeHost(h)!);

describe('LookalikeDetector', () => {
  it.each([
    ['ssk.or.jp.example.net', 'embedded'],
    ['ssk-or-jp.com', 'embedded'],
    ['sskor.jp', 'embedded'],
    ['login.ssk.or.jp.evil.example', 'embedded'],
    ['ѕѕк.or.jp', 'homoglyph'], // Cyrillic dze, dze, ka
    ['ssk.οr.jp', 'homoglyph'], // Greek omicron in the suffix
    ['www.ѕsk.or.jp', 'homoglyph'],
    ['ssk.co.jp', 'other-suffix'],
    ['ssk.jp', 'other-suffix'],
    ['mhlw.com', 'other-suffix'],
    ['mh1w.com', 'other-suffix'],
    ['sks.or.jp', 'one-edit'],
    ['ss.or.jp', 'one-edit'],
    ['ssks.or.jp', 'one-edit'],
    ['sssk.or.jp', 'embedded'],
    ['kokuhoo.or.jp', 'one-edit'],
    ['kokuba.or.jp', null], // two edits
  ])('%s → %s', (host, kind) => {
    if (kind === null) expect(check(host)).toBeNull();
    else expect(check(host)?.kind).toBe(kind);
  });

  it.each([
    'ssk.or.jp',
    'www.ssk.or.jp',
    'mail.ssk.or.jp',
    'www.mhlw.go.jp',
    'e-gov.go.jp',
    'ask.or.jp', // a different short name, not a typo trick
    'sso.or.jp',
    'example.com',
    'google.com',
    'kokusai.or.jp',
    '127.0.0.1',
  ])('%s is not a look-alike', (host) => {
    expect(check(host)).toBeNull();
  });

  it('says what is imitated', () => {
    expect(check('mhlw.go.jp.example.net')?.imitates).toBe('mhlw.go.jp');
  });
});

describe('skeleton', () => {
  it('folds full-width, Cyrillic and Greek look-alikes to Latin', () => {
    expect(skeleton('ＳＳＫ')).toBe(skeleton('ssk'));
    expect(skeleton('раураl')).toBe(skeleton('paypal'));
    expect(skeleton('αpple')).toBe(skeleton('apple'));
  });
});
