// The add-in's own words (task pane, Smart Alerts when the check itself fails), in Japanese and
// English. The findings' messages are in the rule records (shared/rules/mail.ts).
import type { Localized } from './localized.ts';

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
    warn: { ja: '送信前に確認してください', en: 'Check before sending' },
    block: { ja: '送信できません', en: 'Cannot send' },
  },
  moveToBcc: (n: number): Localized => ({
    ja: `組織外の ${n} 件を Bcc に移す`,
    en: `Move ${n} outside address(es) to Bcc`,
  }),
  movingToBcc: { ja: 'Bcc に移しています…', en: 'Moving to Bcc…' },
  moveToBccHint: {
    ja: 'To・Cc の組織外アドレスを Bcc に移すと、受信者どうしにアドレスが見えません',
    en: 'In Bcc, outside recipients no longer see each other’s addresses',
  },
  acknowledge: { ja: '内容を確認しました', en: 'I have checked this' },
  sendHintAcknowledge: {
    ja: '確認結果を読み、それぞれにチェックを入れると送信できます',
    en: 'Read each finding and tick it to send',
  },
  invite: { ja: '会議出席依頼', en: 'Meeting invite' },
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
  body: { ja: '本文', en: 'Body' },
  bodyLinks: (n: number): Localized => ({ ja: `リンク ${n} 件を確認`, en: `${n} link(s) checked` }),
  bodyUnread: { ja: '本文を読み取れませんでした', en: 'the body could not be read' },
} as const;
