// Recipients grouped by domain: the organisation's own, a known organisation (the policy's
// directory), personal mail (free webmail), or other. Everything but the first is outside.
import { DomainSet } from '../domains/domain-set.ts';
import { PERSONAL_MAIL_DOMAINS } from '../policy/builtins.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { hostLabel } from '../web/host-status.ts';
import { parseAddress } from './address.ts';
import type { DomainGroup, DomainGroupKind, RecipientFacts } from './types.ts';

let personal: DomainSet | undefined;
/** The shipped personal-mail list, built on first use. */
export function personalMailDomains(): DomainSet {
  return (personal ??= DomainSet.of(PERSONAL_MAIL_DOMAINS));
}

const ORDER: Record<DomainGroupKind, number> = { organization: 0, 'known-organization': 1, personal: 2, other: 3 };

export function classifyDomain(
  compiled: CompiledPolicy,
  domain: string,
): Pick<DomainGroup, 'kind' | 'organization' | 'imitates'> {
  if (compiled.organization.has(domain)) return { kind: 'organization' };
  const known = compiled.directory.matchEntry(domain);
  if (known) return { kind: 'known-organization', organization: known.value };
  const imitates = compiled.lookalikes.check(domain)?.imitates;
  const kind: DomainGroupKind = personalMailDomains().has(domain) ? 'personal' : 'other';
  return imitates ? { kind, imitates } : { kind };
}

/** Groups recipients by domain, in display order (organisation first, then by domain). */
export function groupRecipients(
  compiled: CompiledPolicy,
  recipients: readonly RecipientFacts[],
  confirmed: ReadonlySet<string> = new Set(),
): DomainGroup[] {
  const groups = new Map<string, DomainGroup>();
  for (const r of recipients) {
    const parsed = parseAddress(r.address);
    const key = parsed ? parsed.domain : r.address.trim().toLowerCase();
    let g = groups.get(key);
    if (!g) {
      const facts = parsed ? classifyDomain(compiled, key) : { kind: 'other' as const };
      g = {
        domain: key,
        label: parsed ? hostLabel(key) : r.address.trim(),
        ...facts,
        outside: facts.kind !== 'organization',
        confirmed: false,
        recipients: [],
      };
      if (!parsed) g.unparsed = true;
      g.confirmed = g.outside && confirmed.has(key);
      groups.set(key, g);
    }
    g.recipients.push(r);
  }
  return [...groups.values()].sort(
    (a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0),
  );
}
