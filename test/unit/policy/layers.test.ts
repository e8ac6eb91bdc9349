import { describe, expect, it } from 'vitest';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';

describe('effectivePolicy (default < last-known-good < remote < managed)', () => {
  it('is the default when no layer is present', () => {
    const e = effectivePolicy(SSK_DEFAULT_POLICY, [
      { name: 'managed', doc: undefined },
      { name: 'remote', doc: null },
    ]);
    expect(e.policy).toEqual(SSK_DEFAULT_POLICY);
    expect(e.applied).toEqual(['default']);
    expect(e.sources['organization.name']).toBe('default');
  });

  it('later layers win, whatever order they are given in', () => {
    const e = effectivePolicy(SSK_DEFAULT_POLICY, [
      { name: 'managed', doc: { version: 'managed-1', overrides: { allowed: true } } },
      { name: 'last-known-good', doc: { version: 'lkg-1', overrides: { minutes: 15 } } },
      { name: 'remote', doc: { version: 'remote-1' } },
    ]);
    expect(e.policy.version).toBe('managed-1');
    expect(e.policy.overrides).toEqual({ allowed: true, reasonRequired: true, minutes: 15 });
    expect(e.applied).toEqual(['default', 'last-known-good', 'remote', 'managed']);
    expect(e.sources).toMatchObject({
      version: 'managed',
      'overrides.allowed': 'managed',
      'overrides.minutes': 'last-known-good',
      'overrides.reasonRequired': 'default',
    });
  });

  it('replaces arrays whole', () => {
    const e = effectivePolicy(SSK_DEFAULT_POLICY, [
      { name: 'managed', doc: { shorteners: { exceptions: ['aka.ms'] } } },
    ]);
    expect(e.policy.shorteners.exceptions).toEqual(['aka.ms']);
    expect(e.sources['shorteners.exceptions']).toBe('managed');
  });

  it('a broken layer is rejected whole with its errors; the layers below stay in force', () => {
    const e = effectivePolicy(SSK_DEFAULT_POLICY, [
      { name: 'remote', doc: { version: 'remote-2', overrides: { allowed: true } } },
      { name: 'managed', doc: { version: 'managed-bad', overrides: { minutes: 'soon' } } },
    ]);
    expect(e.policy.version).toBe('remote-2');
    expect(e.policy.overrides.allowed).toBe(true);
    expect(e.applied).toEqual(['default', 'remote']);
    expect(e.rejected).toHaveLength(1);
    expect(e.rejected[0]!.layer).toBe('managed');
    expect(e.rejected[0]!.errors[0]!.path).toBe('overrides.minutes');
  });

  it('never falls back to no protection: a layer that is not an object is rejected', () => {
    const e = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc: 'garbage' }]);
    expect(e.policy).toEqual(SSK_DEFAULT_POLICY);
    expect(e.rejected[0]!.errors[0]!.path).toBe('(document)');
  });

  it('does not modify its inputs', () => {
    const before = JSON.stringify(SSK_DEFAULT_POLICY);
    effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'managed', doc: { overrides: { allowed: true } } }]);
    expect(JSON.stringify(SSK_DEFAULT_POLICY)).toBe(before);
  });
});
