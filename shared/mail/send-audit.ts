// What a send check leaves in the audit trail (7.1.4): one event per rule that stopped or warned, and a
// `confirm` when a message goes out with every outside domain confirmed one by one. Kinds and counts
// only: addresses, recipient domains, file names, subjects and links never leave the device, because
// they can themselves be the confidential content (a file called 名簿, a share link) or the user's
// correspondents; the collector learns which rule, under which clause, how many, and what kind.
import type { AuditEvent } from '../audit/event.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { RULES } from '../policy/rules.ts';
import type { Finding } from '../web/finding.ts';
import type { MailVerdict } from './types.ts';

/** An event before the recorder stamps it (schema version, id, time). */
export type NewAuditEvent = Omit<AuditEvent, 'v' | 'id' | 'time'>;

export interface SendAuditOptions {
  policyVersion: string;
  /** The Smart Alert offered Send Anyway (PromptUser): the message may have gone without a `confirm`. */
  sendAnywayOffered: boolean;
}

/** Facts from the policy's catalogue, not from the message, that an approval review (4.2.3) needs. */
const CATALOGUE_DETAILS = ['serviceId', 'category'] as const;

const count = (n: number) => String(n);

/** Counts and kinds behind one finding: the rule record's projection of the verdict. */
function detailFor(f: Finding, verdict: MailVerdict): Record<string, string> {
  // A link judged like a navigation (a cloud attachment's, or one in the body): the kind of source only.
  if (f.details.attachment !== undefined || f.details.where === 'body') {
    const d: Record<string, string> = { source: f.details.where === 'body' ? 'body-link' : 'cloud-link' };
    for (const k of CATALOGUE_DETAILS) if (f.details[k]) d[k] = f.details[k]!;
    return d;
  }
  return RULES[f.rule].audit?.(f, verdict) ?? {};
}

/** The events of one OnMessageSend whose answer was the verdict's (not a failure or a time-out). */
export function sendAuditEvents(compiled: CompiledPolicy, verdict: MailVerdict, o: SendAuditOptions): NewAuditEvent[] {
  const events: NewAuditEvent[] = [];
  for (const f of verdict.findings) {
    if (f.action === 'allow') continue;
    const detail = detailFor(f, verdict);
    if (f.action === 'warn' && o.sendAnywayOffered) detail.sendAnyway = 'offered';
    events.push({
      kind: f.action,
      rule: f.rule,
      clause: f.clause,
      action: f.action,
      policyVersion: o.policyVersion,
      detail,
    });
  }
  // Warnings acknowledged one by one in the task pane: each acknowledgement is a confirmation on record.
  if (verdict.verdict !== 'block')
    for (const f of verdict.acknowledged ?? []) {
      events.push({
        kind: 'confirm',
        rule: f.rule,
        clause: f.clause,
        action: f.action,
        policyVersion: o.policyVersion,
        detail: { ...detailFor(f, verdict), acknowledged: 'task-pane' },
      });
    }
  // Sent with every outside domain ticked in the task pane: the user's confirmation is the record.
  const action = compiled.actions['external-recipient'];
  if (verdict.verdict === 'allow' && action !== 'allow' && verdict.outsideDomains.length && verdict.allConfirmed) {
    events.push({
      kind: 'confirm',
      rule: 'external-recipient',
      clause: RULES['external-recipient'].clause,
      action,
      policyVersion: o.policyVersion,
      detail: { outsideDomains: count(verdict.outsideDomains.length) },
    });
  }
  return events;
}

/** OnMessageSend stopped the message without a verdict (an error, or Outlook's time running out). */
export function sendFailureEvent(policyVersion: string, cause: 'check-failed' | 'timed-out'): NewAuditEvent {
  return { kind: 'block', action: 'block', policyVersion, detail: { cause } };
}
