// What a host is, under the policy: the organisation's own, a known organisation, a cloud service
// (approved or not), or other. The popup shows it; the navigation verdict builds on it.
import { displayHost } from '../domains/host.ts';
import type { CompiledApproval, CompiledPolicy, ListedHost } from '../policy/compile.ts';
import type { CloudService, KnownOrganization } from '../policy/schema.ts';
import { hostFacts } from './host-facts.ts';

export type HostKind = 'organization' | 'known-organization' | 'approved-service' | 'cloud-service' | 'other';

export interface HostStatus {
  kind: HostKind;
  host: string;
  organization?: KnownOrganization;
  service?: CloudService;
  /** The approval in force for this host, if any. */
  approval?: CompiledApproval['approval'];
  /** An approval that would cover this host but is out of force (expired or not yet started). */
  lapsedApproval?: CompiledApproval['approval'];
  /** Known only from an imported broad list: `service` is then the category's stand-in. */
  listed?: ListedHost;
}

function approvalFor(compiled: CompiledPolicy, service: CloudService, host: string) {
  let inForce: CompiledApproval | undefined;
  let lapsed: CompiledApproval | undefined;
  for (const a of compiled.approvals.get(service.id) ?? []) {
    if (a.hosts && !a.hosts.has(host)) continue;
    if (a.inForce) inForce ??= a;
    else if (!lapsed || a.approval.validUntil > lapsed.approval.validUntil) lapsed = a;
  }
  return { inForce, lapsed };
}

export function hostStatus(compiled: CompiledPolicy, host: string, facts = hostFacts(compiled, host)): HostStatus {
  if (facts.organization) return { kind: 'organization', host };
  if (facts.known) return { kind: 'known-organization', host, organization: facts.known };
  // A curated service keeps its name; a host known only from a broad list is named by its category.
  const listed = facts.service ? undefined : facts.listed;
  const service = facts.service ?? listed?.service;
  if (service) {
    const { inForce, lapsed } = approvalFor(compiled, service, host);
    const from = listed ? { listed } : {};
    if (inForce) return { kind: 'approved-service', host, service, approval: inForce.approval, ...from };
    return { kind: 'cloud-service', host, service, lapsedApproval: lapsed?.approval, ...from };
  }
  return { kind: 'other', host };
}

export function hostLabel(host: string): string {
  const d = displayHost(host);
  return d.isIdn ? `${d.unicode} (${d.ascii})` : d.ascii;
}
