// The policy in force in the add-in: the same document as the browser's, served as `policy.json`
// beside the add-in, laid over the built-in SSK default with the last good copy between them
// (DESIGN §2). Whether a fetched document is accepted (signature, serial and expiry, managed-only
// keys, validation) is the core's decision, the same as the extension's (shared/policy/remote-acceptance.ts):
// a refused document is reported and the last good copy stays.
import { compilePolicy, type CompiledPolicy } from '../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../shared/policy/default.ts';
import { effectivePolicy, type EffectivePolicy } from '../../shared/policy/layers.ts';
import { acceptRemoteDocument, parseMark, remoteLayers } from '../../shared/policy/remote-acceptance.ts';
import type { KeyValueStore } from './office-access.ts';

export const LAST_GOOD_KEY = 'sskGuard.policyLastKnownGood';
/** The anti-rollback mark: the highest serial accepted, and under which key. */
export const ACCEPTED_KEY = 'sskGuard.policyAccepted';
/** A fetched policy is trusted this long before the next event fetches again. */
const FRESH_MS = 10 * 60 * 1000;

export interface LoadedPolicy {
  compiled: CompiledPolicy;
  version: string;
  applied: EffectivePolicy['applied'];
  rejected: EffectivePolicy['rejected'];
  fetchedAt: number;
}

let current: LoadedPolicy | null = null;

/** For tests: forget the runtime's copy, as a fresh runtime would. */
export function forgetPolicy(): void {
  current = null;
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  if (typeof setTimeout !== 'function') return p;
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** The remote document's text, or undefined when it cannot be had (no fetch, network, 404). */
async function fetchDocument(url: string, timeoutMs: number): Promise<string | undefined> {
  const f = (typeof fetch === 'function' ? fetch : undefined) as Fetch | undefined;
  if (!f) return undefined;
  try {
    const res = await withTimeout(f(url), timeoutMs);
    if (!res.ok) return undefined;
    return await withTimeout(res.text(), timeoutMs);
  } catch {
    return undefined;
  }
}

function parseStored(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface LoadOptions {
  /** Absolute URL of policy.json (the JavaScript-only runtime has no page to resolve against). */
  url: string;
  store: KeyValueStore;
  /** false at send time: use what the runtime or the store already has, unless there is nothing. */
  network: boolean;
  timeoutMs?: number;
  now?: number;
  /** The organisation's policy-signing public key (SPKI, base64): policy.json must then be signed with it. */
  publicKey?: string;
  /** Called when this load validated the stored and fetched documents (not when the runtime's copy served). */
  onValidated?: (loaded: LoadedPolicy) => void;
}

export async function loadPolicy(o: LoadOptions): Promise<LoadedPolicy> {
  const now = o.now ?? Date.now();
  if (current && (!o.network || now - current.fetchedAt < FRESH_MS)) {
    // An approval may have run out (or begun) since the policy was compiled.
    const next = current.compiled.nextChange;
    if (next !== null && now >= next) current = { ...current, compiled: compilePolicy(current.compiled.policy, now) };
    return current;
  }
  const stored = parseStored(await o.store.get(LAST_GOOD_KEY).catch(() => null));
  // Without a network round (OnMessageSend) the stored copy is enough; with none at all, try once.
  const text = o.network || stored === undefined ? await fetchDocument(o.url, o.timeoutMs ?? 2000) : undefined;
  let remote: unknown;
  const refused: EffectivePolicy['rejected'] = [];
  if (text !== undefined) {
    const outcome = await acceptRemoteDocument(text, {
      publicKey: o.publicKey,
      now,
      last: parseMark(parseStored(await o.store.get(ACCEPTED_KEY).catch(() => null))),
    });
    if (outcome.ok) {
      remote = outcome.layer;
      await o.store.set(LAST_GOOD_KEY, JSON.stringify(outcome.layer)).catch(() => undefined);
      if (outcome.mark) await o.store.set(ACCEPTED_KEY, JSON.stringify(outcome.mark)).catch(() => undefined);
    } else refused.push({ layer: 'remote', errors: outcome.errors });
  }
  // The accepted document replaces the stored copy (it is not laid over it).
  const effective = effectivePolicy(
    SSK_DEFAULT_POLICY,
    remoteLayers({ cached: remote ?? stored, fresh: remote !== undefined }),
  );
  current = {
    compiled: compilePolicy(effective.policy, now),
    version: effective.policy.version,
    applied: effective.applied,
    rejected: [...refused, ...effective.rejected],
    fetchedAt: text !== undefined ? now : (current?.fetchedAt ?? 0),
  };
  try {
    o.onValidated?.(current);
  } catch {
    // A listener (the audit trail) never stands between the policy and its use.
  }
  return current;
}
