import { describe, expect, it } from 'vitest';
import { classifyDomain, groupRecipients } from '../../../shared/mail/recipient-classifier.ts';
import { byDefault, to, withLayer } from './helpers.ts';

describe('classifyDomain', () => {
  it.each([
    ['ssk.or.jp', 'organization'],
    ['mail.ssk.or.jp', 'organization'],
    ['mhlw.go.jp', 'known-organization'],
    ['www.nenkin.go.jp', 'known-organization'],
    ['gmail.com', 'personal'],
    ['docomo.ne.jp', 'personal'],
    ['example.co.jp', 'other'],
    ['ssk.or.jp.example.net', 'other'],
  ])('%s is %s', (domain, kind) => {
    expect(classifyDomain(byDefault, domain).kind).toBe(kind);
  });
  it('names the organisation of a known domain', () => {
    expect(classifyDomain(byDefault, 'mhlw.go.jp').organization?.name).toBe('厚生労働省');
  });
  it('flags a look-alike of the organisation', () => {
    expect(classifyDomain(byDefault, 'ssk-or.jp').imitates).toBe('ssk.or.jp');
    expect(classifyDomain(byDefault, 'example.co.jp').imitates).toBeUndefined();
  });
  it('follows the policy: extra organisation domains and directory', () => {
    const c = withLayer({
      organization: { domains: ['ssk.or.jp', 'ssk.example'] },
      directory: [{ name: '取引先', domains: ['partner.co.jp'] }],
    });
    expect(classifyDomain(c, 'x.ssk.example').kind).toBe('organization');
    expect(classifyDomain(c, 'partner.co.jp').kind).toBe('known-organization');
    expect(classifyDomain(c, 'mhlw.go.jp').kind).toBe('other');
  });
});

describe('groupRecipients', () => {
  it('groups by domain whatever the case or form, organisation first', () => {
    const groups = groupRecipients(
      byDefault,
      to('a@gmail.com', 'B <b@GMAIL.com>', 'c@ssk.or.jp', 'd@mhlw.go.jp', 'e@zeta.example'),
    );
    expect(groups.map((g) => [g.domain, g.kind, g.recipients.length])).toEqual([
      ['ssk.or.jp', 'organization', 1],
      ['mhlw.go.jp', 'known-organization', 1],
      ['gmail.com', 'personal', 2],
      ['zeta.example', 'other', 1],
    ]);
    expect(groups.filter((g) => g.outside).map((g) => g.domain)).toEqual(['mhlw.go.jp', 'gmail.com', 'zeta.example']);
  });
  it('keeps an address without a domain as its own outside group', () => {
    const [g] = groupRecipients(byDefault, to('/o=Exchange/cn=someone'));
    expect(g).toMatchObject({ outside: true, unparsed: true, kind: 'other' });
  });
  it('shows IDN domains in Unicode with the ASCII form', () => {
    const [g] = groupRecipients(byDefault, to('a@日本.jp'));
    expect(g!.label).toBe('日本.jp (xn--wgv71a.jp)');
  });
});
