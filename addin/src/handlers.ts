/// <reference types="office-js" />
// The event handlers: check as the message changes (policy, attachments, the info bar), and answer
// OnMessageSend from what is already known. Warnings relax the manifest's Block to PromptUser;
// blocks stay blocks; a failure of the check itself blocks with the reason, never a silent send.
// Audit events (audit-trail.ts) are queued and delivered only after Outlook has its answer.
import { MAIL_UI } from '../../shared/i18n/mail-messages.ts';
import { safeText } from '../../shared/mail/display.ts';
import { judgeMessage } from '../../shared/mail/judge.ts';
import { noticeFor } from '../../shared/mail/notice.ts';
import { sendAuditEvents, sendFailureEvent, type NewAuditEvent } from '../../shared/mail/send-audit.ts';
import { sendDecision, type ClientCapabilities, type SendDecision } from '../../shared/mail/send-decision.ts';
import {
  decodeAcknowledged,
  decodeConfirmed,
  decodeSnapshot,
  encodeSnapshot,
  SESSION_KEYS,
  type VerdictSummary,
} from '../../shared/mail/session-record.ts';
import { SMART_ALERT_LIMIT } from '../../shared/mail/smart-alert.ts';
import type { MailVerdict, MessageFacts } from '../../shared/mail/types.ts';
import type { CompiledPolicy } from '../../shared/policy/compile.ts';
import { APPOINTMENT_TASKPANE_COMMAND_ID, MAILBOX, TASKPANE_COMMAND_ID } from '../manifest-source.ts';
import { checkAttachments } from './attachment-check.ts';
import { deliverAudit } from './audit-delivery.ts';
import { inBackground, recordAndDeliver, recordRejections } from './audit-trail.ts';
import { POLICY_PUBLIC_KEY, POLICY_URL } from './config.ts';
import {
  clearNotice,
  completeEvent,
  isAppointment,
  isMailboxSupported,
  keyValueStore,
  promptUserMode,
  readBody,
  readComposeType,
  readEncrypted,
  readFrom,
  readRecipients,
  readSubject,
  sessionGet,
  sessionSet,
  showNotice,
} from './office-access.ts';
import { loadPolicy, type LoadedPolicy } from './policy-loader.ts';

const NOTICE_KEY = 'sskGuard';
/** Time a change event may spend reading attachments. */
const CHANGE_BUDGET_MS = 20_000;
/** Outlook gives OnMessageSend about 5 s, script download included: read what is missing until here … */
const SEND_ATTACHMENT_BUDGET_MS = 3_000;
/** … and answer by here whatever happens. */
const SEND_WATCHDOG_MS = 4_000;

type Options = Office.SmartAlertsEventCompletedOptions;
const noop = () => undefined;

/** Everything the verdict reads, gathered at once through the access layer. */
export async function gatherFacts(compiled: CompiledPolicy, deadline: number, save: boolean): Promise<MessageFacts> {
  const [recipients, from, subject, confirmed, acknowledged, snapshot, body, clientType, encrypted, attachments] =
    await Promise.all([
      readRecipients(),
      readFrom(),
      readSubject(),
      sessionGet(SESSION_KEYS.confirmed),
      sessionGet(SESSION_KEYS.acknowledged),
      sessionGet(SESSION_KEYS.original),
      readBody(),
      readComposeType(),
      readEncrypted(),
      checkAttachments(compiled, deadline, { save }),
    ]);
  const snap = decodeSnapshot(snapshot);
  const facts: MessageFacts = {
    from,
    recipients,
    subject,
    attachments: attachments.facts,
    confirmedDomains: decodeConfirmed(confirmed),
    acknowledged: decodeAcknowledged(acknowledged),
  };
  if (body) facts.body = body;
  else facts.bodyUnread = true;
  const composeType = clientType ?? snap?.composeType;
  if (composeType) facts.composeType = composeType;
  if (snap) facts.original = snap.original;
  if (isAppointment()) facts.invite = true;
  if (encrypted) facts.encrypted = true;
  return facts;
}

