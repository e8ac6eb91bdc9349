// The text of Outlook's Smart Alerts dialog: Japanese first, then English, within 500 characters
// (Outlook's limit for both `errorMessage` and `errorMessageMarkdown`). When every finding does not
// fit, the most serious one is shown whole and the rest are counted, pointing to the task pane.
import { findingMessage, RULE_TITLES, type Localized } from '../i18n/messages.ts';
import type { Action } from '../policy/rules.ts';
import type { Finding } from '../web/finding.ts';

export const SMART_ALERT_LIMIT = 500;

const HEADING: Record<Exclude<Action, 'allow'>, Localized> = {
  block: { ja: '送信できません', en: 'Cannot send' },
  warn: { ja: '送信前に確認してください', en: 'Check before sending' },
};

// Markdown's punctuation: names and domains are escaped so they stay text, never markup; `.` and `:`
// too, so that no name turns into an autolink (www.…, https://…).
const MD_SPECIAL = /[\\`*_[\]()#!|<>~.:]/g;
export function escapeMarkdown(text: string): string {
  return text.replace(MD_SPECIAL, (c) => '\\' + c);
}

function markdownMessage(f: Finding): Localized {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.details)) params[k] = escapeMarkdown(v);
  return findingMessage(f.rule, { ...params, clause: f.clause });
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? '' : text.slice(0, max - 1) + '…';
}

export interface SmartAlertText {
  /** Plain text (every client). */
  plain: string;
  /** Markdown (Mailbox 1.15), the same content with names escaped. */
  markdown: string;
}

function compose(
  findings: readonly Finding[],
  verdict: Exclude<Action, 'allow'>,
  messageOf: (f: Finding) => Localized,
  md: boolean,
  limit: number,
): string {
  const h = HEADING[verdict];
  const head = md ? `**${h.ja} / ${h.en}**` : `【${h.ja} / ${h.en}】`;
  const bullet = md ? '- ' : '';
  const msgs = findings.map(messageOf);
  const [i0, i1] = md ? ['_', '_'] : ['', ''];
  const tail = (rest: readonly Finding[], titled: boolean) => {
    if (!rest.length) return '';
    const n = rest.length;
    return titled
      ? `\n${i0}ほか ${n} 件: ${rest.map((f) => RULE_TITLES[f.rule].ja).join('、')}（作業ウィンドウで確認） / ` +
          `${n} more: ${rest.map((f) => RULE_TITLES[f.rule].en).join(', ')} (see the task pane)${i1}`
      : `\n${i0}ほか ${n} 件（作業ウィンドウで確認） / ${n} more (see the task pane)${i1}`;
  };
  // As many whole findings as fit, most serious first; the rest counted, with their titles if there is room.
  for (let k = msgs.length; k >= 1; k--) {
    const shown = msgs.slice(0, k);
    const body = [head, ...shown.map((m) => bullet + m.ja), '', ...shown.map((m) => bullet + m.en)].join('\n');
    for (const titled of [true, false]) {
      const text = body + tail(findings.slice(k), titled);
      if (text.length <= limit) return text;
    }
  }
  // Even one does not fit: each language gets its share of what is left, cut with an ellipsis.
  const first = msgs[0]!;
  const counted = tail(findings.slice(1), false);
  const room = limit - head.length - counted.length - 3 - 2 * bullet.length;
  const ja = cut(first.ja, Math.floor(room * 0.45));
  const en = cut(first.en, room - ja.length);
  return cut(`${head}\n${bullet}${ja}\n\n${bullet}${en}${counted}`, limit);
}

/** The dialog text for a verdict that stops the send; empty strings when nothing needs saying. */
export function smartAlertText(
  findings: readonly Finding[],
  verdict: Action,
  limit = SMART_ALERT_LIMIT,
): SmartAlertText {
  if (verdict === 'allow' || findings.length === 0) return { plain: '', markdown: '' };
  return {
    plain: compose(findings, verdict, (f) => f.message, false, limit),
    markdown: compose(findings, verdict, markdownMessage, true, limit),
  };
}
