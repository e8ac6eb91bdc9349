// The one line shown in the compose form's info bar as the message changes (Outlook allows 150
// characters): what the send check will say, before the user presses Send.
import { RULE_TITLES } from '../i18n/messages.ts';
import type { MailVerdict } from './types.ts';

export const NOTICE_LIMIT = 150;

export interface Notice {
  text: string;
  /** A block: shown as an error rather than information. */
  error: boolean;
}

/** null when there is nothing to say (everything allowed). */
export function noticeFor(v: MailVerdict, limit = NOTICE_LIMIT): Notice | null {
  if (v.verdict === 'allow') return null;
  const blocks = v.findings.filter((f) => f.action === 'block');
  let text: string;
  if (blocks.length) {
    const rules = [...new Set(blocks.map((f) => f.rule))];
    text =
      `ssk-guard: 送信できません（${rules.map((r) => RULE_TITLES[r].ja).join('、')}） / ` +
      `Cannot send: ${rules.map((r) => RULE_TITLES[r].en).join(', ')}`;
  } else if (v.findings.some((f) => f.rule !== 'external-recipient')) {
    const rules = [...new Set(v.findings.map((f) => f.rule))];
    text =
      `ssk-guard: 送信時に確認（${rules.map((r) => RULE_TITLES[r].ja).join('、')}） / ` +
      `To confirm when sending: ${rules.map((r) => RULE_TITLES[r].en).join(', ')}`;
  } else {
    const n = v.outsideDomains.length;
    text = `ssk-guard: 組織外 ${n} ドメイン・送信時に確認 / ${n} outside domain(s) to confirm when sending`;
  }
  return { text: text.length > limit ? text.slice(0, limit - 1) + '…' : text, error: blocks.length > 0 };
}
