// What one rule is, in one place: its id, default action and clause, where it is enforced, its
// titles, its message builder, the next steps shown to users, and (mail rules) what its audit event
// carries. A new rule is one record plus its detector; the catalogue (shared/policy/rules.ts), the
// messages, the block page, the audit trail and the docs' rule table all read the records.
import type { Localized, MessageParams } from '../i18n/localized.ts';
import type { MailVerdict } from '../mail/types.ts';
import type { Action, RuleId } from '../policy/rules.ts';
import type { Finding } from '../web/finding.ts';

/** Where a rule is enforced. */
export type Surface = 'navigation' | 'form' | 'upload' | 'mail' | 'mail-body' | 'mail-attachment' | 'invite';

export interface RuleRecord {
  readonly id: RuleId;
  readonly defaultAction: Action;
  /** The policy clause(s) the rule enforces, as numbered in the organisation's policy. */
  readonly clause: string;
  readonly surfaces: readonly Surface[];
  /** What the rule checks, for the docs' rule table (one sentence each). */
  readonly summary: Localized;
  readonly title: Localized;
  /** The finding's message; `p.clause` is always set. Parameters are plain text. */
  message(p: MessageParams): Localized;
  /** What the user can do next (block page, task pane). */
  readonly nextSteps?: readonly Localized[];
  /** Policy settings that tune the rule, for the docs (`mail.bccThreshold`). */
  readonly settings?: readonly string[];
  /**
   * Counts and kinds an audit event of this rule carries (7.1.4): never addresses, names or links.
   * Computed from the verdict, not from the display text.
   */
  audit?(f: Finding, v: MailVerdict): Record<string, string>;
}

/** A record, checked to be one: keeps each file's literals typed without repeating the interface. */
export const rule = <R extends RuleRecord>(r: R): R => r;
