import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { exceptionRequestMailto, explainBlock, urlAsText } from '../../../shared/web/block-explanation.ts';

const compiled = compilePolicy(SSK_DEFAULT_POLICY);

describe('explainBlock', () => {
  it('explains an unapproved cloud service with its name, operator and category in both languages', () => {
    const e = explainBlock(compiled, 'cloud-unapproved', 'https://drive.google.com/x');
    expect(e).toMatchObject({
      rule: 'cloud-unapproved',
      clause: '8.1.1(3)(m), 4.2.3',
      service: {
        name: 'Google Drive / Docs',
        operator: 'Google LLC',
        category: { ja: 'オンラインストレージ', en: 'online storage' },
      },
      host: { ascii: 'drive.google.com', registrable: 'google.com', isIdn: false },
      canResolve: false,
      override: { allowed: false },
    });
    expect(e.nextSteps.length).toBeGreaterThan(0);
  });
  it('offers to resolve a shortener', () => {
    expect(explainBlock(compiled, 'shortener', 'https://bit.ly/x')).toMatchObject({
      rule: 'shortener',
      canResolve: true,
    });
  });
  it('offers “where does it lead?” only for a host that is a shortener under the policy', () => {
    // A page may open the block page with any rule and address: the rule alone does not make a shortener.
    expect(explainBlock(compiled, 'shortener', 'https://www.example.com/').canResolve).toBe(false);
    expect(explainBlock(compiled, 'shortener', 'https://www.ssk.or.jp/x').canResolve).toBe(false);
    const excepted = compilePolicy({
      ...SSK_DEFAULT_POLICY,
      shorteners: { ...SSK_DEFAULT_POLICY.shorteners, exceptions: ['aka.ms'] },
    });
    expect(explainBlock(excepted, 'shortener', 'https://aka.ms/x').canResolve).toBe(false);
    expect(explainBlock(compiled, 'shortener', 'https://aka.ms/x').canResolve).toBe(true);
  });
  it('shows an IDN look-alike both ways', () => {
    const e = explainBlock(compiled, 'lookalike-domain', 'https://xn--k-cvba.or.jp/');
    expect(e.host).toMatchObject({ ascii: 'xn--k-cvba.or.jp', unicode: 'ѕѕk.or.jp', isIdn: true });
    expect(e.imitates).toBe('ssk.or.jp');
  });
  it('does not trust the rule named in the address', () => {
    expect(explainBlock(compiled, '<img src=x>', 'https://bit.ly/x').rule).toBe('shortener');
  });
  it('survives something that is not a URL', () => {
    expect(explainBlock(compiled, 'shortener', 'javascript:alert(1)<b>').host).not.toBeNull();
    expect(explainBlock(compiled, 'shortener', 'not a url').host).toBeNull();
  });
});

describe('urlAsText', () => {
  it('makes bidi and control characters visible and cuts very long URLs', () => {
    expect(urlAsText('https://x.example/\u202Etxt.exe')).toBe('https://x.example/⟨U+202E⟩txt.exe');
    expect(urlAsText('https://x.example/' + 'a'.repeat(1000)).length).toBeLessThanOrEqual(301);
  });
});

describe('exceptionRequestMailto', () => {
  it('fills in rule, clause, host and reason (2.2.2)', () => {
    const href = exceptionRequestMailto(
      explainBlock(compiled, 'cloud-unapproved', 'https://drive.google.com/'),
      '共同研究',
    );
    expect(href.startsWith('mailto:security@ssk.or.jp?subject=')).toBe(true);
    const body = decodeURIComponent(href.split('&body=')[1]!);
    expect(body).toContain('cloud-unapproved');
    expect(body).toContain('8.1.1(3)(m), 4.2.3');
    expect(body).toContain('drive.google.com');
    expect(body).toContain('共同研究');
  });
});
