// Messages of the form guard (issue 4), Japanese first with English: the findings of a submission or
// an upload, and the words of the confirmation dialog. Parameters are plain text, inserted as text.
import type { RuleId } from '../policy/rules.ts';
import type { SensitivityKind } from '../web/form-sensitivity.ts';
import type { Localized, MessageParams } from './messages.ts';

export const FORM_MESSAGES: Partial<Record<RuleId, (p: MessageParams) => Localized>> = {
  'insecure-transport': (p) =>
    p.where === 'page'
      ? {
          ja: `このページ（${p.page}）は暗号化されていない通信（http）で開かれているため、ここから機密情報は送信できません（ポリシー ${p.clause}）。https のページを開き直して送信してください。`,
          en: `This page (${p.page}) was opened over an unencrypted connection (http), so confidential data cannot be sent from it (policy ${p.clause}). Open the https page and send from there.`,
        }
      : p.where === 'downgrade'
        ? {
            ja: `暗号化されたページから、暗号化されていない送信先 ${p.host}（http）へ送信しようとしています。機密情報は暗号化されない送信先には送れません（ポリシー ${p.clause}）。`,
            en: `This encrypted page would send to ${p.host} without encryption (http). Confidential data must not be sent unencrypted (policy ${p.clause}).`,
          }
        : {
            ja: `送信先 ${p.host} への通信は暗号化されていません（http）。機密情報は暗号化されない送信先には送れません（ポリシー ${p.clause}）。`,
            en: `The connection to ${p.host} is not encrypted (http). Confidential data must not be sent unencrypted (policy ${p.clause}).`,
          },
  'unknown-organization': (p) =>
    p.reason === 'upload'
      ? {
          ja: `要機密の表示があるファイル ${p.files} は、組織のサイトでも機密性2以上で承認されたサービスでもない ${p.host} にはアップロードできません（ポリシー ${p.clause}）。`,
          en: `Files marked confidential (${p.files}) must not be uploaded to ${p.host}: it is neither the organisation’s site nor a service approved for 機密性2 or above (policy ${p.clause}).`,
        }
      : p.reason === 'cross-site'
        ? {
            ja: `このページ（${p.page}）の入力内容は、別のサイト ${p.host}${p.organization ? `（${p.organization}）` : ''} に送信されます。意図した組織への送信か確かめてください（ポリシー ${p.clause}）。`,
            en: `What you entered on this page (${p.page}) goes to another site, ${p.host}${p.organizationEn ? ` (${p.organizationEn})` : ''}. Make sure it is the organisation you mean to send to (policy ${p.clause}).`,
          }
        : {
            ja: `送信先 ${p.host} は、組織や既知の組織のドメインではありません（${p.registrable}）。意図した組織への送信か確かめてから送信してください（ポリシー ${p.clause}）。`,
            en: `The destination ${p.host} is not a domain of the organisation or of a known organisation (${p.registrable}). Make sure it belongs to the organisation you mean to send to (policy ${p.clause}).`,
          },
  'cloud-confidential-upload': (p) =>
    p.level !== undefined
      ? {
          ja: `要機密の表示があるファイル ${p.files} は ${p.service}（${p.host}）にアップロードできません。このサービスの利用承認は機密性${p.level}までです（ポリシー ${p.clause}）。`,
          en: `Files marked confidential (${p.files}) must not be uploaded to ${p.service} (${p.host}): its approval covers up to 機密性${p.level} only (policy ${p.clause}).`,
        }
      : {
          ja: `要機密の表示があるファイル ${p.files} は、承認されていないクラウドサービス ${p.service}（${p.host}）にアップロードできません（ポリシー ${p.clause}）。`,
          en: `Files marked confidential (${p.files}) must not be uploaded to ${p.service} (${p.host}), a cloud service that is not approved (policy ${p.clause}).`,
        },
};

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
  failed: {
    ja: '送信先を確認できなかったため送信しませんでした。もう一度試し、続く場合は情報セキュリティ担当へ連絡してください。',
    en: 'The destination could not be checked, so nothing was sent. Try again; if this goes on, contact the security desk.',
  },
  checking: { ja: '送信先を確認しています…', en: 'Checking the destination…' },
  brand: { ja: 'ssk-guard 送信前の確認', en: 'ssk-guard check before sending' },
} as const;
