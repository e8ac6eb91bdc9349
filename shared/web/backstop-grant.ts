// One-time grants (issue 11): what the form guard let through with the user's confirmation may pass the
// backstop once — to that destination, with that body, within seconds. Anything else sensitive going
// where the policy asks for confirmation is cancelled. Pure: the caller keeps the list and the clock.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { multipartFileName } from './request-body.ts';

export interface BackstopGrant {
  id: string;
  /** The tab the user confirmed in; −1 matches a request of any tab (the page's Service Worker has none). */
  tabId: number;
  /** scheme://host/path, without query or fragment (see grantDestination). */
  destination: string;
  method: string;
  /** bodyDigest of what was confirmed; absent: the first body to that destination (what no digest can cover). */
  digest?: string;
  /** What was confirmed was read from a Blob, a File or a stream, whose bytes the browser does not show: a body it gives none of passes too. */
  unreadable?: boolean;
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

/** One entry of a body as a digest reads it: a file by its name, as the browser's form data gives it. */
export interface DigestField {
  name: string;
  value: string;
  fileName?: string;
}

/**
 * One spelling for what the browser may write in two: line breaks (a form sends CRLF, a field holds LF), and
 * multipart's escapes (`"` CR LF as %22 %0D %0A, characters as &#…; references) — webRequest gives a parsed
 * form decoded and a raw one as sent.
 */
const canonical = (s: string) => (/[%&]/.test(s) ? multipartFileName(s) : s).replace(/\r\n?/g, '\n');

/**
 * The text a body's digest is taken of, the same whether the guard read the entries from the page or the
 * backstop from webRequest's requestBody (shared/web/grant-digest.ts derives the guard's side): each entry as
 * name=value, a file as name=its file name (so Chromium's formData shows it), sorted, so that the order a
 * browser or a parser gives them in does not matter.
 */
export function digestText(fields: readonly DigestField[]): string {
  return fields
    .map((f) => `${encodeURIComponent(canonical(f.name))}=${encodeURIComponent(canonical(f.fileName ?? f.value))}`)
    .sort()
    .join('&');
}

/** SHA-256 of the text's UTF-8, in hex: what the guard computes with WebCrypto (content/digest.ts). */
export function textDigest(text: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}

/** The digest of a body's entries (the backstop's side: synchronous, inside the blocking listener). */
export function bodyDigest(fields: readonly DigestField[]): string {
  return textDigest(digestText(fields));
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

/**
 * The grant that lets this request pass, if one does; `digest` is computed only when a grant needs it, and is
 * null for a body the browser gave none of (a Blob): only a grant without a digest, or one for such a body, passes it.
 */
export function findGrant(
  grants: readonly BackstopGrant[],
  request: { tabId: number; url: string; method: string; digest: () => string | null },
  now: number,
): BackstopGrant | undefined {
  const destination = grantDestination(request.url);
  if (!destination) return undefined;
  const method = request.method.toLowerCase();
  let digest: string | null | undefined;
  for (const g of grants) {
    if (g.expires <= now || g.destination !== destination || g.method !== method) continue;
    if (g.tabId !== -1 && request.tabId !== -1 && g.tabId !== request.tabId) continue;
    if (g.digest !== undefined) {
      if (digest === undefined) digest = request.digest();
      if (digest === null ? !g.unreadable : g.digest !== digest) continue;
    }
    return g;
  }
  return undefined;
}

export function consumeGrant(grants: readonly BackstopGrant[], id: string, now: number): BackstopGrant[] {
  return grants.filter((g) => g.id !== id && g.expires > now);
}
