// What each tab has seen typed that must not leave unnoticed (issue 11, the way Password Alert notices
// the organisation's password typed elsewhere): passwords, My Numbers and card numbers the user typed,
// kept only as salted hashes. The hash is a pair of polynomial hashes modulo 2^32 with secret random
// odd bases (32-bit integer arithmetic, fast), so a request body is searched for every typed value in one
// rolling pass per length (Rabin–Karp), without the values themselves. A chance collision of both
// hashes (2^-64 per position) could only cancel a request, never let one through. Pure: the salt comes in from the caller, the store is plain data.
import { containsMyNumber, containsPaymentCard } from './form-sensitivity.ts';

/** The secret bases of the two hashes; made once per browser session by the service worker. */
export interface SeenSalt {
  b1: number;
  b2: number;
}

/** Shorter values are not kept: a 4-digit PIN matches too much ordinary traffic. */
export const MIN_SEEN_LENGTH = 6;
/** A value split across fields is found by its longest part; parts shorter than this are not looked for. */
export const MIN_PART_LENGTH = 6;
/** Fields kept per tab (the latest value of each field); older ones drop out first. */
const MAX_FIELDS_PER_TAB = 32;
const MAX_TABS = 256;
/** How long a typed value is looked for. */
export const SEEN_TTL_MS = 30 * 60_000;

export type SeenKind = 'password' | 'my-number' | 'payment-card';

/** What kind of value a field holds, for the reporter in the page: null = not one to remember. */
export function seenKindOf(value: string, isPasswordField: boolean): SeenKind | null {
  if (value.length < MIN_SEEN_LENGTH) return null;
  if (isPasswordField) return 'password';
  if (containsMyNumber(value)) return 'my-number';
  if (containsPaymentCard(value)) return 'payment-card';
  return null;
}

/** One typed value as kept: its length and the hashes of the whole and of its half-length windows. */
export interface SeenFingerprint {
  kind: SeenKind;
  /** When it was typed (ms): kept SEEN_TTL_MS, long enough for any page to send it on. */
  at: number;
  /** Origin of the frame it was typed in. */
  origin: string;
  /** `length:h1:h2` of the whole value, then of each window of `part` code units. */
  whole: string;
  part: number;
  parts: string[];
}

/** Per tab: field key (frame and field, as the reporter names it) → fingerprint of its latest value. */
export interface SeenStore {
  tabs: Record<string, Record<string, SeenFingerprint>>;
}

export const emptySeenStore = (): SeenStore => ({ tabs: {} });

/** A random salt from 32 random bits each (crypto.getRandomValues in the caller). */
export function makeSalt(random: Uint32Array): SeenSalt {
  // Odd bases: multiplication by an odd number is a bijection modulo 2^32.
  const base = (r: number) => (r | 1) >>> 0;
  return { b1: base(random[0] ?? 0x9e3779b9), b2: base(random[1] ?? 0x85ebca6b) };
}

export function isSalt(v: unknown): v is SeenSalt {
  const s = v as SeenSalt;
  return typeof s === 'object' && s !== null && Number.isInteger(s.b1) && Number.isInteger(s.b2);
}

function hashOf(text: string, from: number, to: number, salt: SeenSalt): string {
  let h1 = 0;
  let h2 = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) + 1;
    h1 = (Math.imul(h1, salt.b1) + c) | 0;
    h2 = (Math.imul(h2, salt.b2) + c) | 0;
  }
  return `${to - from}:${h1 >>> 0}:${h2 >>> 0}`;
}

/** The fingerprint of a typed value, or null when it is too short to be told from ordinary traffic. */
export function fingerprint(
  value: string,
  kind: SeenKind,
  origin: string,
  salt: SeenSalt,
  at = 0,
): SeenFingerprint | null {
  if (value.length < MIN_SEEN_LENGTH) return null;
  const part = Math.max(MIN_PART_LENGTH, Math.ceil(value.length / 2));
  const parts = new Set<string>();
  if (part < value.length) for (let i = 0; i + part <= value.length; i++) parts.add(hashOf(value, i, i + part, salt));
  return { kind, at, origin, whole: hashOf(value, 0, value.length, salt), part, parts: [...parts] };
}

/** The store with `fp` as the latest value of one field of one tab (null clears the field). */
export function rememberSeen(store: SeenStore, tabId: number, field: string, fp: SeenFingerprint | null): SeenStore {
  const key = String(tabId);
  const fields = { ...(store.tabs[key] ?? {}) };
  delete fields[field];
  if (fp) fields[field] = fp;
  const names = Object.keys(fields);
  for (const old of names.slice(0, Math.max(0, names.length - MAX_FIELDS_PER_TAB))) delete fields[old];
  const tabs = { ...store.tabs };
  delete tabs[key];
  if (Object.keys(fields).length) tabs[key] = fields;
  const tabKeys = Object.keys(tabs);
  for (const old of tabKeys.slice(0, Math.max(0, tabKeys.length - MAX_TABS))) delete tabs[old];
  return { tabs };
}

