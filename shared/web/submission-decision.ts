// The form guard's decisions over one submission (issues 4, 11, 12), pure and over plain data: whether it
// may go at once (nothing sensitive, the all-posts rule, a fresh grant, a cached verdict, the startup fast
// path), and what to do with the service worker's answer. content/guard.ts gathers the facts, keeps the
// state (cached verdicts, the grant) and shows the dialog.
import type { Finding } from './finding.ts';
import { allowedWithoutWorker } from './form-fast-path.ts';
import type { JudgeAnswer, SubmissionPath } from './form-messages.ts';
import type { SensitivityKind } from './form-sensitivity.ts';

/** A verdict depends on the policy, which may change: one is trusted this long. */
export const VERDICT_TTL = 60_000;
/** After a confirmed form submission, the page's own submit handler may send it by script: once, this soon. */
export const GRANT_MS = 10_000;

export interface Submission {
  path: SubmissionPath;
  action: string;
  method: string;
  kinds: SensitivityKind[];
  markedFiles: string[];
  /** A synchronous XHR cannot wait for the user: it is stopped unless already allowed. */
  sync?: boolean;
}

/** One script post or form submission allowed without asking, to one origin, until a moment. */
export interface Grant {
  origin: string;
  until: number;
}

export interface GuardFacts {
  /** Whether every POST is sensitive under the policy; null until known. */
  allPostsSensitive: boolean | null;
  organizationDomains: readonly string[];
  grant: Grant | null;
  /** The worker's verdict on this destination, if cached and fresh. */
  settled?: JudgeAnswer;
  /** This frame's address (about:blank and srcdoc frames speak for their origin). */
  pageUrl: string;
  now: number;
}

export const isWeb = (url: string) => /^https?:/i.test(url);

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export const verdictFresh = (at: number, now: number) => now - at < VERDICT_TTL;

export const grantAfterConfirm = (action: string, now: number): Grant => ({
  origin: originOf(action),
  until: now + GRANT_MS,
});

export interface PassCheck {
  pass: boolean;
  /** The submission's kinds, with 'all-posts' added where that rule made it sensitive. */
  kinds: SensitivityKind[];
  /** The grant was used up by this submission. */
  grantUsed: boolean;
}

/** True (pass) when the submission may go now, untouched: not sensitive, or sensitive and known to be allowed. */
export function passesNow(f: GuardFacts, s: Submission): PassCheck {
  let kinds = s.kinds;
  const result = (pass: boolean, grantUsed = false): PassCheck => ({ pass, kinds, grantUsed });
  if (!isWeb(s.action)) return result(true);
  if (!kinds.length && !s.markedFiles.length) {
    if (s.method !== 'post' || f.allPostsSensitive === false) return result(true);
    if (f.allPostsSensitive === null) return result(false); // one question to the worker tells
    kinds = ['all-posts'];
  }
  if (s.markedFiles.length) return result(false);
  if (f.grant && f.grant.origin === originOf(s.action) && f.now < f.grant.until) return result(true, true);
  if (f.settled) return result(f.settled.verdict === 'allow');
  // Never held for the worker (it may take seconds right after the browser starts): the organisation's own https.
  return result(allowedWithoutWorker(f.organizationDomains, f.pageUrl, s.action));
}

/** Whether the worker must be asked at all, once the settings are read (the startup fast path answers the rest). */
export function needsWorker(
  f: Pick<GuardFacts, 'allPostsSensitive' | 'organizationDomains' | 'pageUrl'>,
  s: Submission,
) {
  if (!s.kinds.length && !s.markedFiles.length && f.allPostsSensitive === false) return false;
  return s.markedFiles.length > 0 || !allowedWithoutWorker(f.organizationDomains, f.pageUrl, s.action);
}

export type Outcome =
  | { kind: 'send'; kinds: SensitivityKind[] }
  | { kind: 'failed'; kinds: SensitivityKind[] }
  | { kind: 'block'; kinds: SensitivityKind[]; findings: Finding[] }
  | { kind: 'confirm'; kinds: SensitivityKind[]; findings: Finding[] };

/** What the worker's answer (null: none came) means for the submission. A synchronous XHR cannot be confirmed. */
export function outcomeOf(s: Submission, v: JudgeAnswer | null): Outcome {
  let kinds = s.kinds;
  if (!v) return { kind: 'failed', kinds };
  if (!kinds.length && !s.markedFiles.length) {
    if (!(v.allPostsSensitive && s.method === 'post')) return { kind: 'send', kinds };
    kinds = ['all-posts'];
  }
  if (v.verdict === 'allow') return { kind: 'send', kinds };
  const findings = v.findings.filter((x) => x.action === v.verdict);
  return v.verdict === 'block' || s.sync ? { kind: 'block', kinds, findings } : { kind: 'confirm', kinds, findings };
}

/**
 * A script post whose destination the hook could not know (an XHR opened through another frame's
 * prototype): nothing sensitive goes as it would anywhere; anything sensitive is stopped.
 */
export function unknownDestinationOutcome(s: Submission): Outcome {
  return !s.kinds.length && !s.markedFiles.length
    ? { kind: 'send', kinds: s.kinds }
    : { kind: 'block', kinds: s.kinds, findings: [] };
}
