// Where a submission goes, as the confirmation dialog shows it: the host with its registrable domain,
// whose it is under the policy (the organisation, a known organisation, an approved service), and
// whether the connection is encrypted. Plain data; the renderer inserts every string as text.
import { displayHost, hostFromUrl, isIPv4 } from '../domains/host.ts';
import { registrableDomain } from '../domains/registrable.ts';
import type { CompiledPolicy, HostTags } from '../policy/compile.ts';
import { hostFacts } from './host-facts.ts';
import { hostStatus, type HostKind, type HostStatus } from './host-status.ts';

export interface FormDestination {
  /** scheme://host/path, without query or fragment (those may carry values). */
  url: string;
  scheme: string;
  /** ASCII (punycode): the host's true identity. */
  host: string;
  unicode: string;
  isIdn: boolean;
  registrable: string;
  encrypted: boolean;
  /** This computer only (localhost, 127/8, ::1): nothing crosses a network. */
  loopback: boolean;
  relation: HostKind;
  organization?: { name: string; nameEn?: string };
  service?: { name: string; operator: string; highestClassification?: number };
  /** go.jp and lg.jp are registered by government bodies only. */
  governmentOnly?: 'go.jp' | 'lg.jp';
}

export interface JudgedHost {
  destination: FormDestination;
  facts: HostTags;
  status: HostStatus;
}

export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' || host.endsWith('.localhost') || (isIPv4(host) && host.startsWith('127.')) || host === '[::1]'
  );
}

/** Only http(s) URLs are destinations; `null` for mailto:, javascript:, about: and the like. */
export function describeDestination(compiled: CompiledPolicy, url: URL): JudgedHost | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = hostFromUrl(url);
  const facts = hostFacts(compiled, host);
  const status = hostStatus(compiled, host, facts);
  const shown = displayHost(host);
  const registrable = registrableDomain(host);
  const p = compiled.policy;
  const destination: FormDestination = {
    url: `${url.protocol}//${url.host}${url.pathname}`,
    scheme: url.protocol.slice(0, -1),
    host,
    unicode: shown.unicode,
    isIdn: shown.isIdn,
    registrable,
    encrypted: url.protocol === 'https:',
    loopback: isLoopback(host),
    relation: status.kind,
  };
  if (status.kind === 'organization')
    destination.organization = { name: p.organization.name, nameEn: p.organization.nameEn };
  else if (status.organization)
    destination.organization = {
      name: status.organization.name,
      ...(status.organization.nameEn ? { nameEn: status.organization.nameEn } : {}),
    };
  if (status.service)
    destination.service = {
      name: status.service.name,
      operator: status.service.operator,
      ...(status.approval ? { highestClassification: status.approval.highestClassification } : {}),
    };
  if (registrable.endsWith('.go.jp')) destination.governmentOnly = 'go.jp';
  else if (registrable.endsWith('.lg.jp')) destination.governmentOnly = 'lg.jp';
  return { destination, facts, status };
}

/** Two hosts of one owner: the same registrable domain, both the organisation's, or one known organisation's. */
export function sameOwner(a: JudgedHost, b: JudgedHost): boolean {
  if (a.destination.registrable === b.destination.registrable) return true;
  if (a.facts.organization && b.facts.organization) return true;
  return a.facts.known !== undefined && a.facts.known === b.facts.known;
}
