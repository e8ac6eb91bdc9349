// The registrable domain ("eTLD+1") of a host, from the Public Suffix List (psl).
import psl from 'psl';
import { isIPLiteral } from './host.ts';

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
