// The extension's remote policy (entrypoints/background/remote-policy.ts) with the browser's storage
// and the network faked: what it keeps, what it refuses, and that the last good document stays.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signPolicy } from '../../../shared/policy/remote-acceptance.ts';
import { generateKeyPair, importPrivateKey } from '../../../shared/policy/signature.ts';

const local = new Map<string, unknown>();
vi.mock('wxt/browser', () => ({
  browser: {
    storage: {
      local: {
        get: async (keys: string | string[]) =>
          Object.fromEntries(
            [keys]
              .flat()
              .filter((k) => local.has(k))
              .map((k) => [k, structuredClone(local.get(k))]),
          ),
        set: async (items: Record<string, unknown>) => {
          for (const [k, v] of Object.entries(items)) local.set(k, structuredClone(v));
        },
      },
      managed: { get: async () => ({}) },
    },
  },
}));

const { fetchRemotePolicy } = await import('../../../entrypoints/background/remote-policy.ts');
const { ACCEPTED_KEY, LAST_GOOD_KEY } = await import('../../../entrypoints/background/policy-source.ts');

const URL_ = 'https://policy.ssk.or.jp/policy.signed.json';
const LATER = new Date(Date.now() + 30 * 86_400_000).toISOString();
let served = '';

describe('the extension accepts a remote document through the core', async () => {
  const keys = await generateKeyPair();
  const priv = await importPrivateKey(keys.privateKey);
  const sign = async (doc: Record<string, unknown>, serial: number, expires = LATER) =>
    JSON.stringify(await signPolicy(doc, { serial, expires }, priv));

  beforeEach(() => {
    local.clear();
    vi.stubGlobal('fetch', async () => new Response(served, { status: 200, headers: { etag: `"${served.length}"` } }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps a good signed document as the last good layer, with its serial as the mark (must pass)', async () => {
    served = await sign({ version: 'remote-5', shorteners: { exceptions: ['aka.ms'] } }, 5);
    const outcome = await fetchRemotePolicy(URL_, keys.publicKey);
    expect(outcome).toMatchObject({
      changed: true,
      status: { ok: true, result: 'updated', serial: 5, expires: LATER },
    });
    expect(local.get(LAST_GOOD_KEY)).toEqual({ version: 'remote-5', shorteners: { exceptions: ['aka.ms'] } });
    expect(local.get(ACCEPTED_KEY)).toEqual({ serial: 5, key: keys.publicKey });
  });

  it('refuses a lower serial (rollback) and keeps the last good one (must block)', async () => {
    served = await sign({ version: 'remote-5' }, 5);
    await fetchRemotePolicy(URL_, keys.publicKey);
    // An older document, validly signed, that allowed bit.ly: replayed by whoever sits on the path.
    served = await sign({ version: 'remote-3', shorteners: { exceptions: ['bit.ly'] } }, 3);
    const outcome = await fetchRemotePolicy(URL_, keys.publicKey);
    expect(outcome.changed).toBe(false);
    expect(outcome.status.ok).toBe(false);
    expect(outcome.status.result).toContain('serial: serial 3 is lower than 5');
    expect(outcome.status.result).toContain('巻き戻し');
    expect(local.get(LAST_GOOD_KEY)).toEqual({ version: 'remote-5' });
    expect(local.get(ACCEPTED_KEY)).toEqual({ serial: 5, key: keys.publicKey });
  });

  it('refuses an expired document and keeps the last good one (must block)', async () => {
    served = await sign({ version: 'remote-5' }, 5);
    await fetchRemotePolicy(URL_, keys.publicKey);
    served = await sign({ version: 'remote-6' }, 6, '2026-01-01T00:00:00Z');
    const outcome = await fetchRemotePolicy(URL_, keys.publicKey);
    expect(outcome).toMatchObject({ changed: false, status: { ok: false } });
    expect(outcome.status.result).toMatch(/^expires: the document expired .*有効期限/);
    expect(local.get(LAST_GOOD_KEY)).toEqual({ version: 'remote-5' });
  });

  it('refuses an unsigned document while a key is configured, naming the signature (must block)', async () => {
    served = JSON.stringify({ version: 'plain' });
    const outcome = await fetchRemotePolicy(URL_, keys.publicKey);
    expect(outcome.status.result).toContain('signature rejected');
    expect(local.has(LAST_GOOD_KEY)).toBe(false);
  });
});
