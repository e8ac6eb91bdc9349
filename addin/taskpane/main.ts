/// <reference types="office-js" />
// The task pane (compose): gathers the message's facts through the access layer, judges them with
// the core, and lets the user confirm each outside domain. Ticks go to sessionData at once, so the
// send handler honours them whichever Send is pressed; the pane's own button sends with sendAsync.
import { MAIL_UI } from '../../shared/i18n/mail-messages.ts';
import { safeText } from '../../shared/mail/display.ts';
import { judgeMessage } from '../../shared/mail/judge.ts';
import { sendDecision, type SendDecision } from '../../shared/mail/send-decision.ts';
import { encodeAcknowledged, encodeConfirmed, SESSION_KEYS } from '../../shared/mail/session-record.ts';
import type { RuleId } from '../../shared/policy/rules.ts';
import type { MailVerdict, MessageFacts } from '../../shared/mail/types.ts';
import type { CompiledPolicy } from '../../shared/policy/compile.ts';
import { deliverAudit } from '../src/audit-delivery.ts';
import { inBackground, recordRejections } from '../src/audit-trail.ts';
import { MAILBOX } from '../manifest-source.ts';
import { clientCapabilities, gatherFacts } from '../src/handlers.ts';
import {
  isMailboxSupported,
  keyValueStore,
  moveToBcc,
  onItemChanges,
  sendItem,
  sessionSet,
  whenReady,
} from '../src/office-access.ts';
import { POLICY_PUBLIC_KEY } from '../src/config.ts';
import { loadPolicy } from '../src/policy-loader.ts';
import { renderTaskPane, type TaskPaneModel } from './view.ts';

const ATTACHMENT_BUDGET_MS = 30_000;

interface State {
  compiled: CompiledPolicy | null;
  policyVersion: string;
  facts: MessageFacts | null;
  confirmed: Set<string>;
  acknowledged: Set<RuleId>;
  verdict: MailVerdict | null;
  decision: SendDecision | null;
  sending: boolean;
  moving: boolean;
  error: TaskPaneModel['error'];
}

const state: State = {
  compiled: null,
  policyVersion: '',
  facts: null,
  confirmed: new Set(),
  acknowledged: new Set(),
  verdict: null,
  decision: null,
  sending: false,
  moving: false,
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
  state.verdict = judgeMessage(state.compiled, {
    ...state.facts,
    confirmedDomains: [...state.confirmed],
    acknowledged: [...state.acknowledged],
  });
  const outside = new Set(state.verdict.outsideDomains);
  for (const d of [...state.confirmed]) if (!outside.has(d)) state.confirmed.delete(d);
  // The same decision the send handler takes: what may be sent, what is left, the Bcc fix.
  state.decision = sendDecision(state.verdict, clientCapabilities());
  renderTaskPane(
    root(),
    {
      verdict: state.verdict,
      pane: state.decision.pane,
      moving: state.moving,
      policyVersion: state.policyVersion,
      sending: state.sending,
      error: state.error,
      paneCanSend: isMailboxSupported(MAILBOX.sendAsync),
    },
    { toggle, acknowledge, moveToBcc: moveOutsidersToBcc, send },
  );
}

function acknowledge(rule: RuleId, on: boolean): void {
  if (on) state.acknowledged.add(rule);
  else state.acknowledged.delete(rule);
  state.error = null;
  show();
  sessionSet(SESSION_KEYS.acknowledged, encodeAcknowledged(state.acknowledged)).catch((e: unknown) => {
    state.error = MAIL_UI.sendFailed(describe(e));
    show();
  });
}

/** One click: the outside addresses of To and Cc go to Bcc (many-external-recipients), then a fresh check. */
async function moveOutsidersToBcc(): Promise<void> {
  const addresses = state.decision?.pane.moveToBcc ?? [];
  if (!addresses.length || state.moving) return;
  state.moving = true;
  state.error = null;
  show();
  try {
    await moveToBcc(addresses);
    state.moving = false;
    await refresh();
  } catch (e) {
    state.moving = false;
    state.error = MAIL_UI.sendFailed(describe(e));
    show();
  }
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
  if (!state.decision || !state.decision.pane.canSend || state.sending) return;
  state.sending = true;
  state.error = null;
  show();
  try {
    // The send handler runs on this send too: it must find every domain confirmed.
    await sessionSet(SESSION_KEYS.confirmed, encodeConfirmed(state.confirmed));
    await sessionSet(SESSION_KEYS.acknowledged, encodeAcknowledged(state.acknowledged));
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
  // The very facts the send handler reads (recipients, body, compose type, snapshot, attachments …).
  const facts = await gatherFacts(policy.compiled, Date.now() + ATTACHMENT_BUDGET_MS, true);
  for (const d of facts.confirmedDomains ?? []) state.confirmed.add(d);
  for (const r of facts.acknowledged ?? []) state.acknowledged.add(r);
  state.facts = facts;
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
