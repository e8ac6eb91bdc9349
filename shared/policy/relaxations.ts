// What a document relaxes: each setting that protects less than the built-in SSK default, located and
// in both languages, so an admin sees every exception they make (`policy validate` lists them as warnings).
import { SSK_DEFAULT_POLICY } from './default.ts';
import { DomainSet } from '../domains/domain-set.ts';
import { normalizeHost } from '../domains/host.ts';
import type { PolicyError } from './errors.ts';
import { RULE_IDS, RULES, type Action } from './rules.ts';
import type { Policy } from './schema.ts';

/** Same shape as a validation error: where, and what it means in ja and en. */
export type Relaxation = PolicyError;

const RANK: Record<Action, number> = { allow: 0, warn: 1, block: 2 };
const ACTION_JA: Record<Action, string> = { block: '遮断', warn: '警告', allow: '許可' };

/** `policy` is the document laid over the default (so every setting is there). */
export function relaxationsOf(policy: Policy, base: Policy = SSK_DEFAULT_POLICY): Relaxation[] {
  const out: Relaxation[] = [];
  const add = (path: string, en: string, ja: string) => out.push({ path, en, ja });

  for (const id of RULE_IDS) {
    const action = policy.rules[id]?.action;
    const built = base.rules[id]?.action ?? RULES[id].defaultAction;
    if (action && RANK[action] < RANK[built])
      add(
        `rules.${id}.action`,
        `"${action}" is weaker than the built-in "${built}" (clause ${RULES[id].clause})`,
        `「${ACTION_JA[action]}」は既定の「${ACTION_JA[built]}」より弱い設定です（${RULES[id].clause}）`,
      );
  }

  if (base.shorteners.builtinList && !policy.shorteners.builtinList)
    add(
      'shorteners.builtinList',
      'the shipped list of URL shorteners is switched off: only extraDomains are blocked',
      '同梱の短縮URL一覧が無効です。extraDomains のものだけが遮断されます',
    );
  policy.shorteners.exceptions.forEach((d, i) => {
    if (!base.shorteners.exceptions.includes(d))
      add(
        `shorteners.exceptions[${i}]`,
        `the shortener ${JSON.stringify(d)} is let through`,
        `短縮URL ${JSON.stringify(d)} を通します`,
      );
  });

  if (base.cloud.builtinCatalogue && !policy.cloud.builtinCatalogue)
    add(
      'cloud.builtinCatalogue',
      'the shipped catalogue of cloud services is switched off: only the services listed here are enforced',
      '同梱のクラウドサービス一覧が無効です。ここに挙げたサービスだけが対象になります',
    );
  const enforced = new Set(policy.cloud.enforcedCategories);
  for (const category of base.cloud.enforcedCategories)
    if (!enforced.has(category))
      add(
        'cloud.enforcedCategories',
        `the category "${category}" is no longer enforced: its services are reached without approval`,
        `区分「${category}」が対象外です。そのサービスは承認なしで利用できます`,
      );

  // A broad list's hosts only guarded on upload where the default blocks visiting them.
  for (const [category, guard] of Object.entries(policy.cloud.extraDomainsGuard))
    if (
      guard === 'upload' &&
      base.cloud.extraDomainsGuard[category as keyof typeof base.cloud.extraDomainsGuard] === 'navigation'
    )
      add(
        `cloud.extraDomainsGuard.${category}`,
        `imported "${category}" hosts may be visited (only uploads and sensitive forms are stopped)`,
        `取り込んだ「${category}」のホストを閲覧できます（アップロードと機密情報の送信だけを止めます）`,
      );

  // Sender domains beyond the organisation's own widen who may appear as the sender (8.1.1(5)(a)(b)).
  const own = DomainSet.of(policy.organization.domains);
  policy.mail.senderDomains.forEach((d, i) => {
    if (!own.has(normalizeHost(d) ?? d))
      add(
        `mail.senderDomains[${i}]`,
        `${JSON.stringify(d)} is not one of the organisation's domains but may send to outsiders`,
        `${JSON.stringify(d)} は組織のドメインではありませんが、組織外への差出人として認められます`,
      );
  });

  // More outsiders may see each other's addresses in To/Cc before the Bcc guard speaks (3.1.1(5)(d)).
  if (policy.mail.bccThreshold > base.mail.bccThreshold)
    add(
      'mail.bccThreshold',
      `${policy.mail.bccThreshold} outside addresses in To/Cc before many-external-recipients warns (built-in: ${base.mail.bccThreshold})`,
      `To・Cc の組織外アドレスが ${policy.mail.bccThreshold} 件になるまで many-external-recipients は警告しません（既定 ${base.mail.bccThreshold} 件）`,
    );

  const WEAK_RANK = { accept: 0, warn: 1, block: 2 } as const;
  if (WEAK_RANK[policy.mail.weakEncryption] < WEAK_RANK[base.mail.weakEncryption])
    add(
      'mail.weakEncryption',
      `"${policy.mail.weakEncryption}" is weaker than the built-in "${base.mail.weakEncryption}" for ZipCrypto / RC4 attachments (clause 8.1.1(7)(a))`,
      `ZipCrypto・RC4 の添付への「${policy.mail.weakEncryption}」は既定の「${base.mail.weakEncryption}」より弱い設定です（8.1.1(7)(a)）`,
    );

  if (!base.overrides.allowed && policy.overrides.allowed)
    add(
      'overrides.allowed',
      'users may override blocks themselves (2.2.2 asks for an approved, recorded exception)',
      '利用者が自分で遮断を解除できます（2.2.2 は承認され記録された例外を求めています）',
    );
  // How long and with what reason matter only where users may override at all.
  if (policy.overrides.allowed && base.overrides.reasonRequired && !policy.overrides.reasonRequired)
    add('overrides.reasonRequired', 'an override needs no reason', '解除に理由が不要です');
  if (policy.overrides.allowed && policy.overrides.minutes > base.overrides.minutes)
    add(
      'overrides.minutes',
      `an override lasts ${policy.overrides.minutes} minutes, longer than the built-in ${base.overrides.minutes}`,
      `解除の有効時間 ${policy.overrides.minutes} 分は既定の ${base.overrides.minutes} 分より長い設定です`,
    );
  return out;
}
