// The local audit log: bounded, in extension storage so it survives service-worker restarts.
// Writes are chained so two events recorded at once never overwrite each other.
import { browser } from 'wxt/browser';
import { AUDIT_SCHEMA_VERSION, appendBounded, type AuditEvent, type AuditLog } from '@/shared/audit/event';

const KEY = 'auditLog';
let chain: Promise<unknown> = Promise.resolve();

export async function readAudit(): Promise<AuditLog> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as AuditLog | undefined;
  return stored ?? { events: [], dropped: 0 };
}

export type NewEvent = Omit<AuditEvent, 'v' | 'id' | 'time'>;

/** Appends to the local log; `forward` also queues the event for the organisation's collector. */
export function recordAudit(event: NewEvent, maxEvents: number, forward?: (e: AuditEvent) => void): Promise<void> {
  const full: AuditEvent = {
    v: AUDIT_SCHEMA_VERSION,
    id: crypto.randomUUID(),
    time: new Date().toISOString(),
    ...event,
  };
  const write = chain.then(async () => {
    const next = appendBounded(await readAudit(), [full], maxEvents);
    await browser.storage.local.set({ [KEY]: next });
    forward?.(full);
  });
  chain = write.catch(() => undefined);
  return write;
}
