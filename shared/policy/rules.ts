// The rule catalogue (DESIGN §3): each rule's id, default action and the clause it enforces.
// Rules are data; the verdict functions look them up here and the policy may change the action.

export type Action = 'block' | 'warn' | 'allow';

export const RULE_IDS = [
  'shortener',
  'cloud-unapproved',
  'cloud-confidential-upload',
  'insecure-transport',
  'lookalike-domain',
  'unknown-organization',
  'external-recipient',
  'sender-domain',
  'executable-attachment',
  'unencrypted-confidential-attachment',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface RuleInfo {
  readonly defaultAction: Action;
  /** The policy clause(s) the rule enforces, as numbered in the organisation's policy. */
  readonly clause: string;
}

export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  shortener: { defaultAction: 'block', clause: '6.6.2(3)-1, 8.1.2(1)-1 b' },
  'cloud-unapproved': { defaultAction: 'block', clause: '8.1.1(3)(m), 4.2.3' },
  'cloud-confidential-upload': { defaultAction: 'block', clause: '4.2.3, 3.1.1(4)(f)' },
  'insecure-transport': { defaultAction: 'block', clause: '8.1.1(5)(f)(ｱ)' },
  'lookalike-domain': { defaultAction: 'block', clause: '8.1.1(5)(f)(ｲ), 6.6.2(2)' },
  'unknown-organization': { defaultAction: 'warn', clause: '8.1.1(5)(f)(ｲ)' },
  'external-recipient': { defaultAction: 'warn', clause: '3.1.1(5)(d), 3.1.1(6)(b)' },
  'sender-domain': { defaultAction: 'block', clause: '8.1.1(5)(a)(b), 6.2.2(1)-4' },
  'executable-attachment': { defaultAction: 'block', clause: '8.1.1(5)-1 g' },
  'unencrypted-confidential-attachment': { defaultAction: 'block', clause: '3.1.1(6)-3 a, 3.1.1(6)(b)' },
};

const RANK: Record<Action, number> = { allow: 0, warn: 1, block: 2 };

/** The stronger of two actions: block > warn > allow. */
export function worse(a: Action, b: Action): Action {
  return RANK[a] >= RANK[b] ? a : b;
}
