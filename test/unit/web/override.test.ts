import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { decideOverride } from '../../../shared/web/override.ts';

const allowing = compilePolicy({
  ...SSK_DEFAULT_POLICY,
  overrides: { allowed: true, reasonRequired: true, minutes: 30 },
});

describe('decideOverride (2.2.2)', () => {
  it('grants a blocked host with a reason, for the policy’s minutes', () => {
    expect(decideOverride(allowing, 'shortener', 'https://bit.ly/x', '  取引先の案内  ')).toMatchObject({
      ok: true,
      host: 'bit.ly',
      minutes: 30,
      reason: '取引先の案内',
      finding: { rule: 'shortener' },
    });
  });
  it('refuses when the policy forbids overrides (the default), naming the clause in both languages', () => {
    const r = decideOverride(compilePolicy(SSK_DEFAULT_POLICY), 'shortener', 'https://bit.ly/x', 'a good reason');
    expect(r).toMatchObject({
      ok: false,
      error: { ja: expect.stringContaining('2.2.2'), en: expect.stringContaining('2.2.2') },
    });
  });
  it('refuses without a reason, for a URL that is not blocked, and for what is not a URL', () => {
    expect(decideOverride(allowing, 'shortener', 'https://bit.ly/x', ' ok ').ok).toBe(false);
    expect(decideOverride(allowing, 'shortener', 'https://www.ssk.or.jp/', 'a good reason').ok).toBe(false);
    expect(decideOverride(allowing, 'shortener', 'not a url', 'a good reason').ok).toBe(false);
  });
});
