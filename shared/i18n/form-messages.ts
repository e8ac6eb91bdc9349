// The words of the form guard (issue 4), Japanese first with English: what a submission carries and the
// confirmation dialog. The findings' messages are in the rule records (shared/rules/forms.ts).
import type { SensitivityKind } from '../web/form-sensitivity.ts';
import type { Localized } from './localized.ts';

export const SENSITIVITY_LABELS: Record<SensitivityKind, Localized> = {
  password: { ja: 'パスワード', en: 'a password' },
  file: { ja: 'ファイル', en: 'a file' },
  'confidential-marker': { ja: '要機密の表示', en: 'a confidentiality marking' },
  'my-number': { ja: 'マイナンバー（個人番号）', en: 'a My Number (individual number)' },
  'payment-card': { ja: 'クレジットカード番号', en: 'a payment card number' },
  'credential-autocomplete': { ja: '認証情報', en: 'sign-in credentials' },
  'payment-autocomplete': { ja: '支払い情報', en: 'payment details' },
  unscanned: { ja: '全体を確認できない大きなデータ', en: 'data too large to check in full' },
  'all-posts': {
    ja: '送信内容（すべての送信を機密扱いにする設定）',
    en: 'form data (the policy treats every post as confidential)',
  },
};

/** The words of the form guard's dialog and notices. */
export const FORM_UI = {
  confirmTitle: { ja: '送信先の組織を確認してください', en: 'Confirm where this goes' },
  blockTitle: { ja: 'この送信は止めました', en: 'This submission was stopped' },
  uploadTitle: { ja: 'このファイルはアップロードできません', en: 'This file cannot be uploaded here' },
  destination: { ja: '送信先', en: 'Destination' },
  uploadSite: { ja: 'このサイト', en: 'This site' },
  organization: { ja: '組織のサイト', en: 'the organisation’s own site' },
  notInDirectory: { ja: '既知の組織の一覧にありません', en: 'not in the directory of known organisations' },
  governmentOnly: (suffix: string): Localized => ({
    ja: `${suffix} は政府機関だけが登録できるドメインです`,
    en: `${suffix} is a domain only government bodies can register`,
  }),
  idn: {
    ja: '国際化ドメイン名です。見た目が似ていても別のドメインです',
    en: 'an internationalised domain name: it may look like another name but is not',
  },
  encrypted: { ja: '暗号化されています（HTTPS）', en: 'Encrypted (HTTPS)' },
  notEncrypted: { ja: '暗号化されていません（HTTP）', en: 'Not encrypted (HTTP)' },
  loopback: { ja: 'このコンピューター内の通信です', en: 'stays on this computer' },
  carries: { ja: '送信する内容', en: 'This sends' },
  policy: { ja: 'ポリシー', en: 'policy' },
  dontSend: { ja: '送信しない', en: 'Do not send' },
  send: { ja: '確認して送信', en: 'Confirm and send' },
  close: { ja: '閉じる', en: 'Close' },
  changed: {
    ja: '確認中に送信内容が変わったため送信しませんでした。もう一度送信してください。',
    en: 'The data changed while you were confirming, so nothing was sent. Please submit again.',
  },
  tampered: {
    ja: 'このページが確認画面の表示を改変したため、送信を取り消しました。内容を読めない画面で送信を確認することはできません（ポリシー 8.1.1(5)(f)）。',
    en: 'This page altered the confirmation dialog, so the send was cancelled: a send cannot be confirmed on a screen you cannot read (policy 8.1.1(5)(f)).',
  },
  unknownDestination: {
    ja: '送信先をブラウザーが確かめられない方法で送られようとしたため、止めました（ポリシー 8.1.1(5)(f)）。',
    en: 'This was being sent in a way that hides its destination from the browser, so it was stopped (policy 8.1.1(5)(f)).',
  },
  failed: {
    ja: '送信先を確認できなかったため送信しませんでした。もう一度試し、続く場合は情報セキュリティ担当へ連絡してください。',
    en: 'The destination could not be checked, so nothing was sent. Try again; if this goes on, contact the security desk.',
  },
  checking: { ja: '送信先を確認しています…', en: 'Checking the destination…' },
  brand: { ja: 'ssk-guard 送信前の確認', en: 'ssk-guard check before sending' },
} as const;
