import { describe, expect, it } from 'vitest';
import { displayHost, isIPLiteral, normalizeHost } from '../../../shared/domains/host.ts';
import { registrableDomain } from '../../../shared/domains/registrable.ts';
import { DomainSet } from '../../../shared/domains/domain-set.ts';

describe('normalizeHost', () => {
  it.each([
    ['WWW.SSK.OR.JP', 'www.ssk.or.jp'],
    ['www.ssk.or.jp.', 'www.ssk.or.jp'],
    ['ｓｓｋ．ｏｒ．ｊｐ', 'ssk.or.jp'],
    ['user:pw@ssk.or.jp:8443', 'ssk.or.jp'],
    ['https://www.ssk.or.jp/path?q=1', 'www.ssk.or.jp'],
    ['日本.jp', 'xn--wgv71a.jp'],
    ['*.go.jp', 'go.jp'],
    ['192.168.0.1', '192.168.0.1'],
    ['[::1]', '[::1]'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it.each(['', '   ', 'http://', 'exa mple.com', 'a<b>.com'])('rejects %j', (input) => {
    expect(normalizeHost(input)).toBeNull();
  });
});

describe('displayHost', () => {
  it('shows an IDN both ways', () => {
    expect(displayHost('xn--wgv71a.jp')).toEqual({ unicode: '日本.jp', ascii: 'xn--wgv71a.jp', isIdn: true });
  });
  it('leaves ASCII alone', () => {
    expect(displayHost('www.ssk.or.jp')).toEqual({ unicode: 'www.ssk.or.jp', ascii: 'www.ssk.or.jp', isIdn: false });
  });
});

describe('registrableDomain', () => {
  it.each([
    ['www.ssk.or.jp', 'ssk.or.jp'],
    ['a.b.mhlw.go.jp', 'mhlw.go.jp'],
    ['city.shibuya.tokyo.jp', 'city.shibuya.tokyo.jp'],
    ['bit.ly', 'bit.ly'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '[::1]'],
  ])('%s → %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });
  it('knows IP literals', () => {
    expect(isIPLiteral('10.0.0.1')).toBe(true);
    expect(isIPLiteral('[2001:db8::1]')).toBe(true);
    expect(isIPLiteral('ssk.or.jp')).toBe(false);
  });
});

describe('DomainSet', () => {
  const set = DomainSet.of(['bit.ly', 'T.CO', 'xn--wgv71a.jp']);
  it.each(['bit.ly', 'www.bit.ly', 'a.b.bit.ly', 't.co', 'xn--wgv71a.jp', 'www.xn--wgv71a.jp'])('matches %s', (h) => {
    expect(set.has(h)).toBe(true);
  });
  it.each(['bit.ly.example.com', 'notbit.ly', 'ly', 'example.com', 'bitaly'])('does not match %s', (h) => {
    expect(set.has(h)).toBe(false);
  });
  it('says which entry matched', () => {
    expect(set.matchEntry('a.www.bit.ly')?.entry).toBe('bit.ly');
  });
});
