/// <reference types="office-js" />
// The event handlers: check as the message changes (policy, attachments, the info bar), and answer
// OnMessageSend from what is already known. Warnings relax the manifest's Block to PromptUser;
// blocks stay blocks; a failure of the check itself blocks with the reason, never a silent send.
import { MAIL_UI } from '../../shared/i18n/mail-messages.ts';
import { safeText } from '../../shared/mail/display.ts';
import { judgeMessage } from '../../shared/mail/judge.ts';
import { noticeFor } from '../../shared/mail/notice.ts';
import { decodeConfirmed, SESSION_KEYS, type VerdictSummary } from '../../shared/mail/session-record.ts';
import { smartAlertText, SMART_ALERT_LIMIT } from '../../shared/mail/smart-alert.ts';
import type { MailVerdict, MessageFacts } from '../../shared/mail/types.ts';
import type { CompiledPolicy } from '../../shared/policy/compile.ts';
import { MAILBOX, TASKPANE_COMMAND_ID } from '../manifest-source.ts';
import { checkAttachments } from './attachment-check.ts';
import { POLICY_URL } from './config.ts';
import {
  clearNotice,
  completeEvent,
  isMailboxSupported,
  keyValueStore,
  promptUserMode,
  readFrom,
  readRecipients,
  readSubject,
  sessionGet,
  sessionSet,
  showNotice,
} from './office-access.ts';
import { loadPolicy } from './policy-loader.ts';

const NOTICE_KEY = 'sskGuard';
/** Time a change event may spend reading attachments. */
const CHANGE_BUDGET_MS = 20_000;
/** Outlook gives OnMessageSend about 5 s, script download included: read what is missing until here … */
const SEND_ATTACHMENT_BUDGET_MS = 3_000;
/** … and answer by here whatever happens. */
const SEND_WATCHDOG_MS = 4_000;

type Options = Office.SmartAlertsEventCompletedOptions;
const noop = () => undefined;

async function gatherFacts(compiled: CompiledPolicy, deadline: number, save: boolean): Promise<MessageFacts> {
  const [recipients, from, subject, confirmed, attachments] = await Promise.all([
    readRecipients(),
    readFrom(),
    readSubject(),
    sessionGet(SESSION_KEYS.confirmed),
    checkAttachments(compiled, deadline, { save }),
  ]);
  return { from, recipients, subject, attachments: attachments.facts, confirmedDomains: decodeConfirmed(confirmed) };
}

/** What the change events do: refresh the policy, check new attachments, update the info bar. */
async function refresh(): Promise<MailVerdict> {
  const policy = await loadPolicy({ url: POLICY_URL, store: keyValueStore(), network: true });
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

function changeHandler(event: Office.MailboxEvent): void {
  // A change event never stops anything: it prepares, and always completes.
  refresh()
    .then(noop, noop)
    .then(() => completeEvent(event));
}

export const onNewMessageCompose = changeHandler;
export const onMessageRecipientsChanged = changeHandler;
export const onMessageAttachmentsChanged = changeHandler;
export const onMessageFromChanged = changeHandler;

function stopWith(plain: string, markdown?: string): Options {
  const o: Options = { allowEvent: false, errorMessage: plain.slice(0, SMART_ALERT_LIMIT) };
  if (markdown && isMailboxSupported(MAILBOX.sendAsync)) o.errorMessageMarkdown = markdown.slice(0, SMART_ALERT_LIMIT);
  if (isMailboxSupported(MAILBOX.smartAlertsCommand)) {
    // "Take action" opens the task pane, where each domain is confirmed and the reasons are listed.
    o.commandId = TASKPANE_COMMAND_ID;
    o.cancelLabel = `${MAIL_UI.reviewButton.ja} / ${MAIL_UI.reviewButton.en}`; // 20 characters at most
  }
  return o;
}

/** The answer to OnMessageSend for a verdict: allow, relax a warning to PromptUser, or block. */
export function sendOptions(verdict: Pick<MailVerdict, 'verdict' | 'findings'>): Options {
  if (verdict.verdict === 'allow') return { allowEvent: true };
  const text = smartAlertText(verdict.findings, verdict.verdict);
  const o = stopWith(text.plain, text.markdown);
  // Only a warning may be sent anyway; without Mailbox 1.14 it stays stopped until confirmed in the task pane.
  if (verdict.verdict === 'warn' && isMailboxSupported(MAILBOX.smartAlertsCommand))
    o.sendModeOverride = promptUserMode();
  return o;
}

function failureText(e: unknown): string {
  const reason = safeText(e instanceof Error ? e.message : String(e), 80);
  const m = MAIL_UI.checkFailed(reason);
  return `${m.ja}\n\n${m.en}`;
}

export async function decideSend(): Promise<Options> {
  const start = Date.now();
  const policy = await loadPolicy({ url: POLICY_URL, store: keyValueStore(), network: false });
  const facts = await gatherFacts(policy.compiled, start + SEND_ATTACHMENT_BUDGET_MS, false);
  return sendOptions(judgeMessage(policy.compiled, facts));
}

export function onMessageSend(event: Office.MailboxEvent): void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = (o: Options) => {
    if (done) return;
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    try {
      completeEvent(event, o);
    } catch {
      // A client that refuses an option (markdown, command) still gets a plain stop.
      completeEvent(event, o.allowEvent ? { allowEvent: true } : { allowEvent: false, errorMessage: o.errorMessage });
    }
  };
  if (typeof setTimeout === 'function') {
    timer = setTimeout(
      () => finish(stopWith(`${MAIL_UI.checkTimedOut.ja}\n\n${MAIL_UI.checkTimedOut.en}`)),
      SEND_WATCHDOG_MS,
    );
  }
  let work: Promise<Options>;
  try {
    work = decideSend();
  } catch (e) {
    work = Promise.reject(e);
  }
  work.then(finish, (e: unknown) => finish(stopWith(failureText(e))));
}
