// The add-in's forwarding queue (shared/audit/queue.ts), kept in the store the policy copy uses.
// OfficeRuntime.storage has megabytes: up to 1,000 events. roamingSettings has 32 KB for everything,
// the last good policy included, and roams with the mailbox: there the queue keeps a few events only.
import type { AuditEvent } from '../../shared/audit/event.ts';
import { EMPTY_QUEUE, enqueue, type AuditQueue } from '../../shared/audit/queue.ts';
import type { KeyValueStore } from './office-access.ts';

export const QUEUE_KEY = 'sskGuard.auditQueue';

/** How much each store may hold: events, and characters of the stored JSON. */
export const QUEUE_LIMITS: Record<KeyValueStore['kind'], { events: number; chars: number }> = {
  runtime: { events: 1_000, chars: 1_000_000 },
  roaming: { events: 10, chars: 4_000 },
};

let chain: Promise<unknown> = Promise.resolve();

/** Queue work runs one step after another in this runtime, so no write overwrites another's. */
export function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = chain.then(work);
  chain = run.catch(() => undefined);
  return run;
}

/** For tests: a fresh runtime has no queue work in flight. */
export function forgetQueueWork(): void {
  chain = Promise.resolve();
}

function isQueue(v: unknown): v is AuditQueue {
  if (!v || typeof v !== 'object') return false;
  const q = v as Record<string, unknown>;
  return (
    Array.isArray(q.events) &&
    typeof q.dropped === 'number' &&
    typeof q.failures === 'number' &&
    typeof q.nextAttempt === 'number'
  );
}

/** The stored queue; one that cannot be read starts over empty rather than stopping the recording. */
export async function readQueue(store: KeyValueStore): Promise<AuditQueue> {
  const text = await store.get(QUEUE_KEY).catch(() => null);
  if (!text) return EMPTY_QUEUE;
  try {
    const v: unknown = JSON.parse(text);
    return isQueue(v) ? v : EMPTY_QUEUE;
  } catch {
    return EMPTY_QUEUE;
  }
}

export function writeQueue(store: KeyValueStore, q: AuditQueue): Promise<void> {
  return store.set(QUEUE_KEY, JSON.stringify(q));
}

/** Drops the oldest events until the stored JSON fits in `chars`, counting them as dropped. */
export function fitQueue(q: AuditQueue, chars: number): AuditQueue {
  let size = JSON.stringify(q).length;
  if (size <= chars) return q;
  let over = 0;
  while (over < q.events.length && size > chars) {
    size -= JSON.stringify(q.events[over]).length + 1;
    over++;
  }
  return { ...q, events: q.events.slice(over), dropped: q.dropped + over };
}

/** Appends within the store's bounds and the policy's `audit.maxEvents`, oldest dropped first. */
export function addToQueue(store: KeyValueStore, events: readonly AuditEvent[], maxEvents: number): Promise<void> {
  const limit = QUEUE_LIMITS[store.kind];
  return serial(async () => {
    const q = enqueue(await readQueue(store), events, Math.min(maxEvents, limit.events));
    await writeQueue(store, fitQueue(q, limit.chars));
  });
}
