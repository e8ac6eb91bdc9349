/// <reference types="office-js" />
// The task pane (compose): gathers the message's facts through the access layer, judges them with
// the core, and lets the user confirm each outside domain. Ticks go to sessionData at once, so the
// send handler honours them whichever Send is pressed; the pane's own button sends with sendAsync.
import { MAIL_UI } from '../../shared/i18n/mail-messages.ts';
import { safeText } from '../../shared/mail/display.ts';
import { judgeMessage } from '../../shared/mail/judge.ts';
import { decodeConfirmed, encodeConfirmed, SESSION_KEYS } from '../../shared/mail/session-record.ts';
import type { MailVerdict, MessageFacts } from '../../shared/mail/types.ts';
import type { CompiledPolicy } from '../../shared/policy/compile.ts';
import { checkAttachments } from '../src/attachment-check.ts';
import { deliverAudit } from '../src/audit-delivery.ts';
import { inBackground, recordRejections } from '../src/audit-trail.ts';
import { MAILBOX } from '../manifest-source.ts';
import {
  isMailboxSupported,
  keyValueStore,
  onItemChanges,
  readFrom,
  readRecipients,
  readSubject,
  sendItem,
  sessionGet,
  sessionSet,
  whenReady,
} from '../src/office-access.ts';
import { POLICY_PUBLIC_KEY } from '../src/config.ts';
import { loadPolicy } from '../src/policy-loader.ts';
import { canSend, renderTaskPane, type TaskPaneModel } from './view.ts';

const ATTACHMENT_BUDGET_MS = 30_000;

interface State {
  compiled: CompiledPolicy | null;
  policyVersion: string;
  facts: MessageFacts | null;
  confirmed: Set<string>;
  verdict: MailVerdict | null;
  sending: boolean;
  error: TaskPaneModel['error'];
}

const state: State = {
  compiled: null,
  policyVersion: '',
  facts: null,
  confirmed: new Set(),
  verdict: null,
  sending: false,
  error: null,
};

function root(): HTMLElement {
  return document.getElementById('app') ?? document.body;
}

function describe(e: unknown): string {
  return safeText(e instanceof Error ? e.message : String(e), 80);
}

function show(): void {
  if (!state.compiled || !state.facts) return;
  // Only domains still on the message count; a ticked domain that was removed is forgotten.
  state.verdict = judgeMessage(state.compiled, { ...state.facts, confirmedDomains: [...state.confirmed] });
  const outside = new Set(state.verdict.outsideDomains);
  for (const d of [...state.confirmed]) if (!outside.has(d)) state.confirmed.delete(d);
  renderTaskPane(
    root(),
    {
      verdict: state.verdict,
      policyVersion: state.policyVersion,
      sending: state.sending,
      error: state.error,
      paneCanSend: isMailboxSupported(MAILBOX.sendAsync),
    },
    { toggle, send },
  );
}

function toggle(domain: string, on: boolean): void {
  if (on) state.confirmed.add(domain);
  else state.confirmed.delete(domain);
  state.error = null;
  show();
  sessionSet(SESSION_KEYS.confirmed, encodeConfirmed(state.confirmed)).catch((e: unknown) => {
    state.error = MAIL_UI.sendFailed(describe(e));
    show();
  });
}

async function send(): Promise<void> {
  if (!state.verdict || !canSend(state.verdict) || state.sending) return;
  state.sending = true;
  state.error = null;
  show();
  try {
    // The send handler runs on this send too: it must find every domain confirmed.
    await sessionSet(SESSION_KEYS.confirmed, encodeConfirmed(state.confirmed));
    await sendItem();
  } catch (e) {
    state.sending = false;
    state.error = MAIL_UI.sendFailed(describe(e));
    show();
  }
}

async function refresh(): Promise<void> {
  const policyUrl = new URL('policy.json', location.href).href;
  const store = keyValueStore();
  const policy = await loadPolicy({
    url: policyUrl,
    publicKey: POLICY_PUBLIC_KEY,
    store,
    network: true,
    onValidated: (p) => inBackground(() => recordRejections(p, policyUrl, store)),
  });
  state.compiled = policy.compiled;
  state.policyVersion = policy.version;
  const [recipients, from, subject, confirmed, attachments] = await Promise.all([
    readRecipients(),
    readFrom(),
    readSubject(),
    sessionGet(SESSION_KEYS.confirmed),
    checkAttachments(policy.compiled, Date.now() + ATTACHMENT_BUDGET_MS),
  ]);
  for (const d of decodeConfirmed(confirmed)) state.confirmed.add(d);
  state.facts = { from, recipients, subject, attachments: attachments.facts };
  show();
}

function failed(e: unknown): void {
  const m = MAIL_UI.checkFailed(describe(e));
  const p = document.createElement('p');
  p.className = 'error';
  p.textContent = `${m.ja} / ${m.en}`;
  root().replaceChildren(p);
}

whenReady()
  .then(async () => {
    onItemChanges(() => {
      refresh().catch(failed);
    });
    await refresh();
    // Opening the pane is a chance to deliver what the queue holds; the pane never waits for it.
    if (state.compiled) {
      const policy = state.compiled.policy;
      inBackground(() => deliverAudit(policy, keyValueStore()));
    }
  })
  .catch(failed);
