// What the block page says (DESIGN §3, issue: the block page): built here as plain data so the page
// only renders text. Everything from the URL is shown as text, made visible where it could deceive.
import { displayHost, normalizeHost } from '../domains/host.ts';
import { registrableDomain } from '../domains/registrable.ts';
import type { Localized } from '../i18n/messages.ts';
import { RULE_TITLES } from '../i18n/messages.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { isRuleId, RULES, type RuleId } from '../policy/rules.ts';
import type { CloudCategory } from '../policy/schema.ts';
import { CATEGORY_LABELS } from './category-labels.ts';
import type { Finding } from './finding.ts';
import { judgeNavigation } from './navigation.ts';

export { CATEGORY_LABELS };

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const MAX_URL_TEXT = 300;

/** A URL as safe text: bidi and control characters made visible, very long ones cut. */
export function urlAsText(url: string): string {
  const visible = url
    .replace(BIDI, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`)
    .replace(CONTROL, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
  return visible.length > MAX_URL_TEXT ? visible.slice(0, MAX_URL_TEXT) + '…' : visible;
}

export interface BlockExplanation {
  rule: RuleId;
  clause: string;
  title: Localized;
  message: Localized;
  urlText: string;
  host: { unicode: string; ascii: string; isIdn: boolean; registrable: string } | null;
  service?: { name: string; operator: string; category: Localized; expired?: string };
  imitates?: string;
  nextSteps: Localized[];
  canResolve: boolean;
  override: { allowed: boolean; reasonRequired: boolean; minutes: number };
  contact: { desk: string; email: string; exceptionRequests: string };
  /** Every finding for this URL under the policy in force (the URL may be blocked for several reasons). */
  findings: Finding[];
}

/** `rule` and `url` come from the block page's address: untrusted, validated here. */
export function explainBlock(compiled: CompiledPolicy, ruleText: string, url: string): BlockExplanation {
  const rule: RuleId = isRuleId(ruleText) ? ruleText : 'shortener';
  let findings: Finding[] = [];
  let hostInfo: BlockExplanation['host'] = null;
  try {
    const verdict = judgeNavigation(compiled, url);
    findings = verdict.findings;
    const ascii = normalizeHost(verdict.host) ?? verdict.host;
    hostInfo = { ...displayHost(ascii), registrable: registrableDomain(ascii) };
  } catch {
    // not a URL: shown as text only
  }
  const finding = findings.find((f) => f.rule === rule) ?? findings[0];
  const shownRule = finding?.rule ?? rule;
  const d = finding?.details ?? {};
  const p = compiled.policy;
  return {
    rule: shownRule,
    clause: RULES[shownRule].clause,
    title: RULE_TITLES[shownRule],
    message: finding?.message ?? RULE_TITLES[shownRule],
    urlText: urlAsText(url),
    host: hostInfo,
    ...(d.service
      ? {
          service: {
            name: d.service,
            operator: d.operator ?? '',
            category: CATEGORY_LABELS[d.category as CloudCategory] ?? { ja: d.category ?? '', en: d.category ?? '' },
            ...(d.expired ? { expired: d.expired } : {}),
          },
        }
      : {}),
    ...(d.imitates ? { imitates: d.imitates } : {}),
    nextSteps: [...(RULES[shownRule].nextSteps ?? [])],
    // Only a host that really is a shortener under the policy: not any address a page put in the fragment.
    canResolve: finding?.rule === 'shortener',
    override: {
      allowed: p.overrides.allowed,
      reasonRequired: p.overrides.reasonRequired,
      minutes: p.overrides.minutes,
    },
    contact: { desk: p.contact.securityTeam, email: p.contact.email, exceptionRequests: p.contact.exceptionRequests },
    findings,
  };
}

/** A mail to the exception desk (2.2.2) with rule, clause, host and the user's reason filled in. */
export function exceptionRequestMailto(e: BlockExplanation, reason: string): string {
  const host = e.host ? e.host.ascii : e.urlText;
  const subject = `【例外申請 / Exception request】${e.title.ja} — ${host}`;
  const body = [
    '以下の利用について例外措置（2.2.2）を申請します。 / I request an exception (2.2.2) for the following.',
    '',
    `ルール / rule: ${e.rule}`,
    `条項 / clause: ${e.clause}`,
    `ホスト / host: ${host}${e.host?.isIdn ? ` (${e.host.unicode})` : ''}`,
    ...(e.service ? [`サービス / service: ${e.service.name} (${e.service.operator})`] : []),
    `理由 / reason: ${reason}`,
    '利用範囲・期間 / scope and period: ',
  ].join('\r\n');
  return `mailto:${encodeURIComponent(e.contact.exceptionRequests).replace('%40', '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
