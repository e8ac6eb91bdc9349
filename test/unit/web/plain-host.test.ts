// The fast host reading of judgeNavigation must give exactly what the WHATWG parser gives, or step aside.
import { describe, expect, it } from 'vitest';
import { hostFromUrl } from '../../../shared/domains/host.ts';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { judgeNavigation, plainHost } from '../../../shared/web/navigation.ts';

const TRICKY = [
  'https://www.ssk.or.jp/',
  'https://ssk.or.jp',
  'https://ssk.or.jp./x',
  'https://ssk.or.jp?q',
  'https://ssk.or.jp#f',
  'http://a-.b-c.example/',
  'https://-x.example/',
  'https://www.ssk.or.jp@evil.example/',
  'https://evil.example@www.ssk.or.jp/',
  'https://:pw@evil.example/',
  'https://ssk.or.jp:443/',
  'https://ssk.or.jp\\@evil.example/',
  'https://SSK.or.jp/',
  'HTTPS://ssk.or.jp/',
  'https://ss\tk.or.jp/',
  'https://ss\nk.or.jp/',
  ' https://ssk.or.jp/',
  'https://ssk.or.jp%2eevil.example/',
  'https://xn--k-cvba.or.jp/',
  'https://xn--.example/',
  'https://1.2.3.4/',
  'https://0x7f.1/',
  'https://a.09/',
  'https://example.0x/',
  'https://a..b/',
  'https://.a.b/',
  'https://a.b../',
  'https://ѕѕк.or.jp/',
  'https://[::1]/',
  'https://localhost/',
  'http://12345/',
  'ws://ssk.or.jp/',
  'file:///etc/passwd',
  'https:ssk.or.jp/',
  'https:/ssk.or.jp/',
  'https:///ssk.or.jp/',
];

describe('plainHost (the fast path of judgeNavigation)', () => {
  it.each(TRICKY)('%s: the same host as the WHATWG parser, or none', (url) => {
    const fast = plainHost(url);
    if (fast === null) return;
    expect(fast).toBe(hostFromUrl(new URL(url)));
  });

  it('takes the common URLs and leaves the tricky ones to the parser', () => {
    expect(plainHost('https://www.example.co.jp/path?q=1')).toBe('www.example.co.jp');
    for (const url of [
      'https://www.ssk.or.jp@evil.example/',
      'https://0x7f.1/',
      'https://ss\tk.or.jp/',
      'https://SSK.or.jp/',
    ])
      expect(plainHost(url)).toBeNull();
  });

  it('gives the same verdict either way', () => {
    const compiled = compilePolicy(SSK_DEFAULT_POLICY);
    for (const url of [
      'https://bit.ly/x',
      'https://ssk.or.jp.example.net/',
      'https://sks.or.jp/',
      'https://www.ssk.or.jp/',
    ])
      expect(judgeNavigation(compiled, url)).toEqual(judgeNavigation(compiled, new URL(url)));
  });
});