/** The store without values typed more than SEEN_TTL_MS ago (the same object when nothing expired). */
export function pruneSeen(store: SeenStore, now: number): SeenStore {
  let changed = false;
  const tabs: SeenStore['tabs'] = {};
  for (const [tab, fields] of Object.entries(store.tabs)) {
    const kept = Object.entries(fields).filter(([, fp]) => now - fp.at < SEEN_TTL_MS);
    if (kept.length !== Object.keys(fields).length) changed = true;
    if (kept.length) tabs[tab] = Object.fromEntries(kept);
  }
  return changed ? { tabs } : store;
}

export function isEmptySeen(store: SeenStore): boolean {
  return Object.keys(store.tabs).length === 0;
}

export function forgetTab(store: SeenStore, tabId: number): SeenStore {
  if (!(String(tabId) in store.tabs)) return store;
  const tabs = { ...store.tabs };
  delete tabs[String(tabId)];
  return { tabs };
}

/** What a scan looks for: for each window length, the hashes and what kind of value each belongs to. */
/** One window length of the index. */
interface SeenLength {
  /** A 65,536-bit filter on the first hash: one array read per position. */
  filter: Uint8Array;
  first: Set<number>;
  /** Hashes of whole values: looked for in any text. */
  whole: Map<string, SeenKind>;
  /** Hashes of half-length windows, and the longest text they are looked for in (see PART_SLACK). */
  parts: Map<string, SeenKind>;
  partsIn: number;
}

export interface SeenIndex {
  readonly byLength: ReadonlyMap<number, SeenLength>;
  readonly salt: SeenSalt;
}

/**
 * A part of a split value travels as (nearly) a whole field of its own: half a passphrase such as
 * "correct " is ordinary text inside a longer one, so parts are looked for only in texts at most this
 * much longer than the value they came from.
 */
const PART_SLACK = 16;

/**
 * The index for a request from `tabId`. A request with no tab (the page's Service Worker, tabId −1)
 * is searched for the values of every tab: it could speak for any of them.
 */
export function seenIndex(store: SeenStore, tabId: number, salt: SeenSalt): SeenIndex | null {
  const tabs = tabId >= 0 ? [store.tabs[String(tabId)]] : Object.values(store.tabs);
  const byLength = new Map<number, SeenLength>();
  const add = (h: string, kind: SeenKind, partOf: number) => {
    const [length, h1] = h.split(':').map(Number) as [number, number];
    let m = byLength.get(length);
    if (!m)
      byLength.set(
        length,
        (m = { filter: new Uint8Array(8192), first: new Set(), whole: new Map(), parts: new Map(), partsIn: 0 }),
      );
    m.filter[(h1 & 0xffff) >>> 3]! |= 1 << (h1 & 7);
    m.first.add(h1 | 0);
    const into = partOf ? m.parts : m.whole;
    if (!into.has(h) || kind === 'password') into.set(h, kind);
    if (partOf) m.partsIn = Math.max(m.partsIn, partOf + PART_SLACK);
  };
  for (const fields of tabs)
    for (const fp of Object.values(fields ?? {})) {
      add(fp.whole, fp.kind, 0);
      const length = Number(fp.whole.slice(0, fp.whole.indexOf(':')));
      for (const p of fp.parts) add(p, fp.kind, length);
    }
  return byLength.size ? { byLength, salt } : null;
}

/**
 * The kinds of typed values found in `text`, in one rolling pass per length. `budget` bounds the work
 * (code units hashed across all lengths); the caller learns from `exhausted` that the scan was cut.
 */
export function findSeen(
  text: string,
  index: SeenIndex,
  found: Set<SeenKind>,
  budget: { left: number; exhausted: boolean },
): void {
  const { b1, b2 } = index.salt;
  for (const [length, { filter, first, whole, parts, partsIn }] of index.byLength) {
    if (text.length < length) continue;
    const withParts = parts.size > 0 && text.length <= partsIn;
    if (!whole.size && !withParts) continue;
    if (budget.left < text.length) {
      budget.exhausted = true;
      return;
    }
    budget.left -= text.length;
    // b^(length−1) mod 2^32: the weight of the code unit that leaves the window.
    let top1 = 1;
    let top2 = 1;
    for (let i = 1; i < length; i++) {
      top1 = Math.imul(top1, b1);
      top2 = Math.imul(top2, b2);
    }
    let h1 = 0;
    let h2 = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) + 1;
      if (i >= length) {
        const out = text.charCodeAt(i - length) + 1;
        h1 = (Math.imul(h1 - Math.imul(out, top1), b1) + c) | 0;
        h2 = (Math.imul(h2 - Math.imul(out, top2), b2) + c) | 0;
      } else {
        h1 = (Math.imul(h1, b1) + c) | 0;
        h2 = (Math.imul(h2, b2) + c) | 0;
      }
      if (i >= length - 1 && (filter[(h1 & 0xffff) >>> 3]! & (1 << (h1 & 7))) !== 0 && first.has(h1)) {
        const key = `${length}:${h1 >>> 0}:${h2 >>> 0}`;
        const kind = whole.get(key) ?? (withParts ? parts.get(key) : undefined);
        if (kind) found.add(kind);
      }
    }
  }
}