/** What the client can do with an answer (the decision in shared/mail/send-decision.ts reads it). */
export function clientCapabilities(): ClientCapabilities {
  return {
    promptUser: isMailboxSupported(MAILBOX.smartAlertsCommand),
    markdown: isMailboxSupported(MAILBOX.sendAsync),
  };
}

/**
 * At compose start: who is on the message (a reply's original recipients) and its compose type, kept
 * in sessionData once, so a reply that gains a domain later can be told (new-external-domain).
 */
async function snapshotCompose(): Promise<void> {
  if (isAppointment() || (await sessionGet(SESSION_KEYS.original))) return;
  // A reply starts with the original's sender and (reply-all) its recipients: those are the original's.
  const [recipients, composeType] = await Promise.all([readRecipients(), readComposeType()]);
  await sessionSet(
    SESSION_KEYS.original,
    encodeSnapshot({
      ...(composeType ? { composeType } : {}),
      original: { addresses: recipients.map((r) => r.address) },
    }),
  );
}

/** What the change events do: check new attachments, update the info bar. */
async function refresh(policy: LoadedPolicy): Promise<MailVerdict> {
  const facts = await gatherFacts(policy.compiled, Date.now() + CHANGE_BUDGET_MS, true);
  const verdict = judgeMessage(policy.compiled, facts);
  const summary: VerdictSummary = {
    verdict: verdict.verdict,
    rules: verdict.findings.map((f) => f.rule),
    at: Date.now(),
  };
  await sessionSet(SESSION_KEYS.verdict, JSON.stringify(summary)).catch(noop);
  const notice = noticeFor(verdict);
  if (notice) await showNotice(NOTICE_KEY, notice.text, notice.error).catch(noop);
  else await clearNotice(NOTICE_KEY);
  return verdict;
}

/** Refreshes the policy, then checks the message while the audit queue is delivered beside it. */
async function prepare(): Promise<void> {
  const store = keyValueStore();
  const rejections: Promise<void>[] = [];
  const policy = await loadPolicy({
    url: POLICY_URL,
    publicKey: POLICY_PUBLIC_KEY,
    store,
    network: true,
    onValidated: (p) => rejections.push(recordRejections(p, POLICY_URL, store)),
  });
  // Delivered before completing: classic Outlook may end the runtime once the event is complete.
  const audit = Promise.all(rejections)
    .then(() => deliverAudit(policy.compiled.policy, store))
    .catch(noop);
  await Promise.all([refresh(policy).catch(noop), audit]);
}

function changeHandler(event: Office.MailboxEvent): void {
  // A change event never stops anything: it prepares, and always completes.
  prepare()
    .then(noop, noop)
    .then(() => completeEvent(event));
}

export function onNewMessageCompose(event: Office.MailboxEvent): void {
  // The snapshot first (before the user edits the recipients), then the usual preparation.
  snapshotCompose()
    .catch(noop)
    .then(() => prepare())
    .then(noop, noop)
    .then(() => completeEvent(event));
}
export const onMessageRecipientsChanged = changeHandler;
export const onMessageAttachmentsChanged = changeHandler;
export const onMessageFromChanged = changeHandler;
// Meeting invites: the same checks on attendees, body and attachments (an invite is no back door).
export const onNewAppointmentOrganizer = changeHandler;
export const onAppointmentAttendeesChanged = changeHandler;
export const onAppointmentAttachmentsChanged = changeHandler;

function stopWith(
  plain: string,
  markdown?: string,
  offerTaskPane = isMailboxSupported(MAILBOX.smartAlertsCommand),
): Options {
  const o: Options = { allowEvent: false, errorMessage: plain.slice(0, SMART_ALERT_LIMIT) };
  if (markdown) o.errorMessageMarkdown = markdown.slice(0, SMART_ALERT_LIMIT);
  if (offerTaskPane) {
    // "Take action" opens the task pane, where each domain is confirmed and the reasons are listed.
    o.commandId = isAppointment() ? APPOINTMENT_TASKPANE_COMMAND_ID : TASKPANE_COMMAND_ID;
    o.cancelLabel = `${MAIL_UI.reviewButton.ja} / ${MAIL_UI.reviewButton.en}`; // 20 characters at most
  }
  return o;
}

