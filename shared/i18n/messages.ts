// Every user-facing sentence of a finding, in Japanese and English, from the rule records
// (shared/rules/). Parameters are plain text; renderers must insert them as text (never as HTML).
import { RULES, RULE_IDS, type RuleId } from '../policy/rules.ts';
import type { Localized, MessageParams } from './localized.ts';

export type { Localized, MessageParams } from './localized.ts';

/** Short rule titles, for headings and audit views. */
export const RULE_TITLES: Readonly<Record<RuleId, Localized>> = Object.fromEntries(
  RULE_IDS.map((id) => [id, RULES[id].title]),
) as Record<RuleId, Localized>;

export function findingMessage(rule: RuleId, params: MessageParams): Localized {
  return RULES[rule].message(params);
}
