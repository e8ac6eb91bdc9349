// The audit event model (7.1.4: who, what, when, target, outcome). Events carry kinds of things, never
// the values a user typed: a host or URL (per policy), a rule, a clause, an outcome, a reason.
import type { Action, RuleId } from '../policy/rules.ts';

export const AUDIT_SCHEMA_VERSION = 1;

export type AuditKind =
  | 'block' // a navigation or frame was stopped
  | 'warn' // the user was warned
  | 'confirm' // the user confirmed after a warning
  | 'cancel' // the user gave up after a warning
  | 'resolve' // a short link was resolved to see where it leads
  | 'override' // the user proceeded past a block with a reason (2.2.2)
  | 'override-expired'
  | 'policy-change'
  | 'policy-rejected'
  | 'suppressed' // events of one tab and page not written (duplicates, over the rate limit): counted here
  | 'backstop-off' // blocking webRequest is not granted here: the backstop cannot stop what leaves
  | 'backstop-unchecked'; // a request left while the worker, just woken, was reading back the typed values, and carried one

export interface AuditEvent {
  v: typeof AUDIT_SCHEMA_VERSION;
  id: string;
  time: string;
  kind: AuditKind;
  rule?: RuleId;
  clause?: string;
  action?: Action;
  /** The host, or the whole URL where the policy's `audit.urlDetail` is `url`. */
  target?: string;
  reason?: string;
  policyVersion: string;
  /** Extra facts as short strings (service id, destination verdict, rejected paths …). */
  detail?: Record<string, string>;
}

export interface AuditLog {
  events: AuditEvent[];
  /** How many old events were dropped to keep the log within its bound. */
  dropped: number;
}

/** The target as the policy wants it recorded: host only, or the URL without its fragment. */
export function auditTarget(url: string, detail: 'host' | 'url'): string {
  try {
    const u = new URL(url);
    if (detail === 'host') return u.hostname;
    u.hash = '';
    return u.href;
  } catch {
    return url.slice(0, 200);
  }
}

/** Appends, dropping the oldest beyond `max`: the log is bounded and keeps what is newest. */
export function appendBounded(log: AuditLog, events: readonly AuditEvent[], max: number): AuditLog {
  const all = log.events.concat(events);
  const over = Math.max(0, all.length - max);
  return { events: over ? all.slice(over) : all, dropped: log.dropped + over };
}

/** Block events of the given local day (for the popup's "today"). */
export function countOnDay(log: AuditLog, kind: AuditKind, day: Date): number {
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  const end = start + 86_400_000;
  let n = 0;
  for (const e of log.events) {
    const t = Date.parse(e.time);
    if (e.kind === kind && t >= start && t < end) n++;
  }
  return n;
}
