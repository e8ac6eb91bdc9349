// The policy in force in the add-in: the same document as the browser's, served as `policy.json`
// beside the add-in, laid over the built-in SSK default with the last good copy between them
// (DESIGN §2). A document that fails validation is rejected whole and the copy below stays.
import { compilePolicy, type CompiledPolicy } from '../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../shared/policy/default.ts';
import { effectivePolicy, type EffectivePolicy } from '../../shared/policy/layers.ts';
import type { KeyValueStore } from './office-access.ts';

export const LAST_GOOD_KEY = 'sskGuard.policyLastKnownGood';
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

/** The remote document, or undefined when it cannot be had (no fetch, network, 404, not JSON). */
async function fetchDocument(url: string, timeoutMs: number): Promise<unknown> {
  const f = (typeof fetch === 'function' ? fetch : undefined) as Fetch | undefined;
  if (!f) return undefined;
  try {
    const res = await withTimeout(f(url), timeoutMs);
    if (!res.ok) return undefined;
    return JSON.parse((await withTimeout(res.text(), timeoutMs)).replace(/^\uFEFF/, '')) as unknown;
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
  const remote = o.network || stored === undefined ? await fetchDocument(o.url, o.timeoutMs ?? 2000) : undefined;
  const effective = effectivePolicy(SSK_DEFAULT_POLICY, [
    { name: 'last-known-good', doc: stored },
    { name: 'remote', doc: remote },
  ]);
  if (remote !== undefined && effective.applied.includes('remote')) {
    await o.store.set(LAST_GOOD_KEY, JSON.stringify(remote)).catch(() => undefined);
  }
  current = {
    compiled: compilePolicy(effective.policy, now),
    version: effective.policy.version,
    applied: effective.applied,
    rejected: effective.rejected,
    fetchedAt: remote !== undefined ? now : (current?.fetchedAt ?? 0),
  };
  try {
    o.onValidated?.(current);
  } catch {
    // A listener (the audit trail) never stands between the policy and its use.
  }
  return current;
}