/** Outlook's options for a send decision (shared/mail/send-decision.ts): allow, PromptUser, or a stop. */
export function optionsFor(d: SendDecision): Options {
  if (d.outcome === 'allow') return { allowEvent: true };
  const o = stopWith(d.alert.plain, d.alert.markdown || undefined, d.offerTaskPane);
  if (d.outcome === 'prompt') o.sendModeOverride = promptUserMode();
  return o;
}

/** The answer to OnMessageSend for a verdict, on this client. */
export function sendOptions(verdict: MailVerdict): Options {
  return optionsFor(sendDecision(verdict, clientCapabilities()));
}

function failureText(e: unknown): string {
  const reason = safeText(e instanceof Error ? e.message : String(e), 80);
  const m = MAIL_UI.checkFailed(reason);
  return `${m.ja}\n\n${m.en}`;
}

interface SendJudgement {
  options: Options;
  verdict: MailVerdict;
  policy: LoadedPolicy;
  /** This send validated the policy documents (a fresh runtime): rejections are recorded afterwards. */
  validated: boolean;
}

async function judgeSend(): Promise<SendJudgement> {
  const start = Date.now();
  let validated = false;
  const policy = await loadPolicy({
    url: POLICY_URL,
    publicKey: POLICY_PUBLIC_KEY,
    store: keyValueStore(),
    network: false,
    onValidated: () => (validated = true),
  });
  const facts = await gatherFacts(policy.compiled, start + SEND_ATTACHMENT_BUDGET_MS, false);
  const verdict = judgeMessage(policy.compiled, facts);
  return { options: sendOptions(verdict), verdict, policy, validated };
}

export async function decideSend(): Promise<Options> {
  return (await judgeSend()).options;
}

/** The audit events of an answered send, queued and delivered after Outlook has its answer. */
async function auditSend(j: SendJudgement): Promise<void> {
  const store = keyValueStore();
  if (j.validated) await recordRejections(j.policy, POLICY_URL, store);
  const events = sendAuditEvents(j.policy.compiled, j.verdict, {
    policyVersion: j.policy.version,
    sendAnywayOffered: j.options.sendModeOverride !== undefined,
  });
  await recordAndDeliver(j.policy.compiled.policy, events, store);
}

/** A send stopped without a verdict: recorded with the runtime's policy (loading it failing records nothing). */
async function auditSendFailure(cause: 'check-failed' | 'timed-out'): Promise<void> {
  const store = keyValueStore();
  const policy = await loadPolicy({ url: POLICY_URL, publicKey: POLICY_PUBLIC_KEY, store, network: false });
  const events: NewAuditEvent[] = [sendFailureEvent(policy.version, cause)];
  await recordAndDeliver(policy.compiled.policy, events, store);
}

export function onAppointmentSend(event: Office.MailboxEvent): void {
  onMessageSend(event);
}

export function onMessageSend(event: Office.MailboxEvent): void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = (o: Options, audit: () => Promise<void>) => {
    if (done) return;
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    try {
      completeEvent(event, o);
    } catch {
      // A client that refuses an option (markdown, command) still gets a plain stop.
      completeEvent(event, o.allowEvent ? { allowEvent: true } : { allowEvent: false, errorMessage: o.errorMessage });
    }
    // Only now, with Outlook answered: recording and delivery never delay the send decision.
    inBackground(audit);
  };
  if (typeof setTimeout === 'function') {
    timer = setTimeout(
      () =>
        finish(stopWith(`${MAIL_UI.checkTimedOut.ja}\n\n${MAIL_UI.checkTimedOut.en}`), () =>
          auditSendFailure('timed-out'),
        ),
      SEND_WATCHDOG_MS,
    );
  }
  let work: Promise<SendJudgement>;
  try {
    work = judgeSend();
  } catch (e) {
    work = Promise.reject(e);
  }
  work.then(
    (j) => finish(j.options, () => auditSend(j)),
    (e: unknown) => finish(stopWith(failureText(e)), () => auditSendFailure('check-failed')),
  );
}
