// The task pane's DOM, rebuilt from a verdict: recipients grouped by domain with a tick for each
// outside domain, each attachment with its verdict, the From check, the findings and the send
// button. Every name and address goes in as text (textContent), never as HTML.
import { MAIL_UI } from '../../shared/i18n/mail-messages.ts';
import { RULE_TITLES, type Localized } from '../../shared/i18n/messages.ts';
import type { PaneState } from '../../shared/mail/send-decision.ts';
import type { DomainGroup, DomainGroupKind, MailVerdict } from '../../shared/mail/types.ts';
import type { Action, RuleId } from '../../shared/policy/rules.ts';

export interface TaskPaneModel {
  verdict: MailVerdict;
  /** The send decision's pane state (shared/mail/send-decision.ts): status, may send, hint, Bcc move. */
  pane: PaneState;
  /** Moving To/Cc outsiders to Bcc is under way. */
  moving?: boolean;
  policyVersion: string;
  sending: boolean;
  /** The client can send from the pane (sendAsync, Mailbox 1.15); else ticks are kept for Outlook's own Send. */
  paneCanSend: boolean;
  error: Localized | null;
}

export interface TaskPaneActions {
  toggle(domain: string, confirmed: boolean): void;
  acknowledge(rule: RuleId, on: boolean): void;
  moveToBcc(): void;
  send(): void;
}

type Child = Node | string | null | undefined | false;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/** Japanese, then English beside it (smaller). */
function pair(t: Localized, tag = 'span'): HTMLElement {
  return el(tag, { class: 'pair' }, el('span', { class: 'ja' }, t.ja), el('span', { class: 'en' }, t.en));
}

function inline(t: Localized): HTMLElement {
  return el('span', {}, el('span', { class: 'ja' }, t.ja), ' ', el('span', { class: 'en' }, t.en));
}

const BADGE: Record<Action, Localized> = {
  allow: { ja: '問題なし', en: 'OK' },
  warn: { ja: '要確認', en: 'check' },
  block: { ja: '送信不可', en: 'blocked' },
};

const KINDS: DomainGroupKind[] = ['organization', 'known-organization', 'personal', 'other'];

function domainRow(g: DomainGroup, actions: TaskPaneActions): HTMLElement {
  const body = el('div', { class: 'body' }, el('div', { class: 'name' }, g.label));
  if (g.organization) {
    const org = g.organization;
    body.append(el('div', { class: 'meta' }, org.nameEn ? `${org.name} / ${org.nameEn}` : org.name));
  }
  const who = g.recipients.map((r) => `${MAIL_UI.fields[r.field].en}: ${r.address}`).join(', ');
  body.append(el('div', { class: 'meta' }, who));
  if (g.imitates) body.append(el('div', { class: 'alert' }, inline(MAIL_UI.lookalike(g.imitates))));
  if (g.unparsed) body.append(el('div', { class: 'alert' }, inline(MAIL_UI.unparsed)));

  if (!g.outside)
    return el('div', { class: 'row' }, el('span', { class: 'mark ok', 'aria-hidden': 'true' }, '✓'), body);
  const box = el('input', {
    type: 'checkbox',
    'data-domain': g.domain,
    'aria-label': `${MAIL_UI.confirmDomain.ja} / ${MAIL_UI.confirmDomain.en}: ${g.label}`,
  }) as HTMLInputElement;
  box.checked = g.confirmed;
  box.addEventListener('change', () => actions.toggle(g.domain, box.checked));
  const label = el('label', { class: `row outside${g.confirmed ? ' confirmed' : ''}` }, box, body);
  return label;
}

function recipientsSection(v: MailVerdict, actions: TaskPaneActions): HTMLElement {
  const s = el('section', { id: 'recipients' }, el('h2', {}, inline(MAIL_UI.recipients)));
  if (!v.domains.length) s.append(el('p', { class: 'empty' }, inline(MAIL_UI.noRecipients)));
  for (const kind of KINDS) {
    const groups = v.domains.filter((d) => d.kind === kind);
    if (!groups.length) continue;
    s.append(el('h3', {}, inline(MAIL_UI.groups[kind])));
    for (const g of groups) s.append(domainRow(g, actions));
  }
  return s;
}

function senderSection(v: MailVerdict): HTMLElement {
  const s = v.sender;
  const status = !s.address ? MAIL_UI.senderUnknown : s.allowed ? MAIL_UI.senderOk : MAIL_UI.senderNg;
  return el(
    'section',
    { id: 'sender' },
    el('h2', {}, inline(MAIL_UI.sender)),
    el(
      'div',
      { class: s.allowed ? 'row' : 'row bad' },
      el('span', { class: s.allowed ? 'mark ok' : 'mark ng', 'aria-hidden': 'true' }, s.allowed ? '✓' : '✗'),
      el(
        'div',
        { class: 'body' },
        el('div', { class: 'name' }, s.address ?? '—'),
        el('div', { class: 'meta' }, inline(status)),
      ),
    ),
  );
}

