// The effective policy turned into lookup structures, once per policy change, so that each verdict
// is a few map lookups. Pure: `now` is passed in (approvals expire).
import { DomainSet } from '../domains/domain-set.ts';
import { LookalikeDetector } from '../domains/lookalike.ts';
import { BUILTIN_CLOUD_SERVICES, BUILTIN_SHORTENERS } from './builtins.ts';
import { RULE_IDS, RULES, type Action, type RuleId } from './rules.ts';
import {
  CLOUD_CATEGORIES,
  type Approval,
  type CloudCategory,
  type CloudService,
  type KnownOrganization,
  type ListGuard,
  type Policy,
} from './schema.ts';

const DAY = 86_400_000;

/** Start of a date in Japan time (approvals are dated as the organisation reads them). */
export function jstDayStart(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00+09:00`);
}

export function approvalInForce(a: Approval, now: number): boolean {
  if (a.validFrom && now < jstDayStart(a.validFrom)) return false;
  return now < jstDayStart(a.validUntil) + DAY;
}

export interface CompiledApproval {
  approval: Approval;
  hosts: DomainSet | null;
  inForce: boolean;
}

/** What the lists say of one domain entry; a host collects these from itself and its parents. */
/** A host known only from an imported broad list: its category stands in for a service. */
export interface ListedHost {
  category: CloudCategory;
  guard: ListGuard;
  /** The names of the imported lists of that category (policy.lists), for the block page. */
  lists: string;
  /** A stand-in service (`list:<category>`) so that approvals, uploads and renderers treat it alike. */
  service: CloudService;
}

export interface HostTags {
  organization?: true;
  known?: KnownOrganization;
  service?: CloudService;
  listed?: ListedHost;
  shortener?: true;
  shortenerException?: true;
}

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly now: number;
  readonly actions: Readonly<Record<RuleId, Action>>;
  readonly organization: DomainSet;
  readonly directory: DomainSet<KnownOrganization>;
  readonly shorteners: DomainSet;
  readonly shortenerExceptions: DomainSet;
  /** Hosts of services in enforced categories. */
  readonly cloudHosts: DomainSet<CloudService>;
  /** Extra domains of enforced categories, from imported broad lists. */
  readonly listedHosts: DomainSet<ListedHost>;
  readonly services: ReadonlyMap<string, CloudService>;
  readonly approvals: ReadonlyMap<string, readonly CompiledApproval[]>;
  readonly lookalikes: LookalikeDetector;
  /** Every list above in one map, so a host is looked up in one walk up its labels (hot path). */
  readonly hostIndex: ReadonlyMap<string, HostTags>;
  /** When the next approval runs out or starts (ms), so callers can recompile then; null if never. */
  readonly nextChange: number | null;
  /** Things an admin should know that do not make the document invalid. */
  readonly warnings: string[];
  /** Per-host verdict cache, owned by the verdict functions. */
  readonly hostCache: Map<string, unknown>;
}

export function compilePolicy(policy: Policy, now: number = Date.now()): CompiledPolicy {
  const warnings: string[] = [];
  const actions = Object.fromEntries(
    RULE_IDS.map((id) => [id, policy.rules[id]?.action ?? RULES[id].defaultAction]),
  ) as Record<RuleId, Action>;

  const organization = DomainSet.of(policy.organization.domains);
  const directory = new DomainSet<KnownOrganization>();
  for (const org of policy.directory) for (const d of org.domains) directory.add(d, org);

  const shorteners = DomainSet.of([
    ...(policy.shorteners.builtinList ? BUILTIN_SHORTENERS : []),
    ...policy.shorteners.extraDomains,
  ]);
  const shortenerExceptions = DomainSet.of(policy.shorteners.exceptions);

  const services = new Map<string, CloudService>();
  if (policy.cloud.builtinCatalogue) for (const s of BUILTIN_CLOUD_SERVICES) services.set(s.id, s);
  for (const s of policy.cloud.services) services.set(s.id, s);
  const enforced = new Set(policy.cloud.enforcedCategories);
  const cloudHosts = new DomainSet<CloudService>();
  for (const s of services.values()) if (enforced.has(s.category)) for (const h of s.hosts) cloudHosts.add(h, s);

  const listedHosts = new DomainSet<ListedHost>();
  for (const category of CLOUD_CATEGORIES) {
    const extra = policy.cloud.extraDomains[category];
    if (!extra?.length || !enforced.has(category)) continue;
    const lists = policy.lists.filter((l) => l.category === category).map((l) => l.name);
    const listed: ListedHost = {
      category,
      guard: policy.cloud.extraDomainsGuard[category] ?? 'upload',
      lists: lists.join(', '),
      service: {
        id: `list-${category}`,
        name: category,
        operator: lists.join(', ') || category,
        category,
        hosts: extra,
      },
    };
    services.set(listed.service.id, listed.service);
    for (const d of extra) listedHosts.add(d, listed);
  }

  const approvals = new Map<string, CompiledApproval[]>();
  let nextChange: number | null = null;
  const consider = (t: number) => {
    if (t > now && (nextChange === null || t < nextChange)) nextChange = t;
  };
  policy.cloud.approved.forEach((approval, i) => {
    if (!services.has(approval.service))
      warnings.push(`cloud.approved[${i}].service: no service ${JSON.stringify(approval.service)} in the catalogue`);
    const list = approvals.get(approval.service) ?? [];
    list.push({
      approval,
      hosts: approval.hosts ? DomainSet.of(approval.hosts) : null,
      inForce: approvalInForce(approval, now),
    });
    approvals.set(approval.service, list);
    consider(jstDayStart(approval.validUntil) + DAY);
    if (approval.validFrom) consider(jstDayStart(approval.validFrom));
  });

  const lookalikes = new LookalikeDetector([
    ...policy.organization.domains,
    ...policy.directory.flatMap((o) => o.domains),
  ]);

  const hostIndex = new Map<string, HostTags>();
  const tag = (set: DomainSet<unknown>, apply: (t: HostTags, d: string) => void) => {
    for (const d of set.domains()) {
      const t = hostIndex.get(d) ?? {};
      apply(t, d);
      hostIndex.set(d, t);
    }
  };
  tag(organization, (t) => (t.organization = true));
  tag(directory, (t, d) => (t.known = directory.matchEntry(d)!.value));
  tag(cloudHosts, (t, d) => (t.service = cloudHosts.matchEntry(d)!.value));
  tag(listedHosts, (t, d) => (t.listed = listedHosts.matchEntry(d)!.value));
  tag(shorteners, (t) => (t.shortener = true));
  tag(shortenerExceptions, (t) => (t.shortenerException = true));

  return {
    policy,
    hostIndex,
    now,
    actions,
    organization,
    directory,
    shorteners,
    shortenerExceptions,
    cloudHosts,
    listedHosts,
    services,
    approvals,
    lookalikes,
    nextChange,
    warnings,
    hostCache: new Map(),
  };
}
