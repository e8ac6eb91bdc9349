// The rules a host is judged by (a navigation, a link in a mail, a cloud attachment's link).
import type { Localized } from '../i18n/localized.ts';
import { rule } from './record.ts';

const LOOKALIKE_HOW: Record<string, Localized> = {
  homoglyph: { ja: '見た目の似た文字を使っています', en: 'it uses characters that look alike' },
  embedded: {
    ja: '本物のドメイン名を別のドメインの中に含めています',
    en: 'it carries the real name inside another domain',
  },
  'one-edit': { ja: '1文字だけ異なります', en: 'it differs by one character' },
  'other-suffix': { ja: '同じ名前で別の種類のドメインです', en: 'it has the same name under another suffix' },
  userinfo: {
    ja: 'URL の @ より前に本物のドメイン名を書き、実際には別のホストへ接続します',
    en: 'it writes the real name before an @ in the URL, while the connection goes to another host',
  },
  subdomain: { ja: '別のドメインの中に本物の名前を使っています', en: 'it uses the real name inside another domain' },
};

/** "in the body of this mail" where a finding comes from a link in a message (details.where). */
const IN_MAIL: Record<string, Localized> = {
  body: { ja: '本文のリンク: ', en: 'Link in the body: ' },
};
const inMail = (where: string | undefined): Localized => IN_MAIL[where ?? ''] ?? { ja: '', en: '' };

export const shortener = rule({
  id: 'shortener',
  defaultAction: 'block',
  clause: '6.6.2(3)-1, 8.1.2(1)-1 b',
  surfaces: ['navigation', 'mail-body', 'mail-attachment'],
  summary: {
    ja: '短縮 URL を開く・メール本文やクラウド添付に書く（一覧は取り込み可、例外あり）',
    en: 'a shortened URL opened, or written in a mail body or a cloud attachment (importable list, exceptions)',
  },
  title: { ja: '短縮URLの利用禁止', en: 'Shortened URLs are not allowed' },
  message: (p) => {
    const w = inMail(p.where);
    // In a mail being written the user is the sender: they write the full address instead.
    const next = p.where
      ? { ja: '短縮していない元のURLを書いてください。', en: 'Write the full address instead.' }
      : { ja: '元のURLを送信者に確認してください。', en: 'Ask the sender for the full address.' };
    return {
      ja: `${w.ja}${p.host} は短縮URLサービスです。短縮URLは行き先が分からないため利用できません（ポリシー ${p.clause}）。${next.ja}`,
      en: `${w.en}${p.host} is a URL shortener. Shortened URLs hide where they lead and are not allowed (policy ${p.clause}). ${next.en}`,
    };
  },
  nextSteps: [
    {
      ja: '「行き先を確認」で短縮URLの転送先を調べ、安全な場合のみ開いてください。',
      en: 'Use “Where does it lead?” to see the destination, and open it only if it is allowed.',
    },
    {
      ja: '送信者に元の（短縮していない）URLを確認してください。',
      en: 'Ask the sender for the full, unshortened address.',
    },
  ],
  settings: ['shorteners.builtinList', 'shorteners.extraDomains', 'shorteners.exceptions'],
});

