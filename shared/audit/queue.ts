// The forwarding queue (7.1.4): persistent and bounded. When it must drop, it drops the oldest and
// counts them; sent events leave it only once the collector has acknowledged them, by id.
import type { AuditEvent } from './event.ts';

export interface AuditQueue {
  events: AuditEvent[];
  /** Events dropped since the last successful delivery, reported with the next batch. */
  dropped: number;
  /** Consecutive failed deliveries, for the backoff. */
  failures: number;
  /** Not before this time (ms) is the next delivery tried. */
  nextAttempt: number;
}

export const EMPTY_QUEUE: AuditQueue = { events: [], dropped: 0, failures: 0, nextAttempt: 0 };
export const BATCH_SIZE = 100;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;

export function enqueue(q: AuditQueue, events: readonly AuditEvent[], max: number): AuditQueue {
  const all = q.events.concat(events);
  const over = Math.max(0, all.length - max);
  return { ...q, events: over ? all.slice(over) : all, dropped: q.dropped + over };
}

export function nextBatch(q: AuditQueue, now: number): AuditEvent[] {
  return now >= q.nextAttempt ? q.events.slice(0, BATCH_SIZE) : [];
}

/**
 * The collector took these: remove them (by id: events queued meanwhile stay), count as reported only
 * the drops the batch carried (more may have happened while it was out), and reset the backoff.
 */
export function acknowledge(q: AuditQueue, sent: readonly AuditEvent[], reportedDropped: number): AuditQueue {
  const ids = new Set(sent.map((e) => e.id));
  return {
    events: q.events.filter((e) => !ids.has(e.id)),
    dropped: Math.max(0, q.dropped - reportedDropped),
    failures: 0,
    nextAttempt: 0,
  };
}

/** Exponential backoff, 30 s doubling to at most 30 min, with a little jitter so devices spread out. */
export function failed(q: AuditQueue, now: number, jitter = Math.random()): AuditQueue {
  const failures = q.failures + 1;
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
  return { ...q, failures, nextAttempt: now + Math.round(delay * (0.8 + 0.4 * jitter)) };
}
