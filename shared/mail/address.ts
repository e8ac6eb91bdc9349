// Mail addresses as the core compares them: the domain after the last `@`, normalised like a host
// (lower case, IDN to punycode, no trailing dot). Display names and angle brackets are set aside.
import { normalizeHost } from '../domains/host.ts';

export interface ParsedAddress {
  /** `local@domain` with the domain in compared form. */
  address: string;
  local: string;
  domain: string;
}

/** `Name <a@B.JP>`, `a@ｂ.jp`, `"x@y" <a@b.jp>` → its address; null when there is no usable domain. */
export function parseAddress(raw: string): ParsedAddress | null {
  let s = raw.trim();
  const angle = /<([^<>]*)>\s*$/.exec(s);
  if (angle) s = (angle[1] ?? '').trim();
  if (s.toLowerCase().startsWith('mailto:')) s = s.slice(7);
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const local = s.slice(0, at);
  const hostPart = s.slice(at + 1);
  // A domain has no spaces, slashes or further brackets; anything else is not an address we can judge.
  if (/[\s/\\<>()[\]@,;:"]/.test(hostPart)) return null;
  const domain = normalizeHost(hostPart);
  if (!domain || !domain.includes('.')) return null;
  return { address: `${local}@${domain}`, local, domain };
}
