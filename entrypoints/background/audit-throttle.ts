// The audit throttle (shared/audit/throttle.ts) in the service worker: its state lives in session storage
// so a restarted worker keeps counting, and the drops of a closed window are written as one `suppressed`
// event (a timer, and an alarm in case the worker slept meanwhile).
import { browser } from 'wxt/browser';
import {
  EMPTY_THROTTLE,
  admit,
  eventKey,
  nextSummaryAt,
  takeSummaries,
  type DropSummary,
  type ThrottleState,
} from '@/shared/audit/throttle';
import type { NewEvent } from './audit-store';
import { coalescedSave } from './coalesced-save';

const KEY = 'auditThrottle';
export const SUMMARY_ALARM = 'audit-suppressed';

let state: Promise<ThrottleState> | null = null;
/** The latest state, once loaded: callers that awaited the same load each read this, never a stale copy. */
let latest: ThrottleState | null = null;
let summaryTimer: ReturnType<typeof setTimeout> | undefined;

const load = () =>
  (state ??= browser.storage.session
    .get(KEY)
    .then((s) => (s[KEY] as ThrottleState | undefined) ?? EMPTY_THROTTLE)
    .catch(() => EMPTY_THROTTLE));

const save = coalescedSave(() => browser.storage.session.set({ [KEY]: latest }));

function keep(next: ThrottleState) {
  latest = next;
  state = Promise.resolve(next);
  save();
}

type Event = Omit<NewEvent, 'policyVersion'>;

/**
 * Writes `event` through `write` unless its scope (one tab and page) has had it already or too many;
 * `summarise` writes the counts of what was dropped once the window has closed.
 */
export async function throttled(
  scope: string,
  event: Event,
  write: (e: Event) => Promise<void>,
  summarise: (s: DropSummary) => Promise<void>,
  key = eventKey(event),
): Promise<boolean> {
  // One decision at a time: admit is synchronous over the state, so read, decide and keep in one turn.
  // A burst of events (Firefox reports 300 stopped frames at once) all await the same load: each then
  // decides on the latest state, not on the one loaded, or their counts would overwrite each other.
  const loaded = await load();
  const r = admit(latest ?? loaded, scope, key, Date.now());
  keep(r.state);
  if (r.admitted) {
    await write(event);
    return true;
  }
  schedule(r.state, summarise);
  return false;
}

function schedule(s: ThrottleState, summarise: (d: DropSummary) => Promise<void>) {
  const at = nextSummaryAt(s);
  if (at === null) return;
  clearTimeout(summaryTimer);
  summaryTimer = setTimeout(() => void flushSummaries(summarise), Math.max(0, at - Date.now()) + 50);
  void browser.alarms.create(SUMMARY_ALARM, { when: Math.max(at, Date.now() + 30_000) });
}

/** Writes the summaries that are due; called by the timer, the alarm and at start. */
export async function flushSummaries(summarise: (d: DropSummary) => Promise<void>): Promise<void> {
  const loaded = await load();
  const { summaries, state: next } = takeSummaries(latest ?? loaded, Date.now());
  keep(next);
  for (const s of summaries) await summarise(s);
  schedule(next, summarise);
}
