import { describe, expect, it } from 'vitest';
import { distinctiveName, PHISHING_WORDS } from '../../../shared/domains/compound.ts';
import { normalizeHost } from '../../../shared/domains/host.ts';
import { LookalikeDetector } from '../../../shared/domains/lookalike.ts';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { judgeNavigation } from '../../../shared/web/navigation.ts';

const detector = new LookalikeDetector([
  'ssk.or.jp',
  'mhlw.go.jp',
  'kokuho.or.jp',
  'nenkin.go.jp',
  'kyoukaikenpo.or.jp',
  'digital.go.jp',
  'cyber.go.jp',
  'ipa.go.jp',
  'nisc.go.jp',
  'myna.go.jp',
  'e-gov.go.jp',
]);
const check = (h: string) => detector.check(normalizeHost(h)!);

describe('which names are looked for in compounds', () => {
  it.each(['ssk', 'mhlw', 'ppc', 'kokuho', 'nenkin', 'kyoukaikenpo'])('%s is distinctive', (name) => {
    expect(distinctiveName(name)).toBe(true);
  });
  it.each(['digital', 'cyber', 'ipa', 'nisc', 'myna', 'e-gov', 'ss', 'kokuho1'])('%s is not', (name) => {
    expect(distinctiveName(name)).toBe(false);
  });
  it('the phishing words are a short list of plain lower-case words', () => {
    expect(PHISHING_WORDS.length).toBeLessThan(40);
    for (const w of PHISHING_WORDS) expect(w).toMatch(/^[a-z]{2,}$/);
  });
});

describe('compounds of a short name beside a phishing word, and of a longer name: strong (block)', () => {
  it.each([
    ['ssk-login.or.jp', 'ssk.or.jp'],
    ['ssk-secure.or.jp', 'ssk.or.jp'],
    ['ssk-portal.or.jp', 'ssk.or.jp'],
    ['ssk-account.com', 'ssk.or.jp'], // another suffix
    ['ssk-pay.jp', 'ssk.or.jp'],
    ['login-ssk.net', 'ssk.or.jp'],
    ['my-ssk-portal.com', 'ssk.or.jp'],
    ['ssk-web-login.co.jp', 'ssk.or.jp'],
    ['ssklogin.or.jp', 'ssk.or.jp'], // joined, no hyphen
    ['ssklogin.com', 'ssk.or.jp'],
    ['sskpayments.jp', 'ssk.or.jp'], // plural
    ['securessk.com', 'ssk.or.jp'], // the word before the name
    ['www.ssk-verify.xyz', 'ssk.or.jp'], // a host below the compound
    ['ѕѕк-login.com', 'ssk.or.jp'], // Cyrillic dze, dze, ka
    ['sslc-login.com', 'ssk.or.jp'], // lc → k
    ['kokuho-center.com', 'kokuho.or.jp'], // a longer name beside a foreign word
    ['kokuho-kyufu-login.com', 'kokuho.or.jp'], // a phishing word outweighs the Japanese one
    ['kokuhoportal.net', 'kokuho.or.jp'],
    ['mykokuho.jp', 'kokuho.or.jp'],
    ['nenkinservice.jp', 'nenkin.go.jp'],
    ['nenkіn-portal.com', 'nenkin.go.jp'], // Cyrillic і
    ['mhlw-info.com', 'mhlw.go.jp'],
    ['kyoukaikenpo-online.jp', 'kyoukaikenpo.or.jp'],
    // Below another registrable domain, beside a phishing word anywhere in the host's name.
    ['ssk.secure-login.com', 'ssk.or.jp'],
    ['ssk-login.example.net', 'ssk.or.jp'],
    ['login.ssk.example.net', 'ssk.or.jp'],
    ['www.kokuhoportal.evil.example', 'kokuho.or.jp'],
    ['ѕѕк.account-verify.net', 'ssk.or.jp'],
  ])('%s imitates %s, strong', (host, imitates) => {
    expect(check(host)).toMatchObject({ kind: 'embedded', imitates, certainty: 'strong' });
  });
});

describe('weak compounds (warn: 本物ですか？)', () => {
  it.each([
    ['ssk-blue.or.jp', 'ssk.or.jp'], // a short name beside a word that is not a phishing word
    ['ssk-group.com', 'ssk.or.jp'],
    ['sskblue.jp', 'ssk.or.jp'],
    ['sskclick.jp', 'ssk.or.jp'], // the skeleton keeps the vowel the look form folds away (i → l)
    ['ssk-kenkyu.com', 'ssk.or.jp'],
    ['group-ssk.net', 'ssk.or.jp'],
    // A romanised Japanese name beside Japanese words only: how real Japanese bodies are named.
    ['kochi-kokuhoren.or.jp', 'kokuho.or.jp'], // the Kōchi federation of national health insurance (real)
    ['kokuho-kyufu.com', 'kokuho.or.jp'],
    ['nenkіn-shinsei.com', 'nenkin.go.jp'], // Cyrillic і
  ])('%s imitates %s, weak', (host, imitates) => {
    expect(check(host)).toMatchObject({ kind: 'embedded', imitates, certainty: 'weak' });
  });
});

describe('not compounds', () => {
  it.each([
    'ssk.or.jp',
    'login.ssk.or.jp', // the organisation's own subdomains
    'ssk-login.ssk.or.jp',
    'portal.kokuho.or.jp',
    'saikokuhoren.or.jp', // the Saitama federation of national health insurance: the name is inside, not a part
    'passkey.com', // "ssk" inside a longer token
    'glasskin.jp',
    'bosskey.net',
    'grasskids.co.uk',
    'auttodessk.com', // a word ending in the letters of a short name (a real host, UT1)
    'docmasterpassk.top', // likewise (UT1)
    'sskm.de', // one letter beside the name (UT1)
    'ssk24.com', // digits are no word
    'ssktf.com', // two consonants are no word (a real host, UT1 shortener)
    'ssk.example.net', // a name alone as a label of another domain
    'ssk.aowc.net', // a name alone in a label below another domain, no phishing word (a real host, UT1)
    'ssk-group.example.net',
    'kokuho.example.com',
    'digital-arrow.com', // names that are words are not looked for in compounds
    'cyber-cinema.com',
    'ipad.com',
    'mynameday.com',
    'e-gov-portal.example',
    'kokusai-login.com',
    'ssk-login.go.jp', // go.jp: only government bodies register there
  ])('%s is not a look-alike', (host) => {
    expect(check(host)).toBeNull();
  });
});

describe('compounds in the navigation verdict (the default policy)', () => {
  const compiled = compilePolicy(SSK_DEFAULT_POLICY);
  it('a short name beside a phishing word blocks; beside another word it asks 「本物ですか？」', () => {
    expect(judgeNavigation(compiled, 'https://ssk-login.com/').verdict).toBe('block');
    const weak = judgeNavigation(compiled, 'https://ssk-group.com/');
    expect(weak.verdict).toBe('warn');
    expect(weak.findings[0]!.message.ja).toMatch(/^本物ですか？/);
    expect(weak.findings[0]!.message.en).toMatch(/^Is this the real site\?/);
    expect(judgeNavigation(compiled, 'https://kokuho-center.com/').verdict).toBe('block');
    expect(judgeNavigation(compiled, 'https://www.ssk.or.jp/login').verdict).toBe('allow');
  });
});
