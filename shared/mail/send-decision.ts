// The one send decision: a verdict and what the client can do → allow, prompt (Send Anyway offered)
// or block; the Smart Alert text; the task pane's state; the command line's exit status. The
// handlers, the task pane and `ssk-guard mail` all take their answer from here.
import type { Action, RuleId } from '../policy/rules.ts';
import { smartAlertText, type SmartAlertText } from './smart-alert.ts';
import type { MailVerdict } from './types.ts';

export interface ClientCapabilities {
  /** Mailbox 1.14: a warning may relax to PromptUser, and the alert may open the task pane (commandId). */
  promptUser: boolean;
  /** Mailbox 1.15: errorMessageMarkdown, and the task pane can send (sendAsync). */
  markdown: boolean;
}

/** The command line: no client, a warning is a warning (exit 1). */
export const CLI_CAPABILITIES: ClientCapabilities = { promptUser: true, markdown: false };

export type SendOutcome = 'allow' | 'prompt' | 'block';

export type PaneHint = 'block' | 'tick' | 'acknowledge' | 'outlook' | null;

export interface PaneState {
  status: Action;
  /** The pane's own send button may send (the pane can send, and nothing is left to confirm). */
  canSend: boolean;
  /** Nothing is left to confirm (whichever Send is pressed, it goes). */
  ready: boolean;
  hint: PaneHint;
  /** Outside addresses in To/Cc to move to Bcc (many-external-recipients), none when the rule did not fire. */
  moveToBcc: string[];
  /** Warnings the user may acknowledge one by one (not the ones resolved by ticking domains). */
  acknowledgeable: RuleId[];
}

export interface SendDecision {
  outcome: SendOutcome;
  /** The Smart Alert's text (empty strings for allow); markdown only where the client takes it. */
  alert: SmartAlertText;
  /** The alert offers the task pane (Mailbox 1.14). */
  offerTaskPane: boolean;
  exitCode: 0 | 1 | 2;
  pane: PaneState;
}

const TICKED = new Set<RuleId>(['external-recipient', 'new-external-domain']);
const EXIT: Record<Action, 0 | 1 | 2> = { allow: 0, warn: 1, block: 2 };

export function sendDecision(
  verdict: Pick<MailVerdict, 'verdict' | 'findings' | 'allConfirmed' | 'visibleOutside'> &
    Partial<Pick<MailVerdict, 'domains' | 'invite'>>,
  caps: ClientCapabilities,
): SendDecision {
  const v = verdict.verdict;
  // Only a warning may be sent anyway; without Mailbox 1.14 it stays stopped until confirmed in the task pane.
  const outcome: SendOutcome = v === 'allow' ? 'allow' : v === 'warn' && caps.promptUser ? 'prompt' : 'block';
  const text = smartAlertText(verdict.findings, v);
  const alert = caps.markdown ? text : { plain: text.plain, markdown: '' };
  const ready = v === 'allow' && (verdict.domains ? verdict.domains.length > 0 : true);
  const acknowledgeable = [
    ...new Set(verdict.findings.filter((f) => f.action === 'warn' && !TICKED.has(f.rule)).map((f) => f.rule)),
  ];
  const hint: PaneHint =
    v === 'block'
      ? 'block'
      : v === 'warn'
        ? verdict.allConfirmed
          ? 'acknowledge'
          : 'tick'
        : ready && !caps.markdown
          ? 'outlook'
          : null;
  // A meeting has no Bcc: the fix is offered for messages only.
  const bccRule = !verdict.invite && verdict.findings.some((f) => f.rule === 'many-external-recipients');
  return {
    outcome,
    alert,
    // Where the client can open it from the alert (Mailbox 1.14): the reasons and the fixes are there.
    offerTaskPane: v !== 'allow' && caps.promptUser,
    exitCode: EXIT[v],
    pane: {
      status: v,
      ready,
      canSend: ready && caps.markdown,
      hint,
      moveToBcc: bccRule ? verdict.visibleOutside.map((r) => r.address) : [],
      acknowledgeable,
    },
  };
}
