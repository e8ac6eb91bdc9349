// The add-in's audit trail (7.1.4; issue 7 item 4): events are stamped, queued in the add-in's store and
// delivered to the collector as the extension's are, only where the policy names one (`audit.endpoint`).
// Nothing here stands before Outlook's answer: handlers call in after event.completed; failures are swallowed.
import { AUDIT_SCHEMA_VERSION, auditTarget, type AuditEvent } from '../../shared/audit/event.ts';
import type { NewAuditEvent } from '../../shared/mail/send-audit.ts';
import type { PolicyError } from '../../shared/policy/errors.ts';
import type { Policy } from '../../shared/policy/schema.ts';
import { deliverAudit, forgetDelivery } from './audit-delivery.ts';
import { addToQueue, forgetQueueWork, serial } from './audit-queue-store.ts';
import type { KeyValueStore } from './office-access.ts';
import type { LoadedPolicy } from './policy-loader.ts';
import { randomId } from './random-id.ts';

export const REJECTED_SEEN_KEY = 'sskGuard.auditRejectedSeen';
/** The same rejection is recorded once an hour at most: every fresh runtime re-validates the same document. */
const REJECTED_QUIET_MS = 60 * 60 * 1000;

const noop = () => undefined;
const inFlight = new Set<Promise<void>>();

/** Starts work nobody awaits; kept track of so tests can wait for it to settle. */
export function inBackground(work: () => Promise<unknown>): void {
  let p: Promise<void>;
  try {
    p = work().then(noop, noop);
  } catch {
    return;
  }
  inFlight.add(p);
  void p.then(() => inFlight.delete(p));
}

/** For tests: resolves once every background recording and delivery has settled. */
export async function auditIdle(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}

/** For tests: a fresh runtime. */
export function forgetAudit(): void {
  inFlight.clear();
  forgetQueueWork();
  forgetDelivery();
}

function stamp(e: NewAuditEvent): AuditEvent {
  return { v: AUDIT_SCHEMA_VERSION, id: randomId(), time: new Date().toISOString(), ...e };
}

/** Queues the events for the collector (when there is one), then tries a delivery of what is due. */
export async function recordAndDeliver(
  policy: Policy,
  events: readonly NewAuditEvent[],
  store: KeyValueStore,
): Promise<void> {
  if (!policy.audit.endpoint) return;
  if (events.length) await addToQueue(store, events.map(stamp), policy.audit.maxEvents).catch(noop);
  await deliverAudit(policy, store).catch(noop);
}

function errorSummary(errors: readonly PolicyError[]): string {
  return errors
    .map((e) => `${e.path}: ${e.en} ／ ${e.ja}`)
    .join('; ')
    .slice(0, 500);
}

/** A short fingerprint (FNV-1a), so the marker stays small in roamingSettings' 32 KB. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

/** `policy-rejected` for each document the loader refused (the policy in force says where events go). */
export async function recordRejections(loaded: LoadedPolicy, policyUrl: string, store: KeyValueStore): Promise<void> {
  const policy = loaded.compiled.policy;
  if (!loaded.rejected.length || !policy.audit.endpoint) return;
  const events: NewAuditEvent[] = loaded.rejected.map((r) => ({
    kind: 'policy-rejected',
    policyVersion: loaded.version,
    // The add-in's own hosting, not the user's: the extension names its policyUrl the same way.
    ...(r.layer === 'remote' ? { target: auditTarget(policyUrl, policy.audit.urlDetail) } : {}),
    detail: { layer: r.layer, errors: errorSummary(r.errors) },
  }));
  const signature = hash(JSON.stringify(events.map((e) => e.detail)));
  const due = await serial(async () => {
    const now = Date.now();
    let seen: { signature?: unknown; at?: unknown } = {};
    try {
      seen = JSON.parse((await store.get(REJECTED_SEEN_KEY)) ?? '{}') as typeof seen;
    } catch {
      seen = {};
    }
    if (seen.signature === signature && typeof seen.at === 'number' && now - seen.at < REJECTED_QUIET_MS) return false;
    await store.set(REJECTED_SEEN_KEY, JSON.stringify({ signature, at: now })).catch(noop);
    return true;
  });
  if (due) await addToQueue(store, events.map(stamp), policy.audit.maxEvents).catch(noop);
}