export const cloudUnapproved = rule({
  id: 'cloud-unapproved',
  defaultAction: 'block',
  clause: '8.1.1(3)(m), 4.2.3',
  surfaces: ['navigation', 'mail-body', 'mail-attachment'],
  summary: {
    ja: '承認されていない（または承認期限切れの）クラウドサービス。メール本文のリンクと共有リンクも',
    en: 'a cloud service of an enforced category that is not approved (or whose approval expired); mail links and share links too',
  },
  title: { ja: '未承認のクラウドサービス', en: 'Cloud service not approved' },
  message: (p) => {
    const w = inMail(p.where);
    // A host named by a broad list (details.listed) rather than by the catalogue.
    if (p.listed)
      return {
        ja: `${w.ja}${p.host} は一覧（${p.listed}）にある${p.service}のサービスで、${p.upload ? 'ファイルや機密情報を送ることはできません' : '利用は承認されていません'}（ポリシー ${p.clause}）。業務で必要な場合は利用承認を申請してください。`,
        en: `${w.en}${p.host} is a ${p.serviceEn ?? p.service} service on the list ${p.listed}: ${p.upload ? 'files and confidential data may not be sent to it' : 'it has not been approved'} (policy ${p.clause}). If you need it for work, ask for approval.`,
      };
    return p.expired
      ? {
          ja: `${w.ja}${p.service}（${p.host}）の利用承認は ${p.expired} に期限が切れています（ポリシー ${p.clause}）。引き続き利用するには承認の更新を申請してください。`,
          en: `${w.en}The approval for ${p.service} (${p.host}) expired on ${p.expired} (policy ${p.clause}). Ask for the approval to be renewed to keep using it.`,
        }
      : {
          ja: `${w.ja}${p.service}（${p.host}）は承認されていないクラウドサービスです（ポリシー ${p.clause}）。業務で必要な場合は利用承認を申請してください。`,
          en: `${w.en}${p.service} (${p.host}) is a cloud service that has not been approved (policy ${p.clause}). If you need it for work, ask for approval.`,
        };
  },
  nextSteps: [
    {
      ja: '承認済みのサービス（組織のストレージなど）を使ってください。',
      en: 'Use an approved service (such as the organisation’s own storage).',
    },
    {
      ja: '業務上どうしても必要な場合は、下のボタンから利用承認を申請してください（4.2.3）。',
      en: 'If you need this service for work, request approval with the button below (4.2.3).',
    },
  ],
  settings: ['cloud.enforcedCategories', 'cloud.services', 'cloud.approved'],
});

export const lookalikeDomain = rule({
  id: 'lookalike-domain',
  defaultAction: 'block',
  clause: '8.1.1(5)(f)(ｲ), 6.6.2(2)',
  surfaces: ['navigation', 'form', 'mail-body', 'mail-attachment'],
  summary: {
    ja: '組織や既知の組織のドメインに似せたホスト（メール本文のリンク、表示と行き先の違うリンクも）',
    en: 'a host that imitates the organisation’s or a known organisation’s domain (also links in a mail body)',
  },
  title: { ja: 'なりすましの疑いがあるドメイン', en: 'Look-alike domain' },
  message: (p) => {
    const how = LOOKALIKE_HOW[p.kind ?? ''] ?? { ja: '', en: '' };
    const w = inMail(p.where);
    // A weak imitation (near a short name) asks rather than accuses.
    if (p.certainty === 'weak')
      return {
        ja: `${w.ja}本物ですか？ ${p.host} は ${p.imitates} に似ています（${how.ja}）。別の組織の本物のサイトと確かめられた場合だけ進んでください（ポリシー ${p.clause}）。`,
        en: `${w.en}Is this the real site? ${p.host} resembles ${p.imitates} (${how.en}). Go on only if you know it is another organisation’s genuine site (policy ${p.clause}).`,
      };
    return {
      ja: `${w.ja}${p.host} は ${p.imitates} に似せたドメインの疑いがあります（${how.ja}）。本物のサイトか確認してください（ポリシー ${p.clause}）。`,
      en: `${w.en}${p.host} looks like an imitation of ${p.imitates} (${how.en}). Make sure the site is the real one (policy ${p.clause}).`,
    };
  },
  nextSteps: [
    {
      ja: 'ブックマークや正式な案内から本物のサイトを開いてください。',
      en: 'Open the real site from a bookmark or an official notice.',
    },
    {
      ja: 'メールのリンクから来た場合は、そのメールを情報セキュリティ担当に報告してください。',
      en: 'If a mail link brought you here, report that mail to the security desk.',
    },
  ],
  settings: ['organization.domains', 'directory'],
});
