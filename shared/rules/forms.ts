// The rules of the form guard (issue 4): a submission or an upload judged in the page.
import { rule } from './record.ts';

export const insecureTransport = rule({
  id: 'insecure-transport',
  defaultAction: 'block',
  clause: '8.1.1(5)(f)(ｱ)',
  surfaces: ['form'],
  summary: {
    ja: '機密情報を含むフォームを http で送信する、または https のページから http へ送信する',
    en: 'a sensitive form submitted over http, or from https to http',
  },
  title: { ja: '暗号化されていない送信', en: 'Unencrypted submission' },
  message: (p) =>
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
  settings: ['forms.allPostsSensitive'],
});

export const unknownOrganization = rule({
  id: 'unknown-organization',
  defaultAction: 'warn',
  clause: '8.1.1(5)(f)(ｲ)',
  surfaces: ['form', 'upload'],
  summary: {
    ja: '機密情報を含むフォームを既知の組織でないドメインへ、または別サイトへ送信する（確認）',
    en: 'a sensitive form sent to a registrable domain not in the directory, or posted cross-site (confirm)',
  },
  title: { ja: '送信先の組織を確認してください', en: 'Confirm the receiving organisation' },
  message: (p) =>
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
  settings: ['directory'],
});

export const cloudConfidentialUpload = rule({
  id: 'cloud-confidential-upload',
  defaultAction: 'block',
  clause: '4.2.3, 3.1.1(4)(f)',
  surfaces: ['upload'],
  summary: {
    ja: '要機密のファイルを、機密性2以上で承認されていないクラウドサービスへアップロードする',
    en: 'a file marked 要機密 uploaded to a service not approved for 機密性2 or above',
  },
  title: { ja: '要機密ファイルのアップロード', en: 'Confidential file upload' },
  message: (p) =>
    p.level !== undefined
      ? {
          ja: `要機密の表示があるファイル ${p.files} は ${p.service}（${p.host}）にアップロードできません。このサービスの利用承認は機密性${p.level}までです（ポリシー ${p.clause}）。`,
          en: `Files marked confidential (${p.files}) must not be uploaded to ${p.service} (${p.host}): its approval covers up to 機密性${p.level} only (policy ${p.clause}).`,
        }
      : {
          ja: `要機密の表示があるファイル ${p.files} は、承認されていないクラウドサービス ${p.service}（${p.host}）にアップロードできません（ポリシー ${p.clause}）。`,
          en: `Files marked confidential (${p.files}) must not be uploaded to ${p.service} (${p.host}), a cloud service that is not approved (policy ${p.clause}).`,
        },
  settings: ['cloud.approved[].highestClassification'],
});
