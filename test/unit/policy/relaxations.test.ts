// `policy validate` lists what a document relaxes against the built-in default.
import { describe, expect, it } from 'vitest';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import { relaxationsOf } from '../../../shared/policy/relaxations.ts';

const over = (doc: unknown) => {
  const e = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc }]);
  expect(e.rejected).toEqual([]);
  return relaxationsOf(e.policy);
};
const paths = (doc: unknown) => over(doc).map((r) => r.path);

describe('settings weaker than the default (must be listed)', () => {
  it('a rule set to allow, or from block to warn', () => {
    expect(paths({ rules: { shortener: { action: 'allow' }, 'sender-domain': { action: 'warn' } } })).toEqual([
      'rules.shortener.action',
      'rules.sender-domain.action',
    ]);
    expect(paths({ rules: { 'external-recipient': { action: 'allow' } } })).toEqual([
      'rules.external-recipient.action',
    ]);
  });
  it('the built-in lists off, exceptions, categories removed from enforcement', () => {
    expect(
      paths({
        shorteners: { builtinList: false, exceptions: ['aka.ms', 'forms.gle'] },
        cloud: {
          builtinCatalogue: false,
          enforcedCategories: [
            'file-storage',
            'file-transfer',
            'paste',
            'translation',
            'file-hosting',
            'remote-control',
          ],
          extraDomainsGuard: { 'remote-control': 'upload', 'file-hosting': 'navigation' },
        },
      }),
    ).toEqual([
      'shorteners.builtinList',
      'shorteners.exceptions[0]',
      'shorteners.exceptions[1]',
      'cloud.builtinCatalogue',
      'cloud.enforcedCategories',
      'cloud.enforcedCategories',
      'cloud.extraDomainsGuard.remote-control',
    ]);
  });
  it('overrides allowed, without a reason, for longer', () => {
    expect(paths({ overrides: { allowed: true, reasonRequired: false, minutes: 480 } })).toEqual([
      'overrides.allowed',
      'overrides.reasonRequired',
      'overrides.minutes',
    ]);
  });
  it('a sender domain outside the organisation', () => {
    expect(paths({ mail: { senderDomains: ['ssk.or.jp', 'mail.ssk.or.jp', 'partner.co.jp'] } })).toEqual([
      'mail.senderDomains[2]',
    ]);
  });
  it('each in Japanese and English, naming the clause where a rule is relaxed', () => {
    const [r] = over({ rules: { shortener: { action: 'allow' } } });
    expect(r!.en).toContain('6.6.2(3)-1');
    expect(r!.ja).toContain('既定');
  });
});

describe('settings as strict as the default or stricter (must not be listed)', () => {
  it('the default itself, and a document that tightens', () => {
    expect(relaxationsOf(SSK_DEFAULT_POLICY)).toEqual([]);
    expect(
      paths({
        rules: { 'unknown-organization': { action: 'block' }, shortener: { action: 'block' } },
        forms: { allPostsSensitive: true },
        shorteners: { extraDomains: ['short.example'] },
        overrides: { minutes: 15, reasonRequired: false },
      }),
    ).toEqual([]);
  });
});
