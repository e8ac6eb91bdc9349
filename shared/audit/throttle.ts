// Rate limit and de-duplication of the events a page can cause without the user (7.1.4; issue 12 §3):
// per scope (one tab and one page), the same event again within `duplicateMs` is a duplicate, and more
// than `maxPerWindow` events in one window are over the limit. Neither is written; both are counted,
// and the counts go into the log itself as one summary per scope and window. Pure: state in, state out.

export interface ThrottleLimits {
  /** Length of one counting window (ms), from the first event of the scope in it. */
  windowMs: number;
  /** Events written per scope and window; the rest are counted only. */
  maxPerWindow: number;
  /** The same event (kind, rule, target, details) in the same scope within this time is written once. */
  duplicateMs: number;
  /** Scopes kept at most (the oldest are forgotten first, their drops summarised). */
  maxScopes: number;
}

export const THROTTLE_LIMITS: ThrottleLimits = {
  windowMs: 60_000,
  maxPerWindow: 10,
  duplicateMs: 60_000,
  maxScopes: 500,
};

interface ScopeState {
  windowStart: number;
  count: number;
  /** Event key → when it was last written. */
  seen: Record<string, number>;
  duplicates: number;
  overLimit: number;
  /** First and last drop not yet summarised (ms); 0 when none. */
  droppedFrom: number;
  droppedTo: number;
  lastActive: number;
}

export interface ThrottleState {
  scopes: Record<string, ScopeState>;
}

export const EMPTY_THROTTLE: ThrottleState = { scopes: {} };

export type Admission =
  { admitted: true; state: ThrottleState } | { admitted: false; why: 'duplicate' | 'rate'; state: ThrottleState };

export interface DropSummary {
  scope: string;
  duplicates: number;
  overLimit: number;
  from: number;
  to: number;
}

/** The scope of an event: one tab and one page (the page without query and fragment). */
export function throttleScope(tabId: number | undefined, page: string): string {
  let where = page;
  try {
    const u = new URL(page);
    where = `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    where = page.slice(0, 200);
  }
  return `${tabId ?? -1}|${where}`;
}

/** What makes two events the same: everything they record but their id and time. */
export function eventKey(e: {
  kind: string;
  rule?: string;
  target?: string;
  action?: string;
  detail?: Record<string, string>;
}): string {
  const detail = e.detail ? Object.entries(e.detail).sort(([a], [b]) => (a < b ? -1 : 1)) : [];
  return JSON.stringify([e.kind, e.rule ?? '', e.action ?? '', e.target ?? '', detail]);
}

const fresh = (now: number): ScopeState => ({
  windowStart: now,
  count: 0,
  seen: {},
  duplicates: 0,
  overLimit: 0,
  droppedFrom: 0,
  droppedTo: 0,
  lastActive: now,
});

/** May this event be written? Either way the state that counts it comes back. */
export function admit(
  state: ThrottleState,
  scope: string,
  key: string,
  now: number,
  limits: ThrottleLimits = THROTTLE_LIMITS,
): Admission {
  const prev = state.scopes[scope];
  let s: ScopeState = prev ? { ...prev, seen: { ...prev.seen } } : fresh(now);
  if (now - s.windowStart >= limits.windowMs || now < s.windowStart) s = { ...s, windowStart: now, count: 0 };
  for (const [k, t] of Object.entries(s.seen)) if (now - t >= limits.duplicateMs || now < t) delete s.seen[k];
  s.lastActive = now;
  const drop = (why: 'duplicate' | 'rate'): Admission => {
    if (why === 'duplicate') s.duplicates++;
    else s.overLimit++;
    if (!s.droppedFrom) s.droppedFrom = now;
    s.droppedTo = now;
    return { admitted: false, why, state: { scopes: { ...state.scopes, [scope]: s } } };
  };
  if (key in s.seen) return drop('duplicate');
  if (s.count >= limits.maxPerWindow) return drop('rate');
  s.count++;
  s.seen[key] = now;
  return { admitted: true, state: bounded({ scopes: { ...state.scopes, [scope]: s } }, limits) };
}

function bounded(state: ThrottleState, limits: ThrottleLimits): ThrottleState {
  const names = Object.keys(state.scopes);
  if (names.length <= limits.maxScopes) return state;
  // Forget the least recently active scopes that have nothing left to summarise.
  const quiet = names
    .filter((n) => !state.scopes[n]!.droppedFrom)
    .sort((a, b) => state.scopes[a]!.lastActive - state.scopes[b]!.lastActive);
  const scopes = { ...state.scopes };
  for (const n of quiet.slice(0, names.length - limits.maxScopes)) delete scopes[n];
  return { scopes };
}

/**
 * The drops to write down now: for each scope whose window has closed, what it dropped in it (one
 * summary per scope and window at most). Scopes with nothing left to remember are forgotten.
 */
export function takeSummaries(
  state: ThrottleState,
  now: number,
  limits: ThrottleLimits = THROTTLE_LIMITS,
): { summaries: DropSummary[]; state: ThrottleState } {
  const summaries: DropSummary[] = [];
  const scopes: Record<string, ScopeState> = {};
  for (const [name, s] of Object.entries(state.scopes)) {
    const closed = now - s.windowStart >= limits.windowMs;
    if (closed && s.droppedFrom) {
      summaries.push({
        scope: name,
        duplicates: s.duplicates,
        overLimit: s.overLimit,
        from: s.droppedFrom,
        to: s.droppedTo,
      });
      const kept = { ...s, duplicates: 0, overLimit: 0, droppedFrom: 0, droppedTo: 0 };
      if (now - s.lastActive < limits.duplicateMs) scopes[name] = kept;
      continue;
    }
    if (closed && now - s.lastActive >= Math.max(limits.windowMs, limits.duplicateMs)) continue;
    scopes[name] = s;
  }
  return { summaries, state: { scopes } };
}

/** When the next summary may be due (ms), or null when no drop waits to be written down. */
export function nextSummaryAt(state: ThrottleState, limits: ThrottleLimits = THROTTLE_LIMITS): number | null {
  let next: number | null = null;
  for (const s of Object.values(state.scopes))
    if (s.droppedFrom) next = Math.min(next ?? Infinity, s.windowStart + limits.windowMs);
  return next;
}
