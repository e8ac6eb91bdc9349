// The registrable domain ("eTLD+1") of a host, from the Public Suffix List (psl).
import psl from 'psl';
import { isIPLiteral, normalizeHost } from './host.ts';

const cache = new Map<string, string>();
const CACHE_LIMIT = 20_000;

/** `www.ssk.or.jp` → `ssk.or.jp`; an IP literal or a bare suffix is its own registrable domain. */
export function registrableDomain(host: string): string {
  const hit = cache.get(host);
  if (hit !== undefined) return hit;
  let result = host;
  if (!isIPLiteral(host)) result = psl.get(host) ?? host;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(host, result);
  return result;
}

/** The public suffix part: `ssk.or.jp` → `or.jp`. */
export function publicSuffixOf(registrable: string): string {
  const dot = registrable.indexOf('.');
  return dot < 0 ? '' : registrable.slice(dot + 1);
}

/** The label just before the public suffix: `ssk.or.jp` → `ssk`. */
export function registrableLabel(registrable: string): string {
  const dot = registrable.indexOf('.');
  return dot < 0 ? registrable : registrable.slice(0, dot);
}

export interface DomainEntryProblem {
  en: string;
  ja: string;
}

/**
 * Why a policy entry (`ssk.or.jp`, `*.ssk.or.jp`, `www.ssk.or.jp`) does not name one registrable
 * domain or a host below one, or null when it does. A public suffix (`ly`, `or.jp`, `github.io`)
 * or a single label (`intranet`) would make a whole namespace "ours", "known" or "allowed".
 */
export function domainEntryProblem(entry: string): DomainEntryProblem | null {
  const host = normalizeHost(entry);
  if (host === null || isIPLiteral(host)) return null; // the syntax check reports what is not a host
  const shown = JSON.stringify(entry);
  if (psl.get(host) !== null) return null;
  const parsed = psl.parse(host);
  const suffix = parsed.error === undefined && parsed.listed ? parsed.tld : null;
  // A top-level label the list does not know (`ssk.local`, `corp.internal`): the list's default rule `*`.
  if (suffix === null && host.includes('.')) return null;
  if (suffix === host)
    return {
      en: `${shown} is a public suffix: name a registrable domain (such as example.${host}) or a host below one`,
      ja: `${shown} は公開サフィックスです。登録可能なドメイン（例: example.${host}）かその下のホストを指定してください`,
    };
  if (!host.includes('.'))
    return {
      en: `${shown} is a single label, not a registrable domain`,
      ja: `${shown} は単一ラベルで、登録可能なドメインではありません`,
    };
  return {
    en: `${shown} is not below a registrable domain`,
    ja: `${shown} は登録可能なドメインの下にありません`,
  };
}
