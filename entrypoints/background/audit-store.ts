// The local audit log and the collector's queue: bounded, in extension storage so both survive
// service-worker restarts. Every write to either goes through one chain, so none overwrites another,
// and an event enters the log and the queue in one storage write: a stopped worker cannot keep one
// and lose the other.
import { browser } from 'wxt/browser';
import { AUDIT_SCHEMA_VERSION, appendBounded, type AuditEvent, type AuditLog } from '@/shared/audit/event';
import { EMPTY_QUEUE, enqueue, type AuditQueue } from '@/shared/audit/queue';

const KEY = 'auditLog';
export const QUEUE_KEY = 'auditQueue';
const MAX_QUEUE = 5_000;
let chain: Promise<unknown> = Promise.resolve();

export function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = chain.then(work);
  chain = run.catch(() => undefined);
  return run;
}

export async function readQueue(): Promise<AuditQueue> {
  return ((await browser.storage.local.get(QUEUE_KEY))[QUEUE_KEY] as AuditQueue | undefined) ?? EMPTY_QUEUE;
}

export async function readAudit(): Promise<AuditLog> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as AuditLog | undefined;
  return stored ?? { events: [], dropped: 0 };
}

export type NewEvent = Omit<AuditEvent, 'v' | 'id' | 'time'>;

/** Appends to the local log; with `forward`, also to the collector's queue (same write), then calls it. */
export function recordAudit(event: NewEvent, maxEvents: number, forward?: (e: AuditEvent) => void): Promise<void> {
  const full: AuditEvent = {
    v: AUDIT_SCHEMA_VERSION,
    id: crypto.randomUUID(),
    time: new Date().toISOString(),
    ...event,
  };
  return serial(async () => {
    const log = appendBounded(await readAudit(), [full], maxEvents);
    if (forward)
      await browser.storage.local.set({ [KEY]: log, [QUEUE_KEY]: enqueue(await readQueue(), [full], MAX_QUEUE) });
    else await browser.storage.local.set({ [KEY]: log });
    forward?.(full);
  });
}
