// One-time grants (issue 11): what the form guard let through with the user's confirmation may pass the
// backstop once — to that destination, with that body, within seconds. Anything else sensitive going
// where the policy asks for confirmation is cancelled. Pure: the caller keeps the list and the clock.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export interface BackstopGrant {
  id: string;
  /** The tab the user confirmed in; −1 matches a request of any tab (the page's Service Worker has none). */
  tabId: number;
  /** scheme://host/path, without query or fragment (see grantDestination). */
  destination: string;
  method: string;
  /** bodyDigest of what was confirmed; absent: the first body to that destination (a form the guard resubmits). */
  digest?: string;
  /** ms since the epoch. */
  expires: number;
}

/** How long a grant waits for its request. */
export const GRANT_MS = 10_000;
/** Grants kept at once; the oldest go first. */
const MAX_GRANTS = 64;

/** The destination a grant names: the URL without query or fragment; ws(s) as http(s). */
export function grantDestination(url: string): string | null {
  try {
    const u = new URL(url);
    const scheme = u.protocol === 'wss:' ? 'https:' : u.protocol === 'ws:' ? 'http:' : u.protocol;
    if (scheme !== 'https:' && scheme !== 'http:') return null;
    return `${scheme}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

/**
 * The digest of a body's fields as the guard and the backstop both read them: every named or unnamed
 * field but files, sorted, so that the order a browser or a parser gives them in does not matter.
 */
export function bodyDigest(fields: readonly { name: string; value: string; fileName?: string }[]): string {
  const lines = fields
    .filter((f) => f.fileName === undefined)
    .map((f) => `${encodeURIComponent(f.name)}=${encodeURIComponent(f.value)}`)
    .sort();
  return bytesToHex(sha256(new TextEncoder().encode(lines.join('&'))));
}

export function issueGrant(
  grants: readonly BackstopGrant[],
  grant: Omit<BackstopGrant, 'expires'>,
  now: number,
  ms = GRANT_MS,
): BackstopGrant[] {
  const live = grants.filter((g) => g.expires > now && g.id !== grant.id);
  live.push({ ...grant, method: grant.method.toLowerCase(), expires: now + ms });
  return live.slice(-MAX_GRANTS);
}

/** The grant that lets this request pass, if one does; `digest` is computed only when a grant needs it. */
export function findGrant(
  grants: readonly BackstopGrant[],
  request: { tabId: number; url: string; method: string; digest: () => string },
  now: number,
): BackstopGrant | undefined {
  const destination = grantDestination(request.url);
  if (!destination) return undefined;
  const method = request.method.toLowerCase();
  let digest: string | undefined;
  for (const g of grants) {
    if (g.expires <= now || g.destination !== destination || g.method !== method) continue;
    if (g.tabId !== -1 && request.tabId !== -1 && g.tabId !== request.tabId) continue;
    if (g.digest !== undefined && g.digest !== (digest ??= request.digest())) continue;
    return g;
  }
  return undefined;
}

export function consumeGrant(grants: readonly BackstopGrant[], id: string, now: number): BackstopGrant[] {
  return grants.filter((g) => g.id !== id && g.expires > now);
}
