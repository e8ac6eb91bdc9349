// Sends audit events to the organisation's collector (policy `audit.endpoint`), batched, from a
// persistent bounded queue, with backoff. Browsing never waits for it: recording only enqueues.
import { browser } from 'wxt/browser';
import { otlpLogs, sskGuardEnvelope } from '@/shared/audit/envelope';
import { acknowledge, failed, nextBatch } from '@/shared/audit/queue';
import { QUEUE_KEY, readQueue, serial } from './audit-store';
import type { Policy } from '@/shared/policy/schema';

const INSTALLATION_KEY = 'installationId';
export const FLUSH_ALARM = 'audit-flush';
const TIMEOUT_MS = 15_000;

async function installationId(): Promise<string> {
  const stored = (await browser.storage.local.get(INSTALLATION_KEY))[INSTALLATION_KEY] as string | undefined;
  if (stored) return stored;
  const id = crypto.randomUUID();
  await browser.storage.local.set({ [INSTALLATION_KEY]: id });
  return id;
}

/** After a restart: anything left in the queue gets a delivery attempt soon. */
export async function resumeDelivery(): Promise<void> {
  const queue = await readQueue();
  if (queue.events.length)
    await browser.alarms.create(FLUSH_ALARM, { when: Math.max(Date.now() + 1_000, queue.nextAttempt) });
}

let flushing = false;

/** One delivery attempt of up to one batch; schedules the next. The request runs outside the queue's
 * lock (recording never waits for the network); one flush at a time, so no batch goes out twice. */
export async function flushToCollector(policy: Policy): Promise<number> {
  const { endpoint, format } = policy.audit;
  if (!endpoint || flushing) return 0;
  flushing = true;
  try {
    const taken = await serial(async () => {
      const queue = await readQueue();
      const batch = nextBatch(queue, Date.now());
      if (!batch.length && queue.events.length) await browser.alarms.create(FLUSH_ALARM, { when: queue.nextAttempt });
      return { batch, dropped: queue.dropped };
    });
    if (!taken.batch.length) return 0;
    const source = {
      component: 'extension' as const,
      version: browser.runtime.getManifest().version,
      policyVersion: policy.version,
      installation: await installationId(),
    };
    const body =
      format === 'otlp'
        ? otlpLogs(taken.batch, source, taken.dropped)
        : sskGuardEnvelope(taken.batch, source, taken.dropped);
    const ok = await post(endpoint, body);
    return await serial(async () => {
      const queue = ok
        ? acknowledge(await readQueue(), taken.batch, taken.dropped)
        : failed(await readQueue(), Date.now());
      await browser.storage.local.set({ [QUEUE_KEY]: queue });
      if (queue.events.length)
        await browser.alarms.create(FLUSH_ALARM, { when: ok ? Date.now() + 1_000 : queue.nextAttempt });
      return ok ? taken.batch.length : 0;
    });
  } finally {
    flushing = false;
  }
}

async function post(endpoint: string, body: unknown): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const r = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      signal: controller.signal,
    });
    return r.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function queueLength(): Promise<number> {
  return (await readQueue()).events.length;
}
