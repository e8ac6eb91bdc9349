// Delivers the queue to the policy's collector (`audit.endpoint`, HTTPS only) in `audit.format`, a batch
// at a time, with the shared backoff; events leave the queue only once the collector took them, by id.
// Nothing waits for it: handlers start it after answering Outlook, and the next event tries again.
import { otlpLogs, sskGuardEnvelope, type Source } from '../../shared/audit/envelope.ts';
import { acknowledge, failed, nextBatch } from '../../shared/audit/queue.ts';
import type { Policy } from '../../shared/policy/schema.ts';
import { ADDIN } from '../manifest-source.ts';
import { readQueue, serial, writeQueue } from './audit-queue-store.ts';
import type { KeyValueStore } from './office-access.ts';
import { randomId } from './random-id.ts';

export const INSTALLATION_KEY = 'sskGuard.installationId';
const TIMEOUT_MS = 10_000;
/** Batches one delivery sends back to back; the rest waits for the next event (the runtime may end). */
const MAX_BATCHES = 5;

let delivering = false;

/** For tests: a fresh runtime has no delivery in flight. */
export function forgetDelivery(): void {
  delivering = false;
}

/** A stable random id of this installation (no user identity); under roamingSettings it follows the mailbox. */
async function installationId(store: KeyValueStore): Promise<string> {
  const stored = await store.get(INSTALLATION_KEY).catch(() => null);
  if (stored) return stored;
  const id = randomId();
  await store.set(INSTALLATION_KEY, id).catch(() => undefined);
  return id;
}

/** true: the collector took it; false: it did not, or did not answer in time; null: no fetch here. */
function post(endpoint: string, body: unknown): Promise<boolean | null> {
  if (typeof fetch !== 'function') return Promise.resolve(null);
  const aborter = typeof AbortController === 'function' ? new AbortController() : undefined;
  return new Promise<boolean>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (ok: boolean) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve(ok);
    };
    if (typeof setTimeout === 'function') {
      timer = setTimeout(() => {
        aborter?.abort();
        settle(false);
      }, TIMEOUT_MS);
    }
    const init: RequestInit = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    };
    if (aborter) init.signal = aborter.signal;
    try {
      fetch(endpoint, init).then(
        (r) => settle(r.ok === true),
        () => settle(false),
      );
    } catch {
      settle(false);
    }
  });
}

/** Sends what is due; returns how many events the collector took. One delivery at a time per runtime. */
export async function deliverAudit(policy: Policy, store: KeyValueStore): Promise<number> {
  const { endpoint, format } = policy.audit;
  if (!/^https:\/\/[^\s/]+/i.test(endpoint) || delivering) return 0;
  delivering = true;
  let sent = 0;
  try {
    for (let round = 0; round < MAX_BATCHES; round++) {
      const taken = await serial(async () => {
        const q = await readQueue(store);
        const batch = nextBatch(q, Date.now());
        return { batch, dropped: q.dropped, installation: batch.length ? await installationId(store) : '' };
      });
      if (!taken.batch.length) break;
      const source: Source = {
        component: 'addin',
        version: ADDIN.version,
        policyVersion: policy.version,
        installation: taken.installation,
      };
      const body =
        format === 'otlp'
          ? otlpLogs(taken.batch, source, taken.dropped)
          : sskGuardEnvelope(taken.batch, source, taken.dropped);
      const ok = await post(endpoint, body);
      if (ok === null) break;
      const more = await serial(async () => {
        const q = await readQueue(store);
        const next = ok ? acknowledge(q, taken.batch, taken.dropped) : failed(q, Date.now());
        await writeQueue(store, next);
        return ok && next.events.length > 0;
      });
      if (ok) sent += taken.batch.length;
      if (!more) break;
    }
  } finally {
    delivering = false;
  }
  return sent;
}
