// The add-in's policy loader (addin/src/policy-loader.ts) on the core's lifecycle: a signed policy.json
// is verified, its serial kept; a rollback or an expired document is refused and the last good stays.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCEPTED_KEY, LAST_GOOD_KEY, forgetPolicy, loadPolicy } from '../../../addin/src/policy-loader.ts';
import type { KeyValueStore } from '../../../addin/src/office-access.ts';
import { signPolicy } from '../../../shared/policy/remote-acceptance.ts';
import { generateKeyPair, importPrivateKey } from '../../../shared/policy/signature.ts';

const URL_ = 'https://localhost:3000/policy.json';
const NOW = Date.parse('2026-12-01T00:00:00Z');
const LATER = '2027-01-01T00:00:00Z';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    kind: 'runtime',
    data,
    get: async (k) => data.get(k) ?? null,
    set: async (k, v) => void data.set(k, v),
  };
}

describe('the add-in loads policy.json through the core (anti-rollback, expiry)', async () => {
  const keys = await generateKeyPair();
  const priv = await importPrivateKey(keys.privateKey);
  const sign = async (doc: Record<string, unknown>, serial: number, expires = LATER) =>
    JSON.stringify(await signPolicy(doc, { serial, expires }, priv));
  let served = '';
  let store: ReturnType<typeof memoryStore>;
  let clock = NOW;
  const load = () => {
    forgetPolicy(); // each load as a fresh runtime would do it
    return loadPolicy({ url: URL_, store, network: true, now: clock, publicKey: keys.publicKey });
  };

  beforeEach(() => {
    store = memoryStore();
    clock = NOW;
    vi.stubGlobal('fetch', async () => ({ ok: true, status: 200, text: async () => served }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    forgetPolicy();
  });

  it('a signed document takes effect; its serial becomes the mark (must pass)', async () => {
    served = await sign({ version: 'addin-5', organization: { domains: ['ssk.or.jp', 'partner.example'] } }, 5);
    const p = await load();
    expect(p.version).toBe('addin-5');
    expect(p.applied).toEqual(['default', 'remote']);
    expect(p.compiled.policy.organization.domains).toContain('partner.example');
    expect(JSON.parse(store.data.get(ACCEPTED_KEY)!)).toEqual({ serial: 5, key: keys.publicKey });
  });

  it('a lower serial is refused as a rollback; the last good copy stays in force (must block)', async () => {
    served = await sign({ version: 'addin-5' }, 5);
    await load();
    served = await sign({ version: 'addin-3', rules: { 'external-recipient': { action: 'allow' } } }, 3);
    const p = await load();
    expect(p.version).toBe('addin-5');
    expect(p.compiled.actions['external-recipient']).toBe('warn');
    expect(p.applied).toEqual(['default', 'last-known-good']);
    expect(p.rejected).toEqual([
      {
        layer: 'remote',
        errors: [
          expect.objectContaining({
            path: 'serial',
            en: expect.stringContaining('rollback'),
            ja: expect.stringContaining('巻き戻し'),
          }),
        ],
      },
    ]);
    expect(JSON.parse(store.data.get(LAST_GOOD_KEY)!)).toEqual({ version: 'addin-5' });
  });

  it('an expired document is refused; the last good copy stays (must block)', async () => {
    served = await sign({ version: 'addin-5' }, 5);
    await load();
    served = await sign({ version: 'addin-6' }, 6, '2026-11-30');
    const p = await load();
    expect(p.version).toBe('addin-5');
    expect(p.rejected[0]).toMatchObject({ layer: 'remote', errors: [{ path: 'expires' }] });
  });

  it('a higher serial replaces the stored copy whole, not laid over it (must pass)', async () => {
    served = await sign({ version: 'addin-5', overrides: { allowed: true } }, 5);
    await load();
    served = await sign({ version: 'addin-6' }, 6);
    const p = await load();
    expect(p.version).toBe('addin-6');
    expect(p.compiled.policy.overrides.allowed).toBe(false);
  });

  it('an unsigned document while a key is built in is refused (must block)', async () => {
    served = JSON.stringify({ version: 'unsigned', rules: { 'sender-domain': { action: 'allow' } } });
    const p = await load();
    expect(p.version).toMatch(/^ssk-default/);
    expect(p.rejected[0]!.errors[0]).toMatchObject({ path: 'signature', ja: expect.stringContaining('署名') });
  });
});
