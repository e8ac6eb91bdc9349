// The recipient rules beyond "outside, confirm each domain": outsiders who see each other in To/Cc
// (many-external-recipients, 3.1.1(5)(d)), a forward to personal mail (forward-to-personal,
// 8.1.1(5)-1 f), and a reply that gained an outside domain (new-external-domain).
import { normalizeHost } from '../domains/host.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { makeFinding, type Finding } from '../web/finding.ts';
import { parseAddress } from './address.ts';
import { effectiveComposeType } from './compose-type.ts';
import { fullList, shortList } from './display.ts';
import type { ComposeType, DomainGroup, MessageFacts, OriginalFacts, RecipientFacts } from './types.ts';

/** Outside addresses in To and Cc (each address once), in the order the groups list them. */
export function visibleOutsideRecipients(domains: readonly DomainGroup[]): RecipientFacts[] {
  const seen = new Set<string>();
  const out: RecipientFacts[] = [];
  for (const g of domains) {
    if (!g.outside) continue;
    for (const r of g.recipients) {
      if (r.field === 'bcc') continue;
      const key = r.address.trim().toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}

/** The domains the original message had (From, To, Cc, or those at compose start). */
function originalDomains(original: OriginalFacts): Set<string> {
  const before = new Set<string>();
  for (const a of original.addresses) {
    const parsed = parseAddress(a);
    if (parsed) before.add(parsed.domain);
  }
  for (const d of original.domains ?? []) {
    const host = normalizeHost(d);
    if (host) before.add(host);
  }
  return before;
}

const labels = (groups: readonly DomainGroup[]) => groups.map((d) => d.label);

/** Adds the findings of these rules to `findings`; returns what the verdict reports beside them. */
export function recipientRules(
  compiled: CompiledPolicy,
  message: MessageFacts,
  domains: readonly DomainGroup[],
  findings: Finding[],
): { visibleOutside: RecipientFacts[]; composeType: ComposeType } {
  const push = (f: Finding | null) => {
    if (f) findings.push(f);
  };
  const outside = domains.filter((d) => d.outside);

  const visibleOutside = visibleOutsideRecipients(domains);
  const threshold = compiled.policy.mail.bccThreshold;
  if (visibleOutside.length >= threshold)
    push(
      makeFinding(compiled, 'many-external-recipients', {
        count: String(visibleOutside.length),
        threshold: String(threshold),
        ...(message.invite ? { invite: '1' } : {}),
      }),
    );

  const composeType = effectiveComposeType(message.composeType, message.subject);
  if (composeType === 'forward') {
    const personal = outside.filter((d) => d.kind === 'personal');
    if (personal.length)
      push(
        makeFinding(compiled, 'forward-to-personal', {
          domains: shortList(labels(personal)),
          domainList: fullList(labels(personal)),
          count: String(personal.length),
          how: message.composeType === 'forward' ? 'client' : 'subject',
        }),
      );
  }
  if (composeType === 'reply' && message.original) {
    const before = originalDomains(message.original);
    const gained = outside.filter((d) => !before.has(d.domain) && !d.confirmed);
    if (gained.length)
      push(
        makeFinding(compiled, 'new-external-domain', {
          domains: shortList(labels(gained)),
          domainList: fullList(labels(gained)),
          count: String(gained.length),
        }),
      );
  }
  return { visibleOutside, composeType };
}
