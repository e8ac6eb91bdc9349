// May the user proceed past a block with a reason (2.2.2)? Decided here, for the extension's service
// worker to carry out: only where the policy allows it, only with a reason when one is required, and
// only for what the policy really blocks — that host and nothing else.
import type { Localized } from '../i18n/messages.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { Finding } from './finding.ts';
import { judgeNavigation } from './navigation.ts';

/** Fewer letters than this is not a reason (「あ」, "ok"). */
export const MIN_OVERRIDE_REASON = 4;

export type OverrideDecision =
  { ok: true; host: string; finding: Finding; minutes: number; reason: string } | { ok: false; error: Localized };

const REFUSED: Record<'notAllowed' | 'noReason' | 'notUrl' | 'notBlocked', Localized> = {
  notAllowed: {
    ja: 'このポリシーでは、遮断を利用者の判断で越えることはできません（ポリシー 2.2.2）。例外の申請をしてください。',
    en: 'The policy does not let users proceed past a block (policy 2.2.2). Please request an exception.',
  },
  noReason: {
    ja: '続行する業務上の理由を入力してください（ポリシー 2.2.2）。',
    en: 'Please give the business reason for proceeding (policy 2.2.2).',
  },
  notUrl: { ja: 'URL が正しくありません（ポリシー 2.2.2）。', en: 'Not a valid URL (policy 2.2.2).' },
  notBlocked: {
    ja: 'この URL は遮断されていないため、例外は不要です（ポリシー 2.2.2）。',
    en: 'This URL is not blocked, so no exception is needed (policy 2.2.2).',
  },
};

export function decideOverride(compiled: CompiledPolicy, rule: string, url: string, reason: string): OverrideDecision {
  const o = compiled.policy.overrides;
  if (!o.allowed) return { ok: false, error: REFUSED.notAllowed };
  const trimmed = reason.trim();
  if (o.reasonRequired && trimmed.length < MIN_OVERRIDE_REASON) return { ok: false, error: REFUSED.noReason };
  let verdict;
  try {
    verdict = judgeNavigation(compiled, url);
  } catch {
    return { ok: false, error: REFUSED.notUrl };
  }
  const finding = verdict.findings.find((f) => f.rule === rule) ?? verdict.findings[0];
  if (!finding) return { ok: false, error: REFUSED.notBlocked };
  return { ok: true, host: verdict.host, finding, minutes: o.minutes, reason: trimmed.slice(0, 500) };
}