function attachmentsSection(v: MailVerdict): HTMLElement {
  const s = el('section', { id: 'attachments' }, el('h2', {}, inline(MAIL_UI.attachments)));
  if (!v.attachments.length) s.append(el('p', { class: 'empty' }, inline(MAIL_UI.noAttachments)));
  for (const a of v.attachments) {
    const body = el(
      'div',
      { class: 'body' },
      el('div', { class: 'name' }, a.parent ? `${a.parent} › ${a.name}` : a.name),
    );
    for (const n of a.notes.length ? a.notes : [MAIL_UI.attachmentOk])
      body.append(el('div', { class: 'meta' }, inline(n)));
    s.append(
      el(
        'div',
        { class: a.verdict === 'block' ? 'row bad' : 'row', 'data-attachment': a.name },
        body,
        el('span', { class: `badge ${a.verdict}` }, `${BADGE[a.verdict].ja} / ${BADGE[a.verdict].en}`),
      ),
    );
  }
  return s;
}

function bccBox(model: TaskPaneModel, actions: TaskPaneActions): HTMLElement | null {
  const n = model.pane.moveToBcc.length;
  if (!n) return null;
  const label = model.moving ? MAIL_UI.movingToBcc : MAIL_UI.moveToBcc(n);
  const button = el('button', { id: 'move-to-bcc', type: 'button' }, `${label.ja} / ${label.en}`) as HTMLButtonElement;
  button.disabled = !!model.moving;
  button.addEventListener('click', () => actions.moveToBcc());
  return el(
    'div',
    { class: 'fix', id: 'bcc-fix' },
    button,
    el('div', { class: 'meta' }, inline(MAIL_UI.moveToBccHint)),
  );
}

function findingsSection(model: TaskPaneModel, actions: TaskPaneActions): HTMLElement | null {
  const v = model.verdict;
  if (!v.findings.length && !v.acknowledged.length) return null;
  const s = el('section', { id: 'findings' }, el('h2', {}, inline(MAIL_UI.findings)));
  const ackable = new Set(model.pane.acknowledgeable);
  const row = (f: MailVerdict['findings'][number], acked: boolean) => {
    const t = RULE_TITLES[f.rule];
    const box = el(
      'div',
      { class: `finding ${acked ? 'acknowledged' : f.action}`, 'data-rule': f.rule },
      el('div', { class: 'title' }, `${t.ja} / ${t.en}`),
      pair(f.message, 'div'),
    );
    if (acked || ackable.has(f.rule)) {
      const tick = el('input', { type: 'checkbox', 'data-ack': f.rule }) as HTMLInputElement;
      tick.checked = acked;
      tick.addEventListener('change', () => actions.acknowledge(f.rule, tick.checked));
      box.append(el('label', { class: 'ack' }, tick, inline(MAIL_UI.acknowledge)));
    }
    return box;
  };
  for (const f of v.findings) s.append(row(f, false));
  for (const f of v.acknowledged) s.append(row(f, true));
  return s;
}

function bodySection(v: MailVerdict): HTMLElement | null {
  if (!v.body.read) return null;
  return el(
    'section',
    { id: 'body' },
    el('h2', {}, inline(MAIL_UI.body)),
    el('div', { class: 'meta' }, inline(MAIL_UI.bodyLinks(v.body.links))),
  );
}

export function renderTaskPane(root: HTMLElement, model: TaskPaneModel, actions: TaskPaneActions): void {
  const v = model.verdict;
  const { status, ready } = model.pane;
  const button = el(
    'button',
    { id: 'send', type: 'button' },
    `${MAIL_UI.send.ja} / ${MAIL_UI.send.en}`,
  ) as HTMLButtonElement;
  if (model.sending) button.textContent = `${MAIL_UI.sending.ja} / ${MAIL_UI.sending.en}`;
  button.disabled = !model.pane.canSend || model.sending || !model.paneCanSend;
  button.addEventListener('click', () => actions.send());
  const HINTS = {
    block: MAIL_UI.sendHintBlock,
    tick: MAIL_UI.sendHintTick,
    acknowledge: MAIL_UI.sendHintAcknowledge,
    outlook: MAIL_UI.sendHintOutlook,
  } as const;
  const hint = model.pane.hint ? HINTS[model.pane.hint] : null;

  const parts: (HTMLElement | null)[] = [
    el('header', {}, el('img', { src: 'icon-32.png', alt: '' }), el('h1', {}, pair(MAIL_UI.title))),
    el(
      'div',
      { class: `banner ${status}`, id: 'status', 'data-verdict': status },
      el('strong', {}, pair(MAIL_UI.verdict[status])),
    ),
    // The one-click fix first, where it is seen before the lists (many-external-recipients).
    bccBox(model, actions),
    senderSection(v),
    recipientsSection(v, actions),
    attachmentsSection(v),
    bodySection(v),
    findingsSection(model, actions),
    el('p', { class: 'policy' }, `${MAIL_UI.policy.ja} / ${MAIL_UI.policy.en}: ${model.policyVersion}`),
    el(
      'footer',
      {},
      button,
      hint && el('div', { class: 'hint', id: 'send-hint' }, `${hint.ja} / ${hint.en}`),
      model.error && el('div', { class: 'error', role: 'alert' }, `${model.error.ja} / ${model.error.en}`),
    ),
  ];
  root.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
}
