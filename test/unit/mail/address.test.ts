import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../shared/mail/address.ts';

describe('parseAddress', () => {
  it.each([
    ['taro@ssk.or.jp', 'ssk.or.jp'],
    ['Taro <TARO@SSK.OR.JP>', 'ssk.or.jp'],
    ['"Yamada, Taro" <taro@mail.ssk.or.jp.>', 'mail.ssk.or.jp'],
    ['"x@evil.example" <taro@ssk.or.jp>', 'ssk.or.jp'],
    ['taro@ｓｓｋ．ｏｒ．ｊｐ', 'ssk.or.jp'],
    ['user@日本.jp', 'xn--wgv71a.jp'],
    ['mailto:a@b.co.jp', 'b.co.jp'],
  ])('%s → %s', (raw, domain) => {
    expect(parseAddress(raw)?.domain).toBe(domain);
  });
  it.each([
    '',
    'taro',
    '@ssk.or.jp',
    'taro@',
    'taro@localhost',
    'a@b c.jp',
    '/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=x',
    'a@[192.0.2.1]',
  ])('no usable domain in %j', (raw) => {
    expect(parseAddress(raw)).toBeNull();
  });
});
