// Messages of the mail rules (the Outlook add-in and `ssk-guard mail`), in Japanese and English.
// Each names its clause and the offending domains or files. Lists arrive already shortened
// (shared/mail/display.ts), so one message stays well inside Smart Alerts' 500 characters.
import type { RuleId } from '../policy/rules.ts';
import type { Localized, MessageParams } from './messages.ts';

const WHY: Record<string, Localized> = {
  'read-failed': { ja: '読み取れませんでした', en: 'could not be read' },
  'not-checked-in-time': { ja: '検査が間に合いませんでした', en: 'were not checked in time' },
  'attached-message': { ja: '添付されたメッセージの中身は検査できません', en: 'attached messages cannot be inspected' },
  'no-link': { ja: 'リンクを読み取れませんでした', en: 'had no usable link' },
};

function why(p: MessageParams): Localized {
  const codes = (p.why ?? 'read-failed').split(',');
  return {
    ja: codes.map((c) => WHY[c]?.ja ?? WHY['read-failed']!.ja).join('・'),
    en: codes.map((c) => WHY[c]?.en ?? WHY['read-failed']!.en).join('; '),
  };
}

export const MAIL_MESSAGES: Partial<Record<RuleId, (p: MessageParams) => Localized>> = {
  'external-recipient': (p) => ({
    ja:
      `組織外の宛先があります（${p.count} ドメイン: ${p.domains}）。宛先をドメインごとに確認してから送信してください（ポリシー ${p.clause}）。` +
      (p.pending ? `未確認: ${p.pending}。` : '') +
      (p.lookalikes ? `${p.lookalikes} は組織のドメインに似ています。` : ''),
    en:
      `Recipients outside the organisation (${p.count} domain(s): ${p.domains}). Confirm each domain before sending (policy ${p.clause}).` +
      (p.pending ? ` Not yet confirmed: ${p.pending}.` : '') +
      (p.lookalikes ? ` ${p.lookalikes}: looks like a protected domain.` : ''),
  }),
  'sender-domain': (p) =>
    p.unknown
      ? {
          ja: `差出人のアドレスを確認できないため送信できません。組織のアドレス（${p.allowed}）から送信してください（ポリシー ${p.clause}）。`,
          en: `The sender's address cannot be read, so this cannot be sent. Send from an address of ${p.allowed} (policy ${p.clause}).`,
        }
      : {
          ja: `差出人 ${p.domain} は組織のドメイン（${p.allowed}）ではありません。組織のアドレスから送信してください（ポリシー ${p.clause}）。`,
          en: `The sender's domain ${p.domain} is not the organisation's (${p.allowed}). Send from the organisation's address (policy ${p.clause}).`,
        },
  'executable-attachment': (p) => {
    const w = why(p);
    const ja: string[] = [];
    const en: string[] = [];
    if (p.files) {
      ja.push(`実行ファイルは添付できません: ${p.files}（ポリシー ${p.clause}）。`);
      en.push(`Executable files must not be sent: ${p.files} (policy ${p.clause}).`);
    }
    if (p.unreadable) {
      ja.push(
        `添付 ${p.unreadable} は${w.ja}。実行ファイルでないことを確認できないため送信を止めました（ポリシー ${p.clause}）。`,
      );
      en.push(
        `Attachment(s) ${p.unreadable} ${w.en}; they cannot be shown not to be executable, so sending stopped (policy ${p.clause}).`,
      );
    }
    return { ja: ja.join(''), en: en.join(' ') };
  },
  'unencrypted-confidential-attachment': (p) =>
    p.subject
      ? {
          ja: `件名に要機密の表示があり、添付 ${p.files} が暗号化されずに組織外（${p.domains}）へ送られます。暗号化してから送信してください（ポリシー ${p.clause}）。`,
          en: `The subject is marked confidential and ${p.files} would go unencrypted outside the organisation (${p.domains}). Encrypt before sending (policy ${p.clause}).`,
        }
      : {
          ja: `要機密の添付 ${p.files} が暗号化されずに組織外（${p.domains}）へ送られます。暗号化してから送信してください（ポリシー ${p.clause}）。`,
          en: `Confidential file(s) ${p.files} would go unencrypted outside the organisation (${p.domains}). Encrypt before sending (policy ${p.clause}).`,
        },
};

