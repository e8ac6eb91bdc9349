// A finding: one rule that fired, with its action, clause and message (DESIGN §3). A verdict is the worst action.
import { findingMessage, type Localized, type MessageParams } from '../i18n/messages.ts';
import { RULES, worse, type Action, type RuleId } from '../policy/rules.ts';
import type { CompiledPolicy } from '../policy/compile.ts';

export interface Finding {
  rule: RuleId;
  action: Action;
  clause: string;
  message: Localized;
  /** Facts behind the finding, as plain strings (host, service, imitated domain …). */
  details: Record<string, string>;
}

export interface Verdict {
  verdict: Action;
  findings: Finding[];
}

/** A finding for `rule` under the policy's action; null when the policy turns the rule off. */
/** A finding for `rule` under the policy's action (or `action`, where a setting decides it); null when off. */
export function makeFinding(
  compiled: CompiledPolicy,
  rule: RuleId,
  details: Record<string, string>,
  action: Action = compiled.actions[rule],
): Finding | null {
  if (action === 'allow') return null;
  const clause = RULES[rule].clause;
  const params: MessageParams = { ...details, clause };
  return { rule, action, clause, message: findingMessage(rule, params), details };
}

export function verdictOf(findings: readonly Finding[]): Action {
  let v: Action = 'allow';
  for (const f of findings) v = worse(v, f.action);
  return v;
}
