// Every user-facing sentence of a finding, in Japanese and English. Parameters are plain text;
// renderers must insert them as text (never as HTML).
import type { RuleId } from '../policy/rules.ts';
import { MAIL_MESSAGES } from './mail-messages.ts';
import { FORM_MESSAGES } from './form-messages.ts';

export interface Localized {
  ja: string;
  en: string;
}

export type MessageParams = Record<string, string | undefined>;

/** Short rule titles, for headings and audit views. */
export const RULE_TITLES: Record<RuleId, Localized> = {
  shortener: { ja: '短縮URLの利用禁止', en: 'Shortened URLs are not allowed' },
  'cloud-unapproved': { ja: '未承認のクラウドサービス', en: 'Cloud service not approved' },
  'cloud-confidential-upload': { ja: '要機密ファイルのアップロード', en: 'Confidential file upload' },
  'insecure-transport': { ja: '暗号化されていない送信', en: 'Unencrypted submission' },
  'lookalike-domain': { ja: 'なりすましの疑いがあるドメイン', en: 'Look-alike domain' },
  'unknown-organization': { ja: '送信先の組織を確認してください', en: 'Confirm the receiving organisation' },
  'external-recipient': { ja: '外部の宛先', en: 'External recipients' },
  'sender-domain': { ja: '差出人のドメイン', en: 'Sender domain' },
  'executable-attachment': { ja: '実行ファイルの添付', en: 'Executable attachment' },
  'unencrypted-confidential-attachment': {
    ja: '暗号化されていない要機密ファイル',
    en: 'Unencrypted confidential file',
  },
};

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

type Builder = (p: MessageParams) => Localized;

const BUILDERS: Partial<Record<RuleId, Builder>> = {
  shortener: (p) => ({
    ja: `${p.host} は短縮URLサービスです。短縮URLは行き先が分からないため利用できません（ポリシー ${p.clause}）。元のURLを送信者に確認してください。`,
    en: `${p.host} is a URL shortener. Shortened URLs hide where they lead and are not allowed (policy ${p.clause}). Ask the sender for the full address.`,
  }),
  'cloud-unapproved': (p) =>
    p.listed
      ? {
          ja: `${p.host} は一覧（${p.listed}）にある${p.service}のサービスで、${p.upload ? 'ファイルや機密情報を送ることはできません' : '利用は承認されていません'}（ポリシー ${p.clause}）。業務で必要な場合は利用承認を申請してください。`,
          en: `${p.host} is a ${p.serviceEn} service on the list ${p.listed}: ${p.upload ? 'files and confidential data may not be sent to it' : 'it has not been approved'} (policy ${p.clause}). If you need it for work, ask for approval.`,
        }
      : p.expired
        ? {
            ja: `${p.service}（${p.host}）の利用承認は ${p.expired} に期限が切れています（ポリシー ${p.clause}）。引き続き利用するには承認の更新を申請してください。`,
            en: `The approval for ${p.service} (${p.host}) expired on ${p.expired} (policy ${p.clause}). Ask for the approval to be renewed to keep using it.`,
          }
        : {
            ja: `${p.service}（${p.host}）は承認されていないクラウドサービスです（ポリシー ${p.clause}）。業務で必要な場合は利用承認を申請してください。`,
            en: `${p.service} (${p.host}) is a cloud service that has not been approved (policy ${p.clause}). If you need it for work, ask for approval.`,
          },
  'lookalike-domain': (p) => {
    const how = LOOKALIKE_HOW[p.kind ?? ''] ?? { ja: '', en: '' };
    if (p.certainty === 'weak')
      return {
        ja: `本物ですか？ ${p.host} は ${p.imitates} に似ています（${how.ja}）。別の組織の本物のサイトと確かめられた場合だけ進んでください（ポリシー ${p.clause}）。`,
        en: `Is this the real site? ${p.host} resembles ${p.imitates} (${how.en}). Go on only if you know it is another organisation’s genuine site (policy ${p.clause}).`,
      };
    return {
      ja: `${p.host} は ${p.imitates} に似せたドメインの疑いがあります（${how.ja}）。本物のサイトか確認してください（ポリシー ${p.clause}）。`,
      en: `${p.host} looks like an imitation of ${p.imitates} (${how.en}). Make sure the site is the real one (policy ${p.clause}).`,
    };
  },
};

export function findingMessage(rule: RuleId, params: MessageParams): Localized {
  const build = BUILDERS[rule] ?? MAIL_MESSAGES[rule] ?? FORM_MESSAGES[rule];
  if (build) return build(params);
  const t = RULE_TITLES[rule];
  return { ja: `${t.ja}（ポリシー ${params.clause}）`, en: `${t.en} (policy ${params.clause})` };
}