/** The add-in's own sentences (Smart Alerts when the check itself fails, the task pane), ja and en. */
export const MAIL_UI = {
  checkFailed: (reason: string): Localized => ({
    ja: `ssk-guard: 送信前の確認ができなかったため送信を止めました（${reason}）。もう一度送信してください。続く場合は情報セキュリティ担当へ連絡してください。`,
    en: `ssk-guard could not check this message (${reason}), so it was not sent. Try again; if this goes on, contact the security desk.`,
  }),
  checkTimedOut: {
    ja: 'ssk-guard: 確認が時間内に終わらなかったため送信を止めました。少し待ってからもう一度送信してください。',
    en: 'ssk-guard did not finish its check in time, so the message was not sent. Wait a moment and send again.',
  },
  reviewButton: { ja: '確認する', en: 'Review' },
  title: { ja: '送信前チェック', en: 'Send check' },
  loading: { ja: '確認しています…', en: 'Checking…' },
  verdict: {
    allow: { ja: '送信できます', en: 'Ready to send' },
    warn: { ja: '組織外の宛先をドメインごとに確認してください', en: 'Confirm each outside domain' },
    block: { ja: '送信できません', en: 'Cannot send' },
  },
  sender: { ja: '差出人', en: 'From' },
  senderOk: { ja: '組織のドメインです', en: 'an organisation domain' },
  senderNg: { ja: '組織のドメインではありません', en: 'not an organisation domain' },
  senderUnknown: { ja: '差出人を確認できません', en: 'the sender cannot be read' },
  recipients: { ja: '宛先（ドメイン別）', en: 'Recipients by domain' },
  noRecipients: { ja: '宛先がありません', en: 'No recipients' },
  groups: {
    organization: { ja: '組織内', en: 'Inside the organisation' },
    'known-organization': { ja: '既知の組織', en: 'Known organisations' },
    personal: { ja: '個人向けメール', en: 'Personal mail' },
    other: { ja: 'その他の組織外', en: 'Other outside domains' },
  },
  confirmDomain: { ja: 'このドメインへの送信を確認しました', en: 'I have checked this domain' },
  lookalike: (imitates: string): Localized => ({
    ja: `${imitates} に似せたドメインの疑いがあります`,
    en: `looks like an imitation of ${imitates}`,
  }),
  unparsed: { ja: 'アドレスからドメインを読み取れません', en: 'no domain can be read from the address' },
  attachments: { ja: '添付ファイル', en: 'Attachments' },
  noAttachments: { ja: '添付ファイルはありません', en: 'No attachments' },
  attachmentOk: { ja: '問題なし', en: 'no issue' },
  findings: { ja: '確認結果', en: 'Findings' },
  send: { ja: '確認して送信', en: 'Confirm and send' },
  sending: { ja: '送信しています…', en: 'Sending…' },
  sendFailed: (reason: string): Localized => ({
    ja: `送信できませんでした（${reason}）`,
    en: `Could not send (${reason})`,
  }),
  sendHintTick: {
    ja: 'すべての組織外ドメインにチェックを入れると送信できます',
    en: 'Tick every outside domain to send',
  },
  sendHintBlock: { ja: '上の問題を解決するまで送信できません', en: 'Resolve the issues above to send' },
  sendHintOutlook: {
    ja: '確認を記録しました。Outlook の送信ボタンで送信してください',
    en: "Confirmations recorded: send with Outlook's Send button",
  },
  policy: { ja: 'ポリシー', en: 'policy' },
  fields: { to: { ja: '宛先', en: 'To' }, cc: { ja: 'CC', en: 'Cc' }, bcc: { ja: 'BCC', en: 'Bcc' } },
} as const;
