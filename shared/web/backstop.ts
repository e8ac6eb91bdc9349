// The backstop (issue 11): judge what leaves, not only what the page shows. Every request the browser is
// about to send — a form post, fetch, XHR, sendBeacon, a Worker's or Service Worker's fetch, a WebSocket
// handshake, an image or EventSource URL — is judged here, synchronously, from what the network layer
// hands over: its URL, method, body and initiator, the policy, and the salted hashes of what the tab has
// seen typed. Sensitive data going where the policy forbids (insecure-transport, lookalike-domain,
// cloud-confidential-upload: always; unknown-organization: unless the user confirmed it and a one-time
// grant names this destination and body) is cancelled. Pure: plain facts in, a verdict out.
import type { CompiledPolicy } from '../policy/compile.ts';
import { bodyDigest, findGrant, grantDestination, type BackstopGrant } from './backstop-grant.ts';
import type { Finding } from './finding.ts';
import { classifySubmission, markedFileNames, type SensitivityKind } from './form-sensitivity.ts';
import { judgeSubmission, type SubmissionVerdict } from './form-verdict.ts';
import { bodyOverCap, readRequestBody, readRequestUrl, type RequestBodyFacts } from './request-body.ts';
import { findSeen, type SeenIndex, type SeenKind } from './seen-values.ts';

/** A request as webRequest.onBeforeRequest describes it (the fields both Chrome and Firefox give). */
export interface OutgoingRequest {
  url: string;
  method: string;
  /** webRequest's resource type: main_frame, sub_frame, xmlhttprequest, ping, websocket, image, … */
  type: string;
  /** −1 for requests of no tab (a page's Service Worker, the browser itself). */
  tabId: number;
  /** Who sent it: Chrome's `initiator` (an origin, or "null"), Firefox's `originUrl`; absent when the user did. */
  initiator?: string;
  body?: RequestBodyFacts;
}

export interface BackstopContext {
  compiled: CompiledPolicy;
  /**
   * What the tab has seen typed: an index, `null` when nothing, or `'loading'` while the service worker,
   * just woken, is still reading it back: then the request is judged by the pure classification alone
   * (the worker stays awake while it holds typed values, so this is a worker that held none, or was killed).
   */
  seen: SeenIndex | null | 'loading';
  grants: readonly BackstopGrant[];
  now: number;
  /** The extension's own origin: its requests are its own. */
  selfOrigin?: string;
}

export type BackstopReason =
  | 'not-web' // not http(s)/ws(s)
  | 'own' // the extension's own request
  | 'user-typed' // a navigation the user started from the address bar or a bookmark
  | 'nothing-leaves' // no body, no query, nothing typed to look for
  | 'destination-allowed' // nothing could be forbidden there (the organisation's own https site …)
  | 'not-sensitive'
  | 'granted' // the user confirmed this one
  | 'forbidden';

export interface BackstopVerdict {
  action: 'pass' | 'cancel';
  reason: BackstopReason;
  sensitive: SensitivityKind[];
  /** The findings of the submission verdict (cancel: the one that forbids it first). */
  findings: Finding[];
  /** The grant this request used up (the caller removes it). */
  grant?: string;
  /** Judged without the typed-value hashes (still loading): the caller checks afterwards and logs it. */
  stateLoading?: boolean;
}

const WEB = /^(?:https?|wss?):$/;
const pass = (reason: BackstopReason, sensitive: SensitivityKind[] = []): BackstopVerdict => ({
  action: 'pass',
  reason,
  sensitive,
  findings: [],
});

/** The page a request speaks for, as the submission verdict reads it. */
function pageOf(initiator: string | undefined): string {
  if (!initiator || initiator === 'null') return 'about:blank';
  return initiator;
}

/** ws(s) handshakes go where http(s) would: judged as such. */
function asHttp(url: URL): string {
  if (url.protocol === 'wss:') return 'https:' + url.href.slice(4);
  if (url.protocol === 'ws:') return 'http:' + url.href.slice(3);
  return url.href;
}

// The worst verdict a destination could give, per policy, page origin and destination origin: most
// requests go where nothing is forbidden and are never read at all.
const worstCache = new WeakMap<CompiledPolicy, Map<string, boolean>>();
const MAX_CACHED = 2_000;

function anythingForbidden(compiled: CompiledPolicy, page: string, target: URL, action: string): boolean {
  let cache = worstCache.get(compiled);
  if (!cache) worstCache.set(compiled, (cache = new Map()));
  let pageOrigin = page;
  try {
    pageOrigin = new URL(page).origin;
  } catch {
    // about:blank, "null": kept as is
  }
  const key = `${pageOrigin} ${target.protocol}//${target.host}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const worst = judgeSubmission(compiled, {
    page,
    action,
    method: 'post',
    sensitive: ['password'],
    markedFiles: ['?'],
  });
  const forbidden = worst.findings.length > 0;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, forbidden);
  return forbidden;
}

const KIND_OF_SEEN: Record<SeenKind, SensitivityKind> = {
  password: 'password',
  'my-number': 'my-number',
  'payment-card': 'payment-card',
};

const PIECE = 256 * 1024;
const OVERLAP = 64;
function rawPieces(text: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (let at = 0; at < text.length; at += PIECE) out.push({ name: '', value: text.slice(at, at + PIECE + OVERLAP) });
  return out;
}

/** Code units hashed per request across every window length, before the rest counts as unscanned. */
const SEEN_BUDGET = 24_000_000;

/** The verdict on one outgoing request. Never throws on what a page can send: a URL it cannot read is not web. */
export function judgeRequest(ctx: BackstopContext, req: OutgoingRequest): BackstopVerdict {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return pass('not-web');
  }
  if (!WEB.test(url.protocol)) return pass('not-web');
  const initiator = req.initiator;
  if (initiator && (initiator.startsWith('chrome-extension:') || initiator.startsWith('moz-extension:')))
    return pass('own');
  if (ctx.selfOrigin && initiator?.startsWith(ctx.selfOrigin)) return pass('own');
  const method = req.method.toLowerCase();
  if (!initiator && req.type === 'main_frame' && method === 'get') return pass('user-typed');

  const body = req.body;
  const hasBody = !!body && (!!body.error || !!body.raw?.length || Object.keys(body.formData ?? {}).length > 0);
  const seen = ctx.seen === 'loading' ? null : ctx.seen;
  if (!hasBody && !seen && !url.search) return pass('nothing-leaves');

  const page = pageOf(initiator);
  const action = asHttp(url);
  if (!anythingForbidden(ctx.compiled, page, url, action)) return pass('destination-allowed');

  // A body past the cap is unscanned, so sensitive, whatever it holds: unless a grant could let it pass
  // (and its digest must be read), it is cancelled without reading a byte.
  const dest = grantDestination(req.url);
  if (hasBody && bodyOverCap(body) && !ctx.grants.some((g) => g.destination === dest && g.expires > ctx.now)) {
    const v = judgeSubmission(ctx.compiled, { page, action, method, sensitive: ['unscanned'] });
    if (v.findings.length)
      return { action: 'cancel', reason: 'forbidden', sensitive: ['unscanned'], findings: v.findings };
  }

  // Read what leaves: the body (bounded), and the URL beyond its origin.
  const read = readRequestBody(hasBody ? body : undefined);
  const fromUrl = readRequestUrl(url);
  const withBody = hasBody && method !== 'get' && method !== 'head';
  const kinds = new Set<SensitivityKind>(
    classifySubmission([...read.fields, ...read.derived], {
      method,
      // A body the browser would not show (a Blob) can carry what the user typed only if the tab saw any.
      unscanned: read.unscanned || (read.unreadable === true && seen !== null),
      allPostsSensitive: withBody && ctx.compiled.policy.forms.allPostsSensitive,
    }),
  );
  // The raw text too, in pieces that overlap by more than any number: a parser keeps only so many fields.
  if (read.raw)
    for (const k of classifySubmission(rawPieces(read.raw), { method })) if (k !== 'unscanned') kinds.add(k);
  if (fromUrl.passwordParam) kinds.add('password');
  if (seen) {
    const found = new Set<SeenKind>();
    const budget = { left: SEEN_BUDGET, exhausted: false };
    for (const t of read.texts) findSeen(t, seen, found, budget);
    for (const t of fromUrl.texts) findSeen(t, seen, found, budget);
    for (const k of found) kinds.add(KIND_OF_SEEN[k]);
    if (budget.exhausted) kinds.add('unscanned');
  }
  const stateLoading = ctx.seen === 'loading';
  const markedFiles = markedFileNames(read.fields);
  const sensitive = [...kinds];
  if (!sensitive.length && !markedFiles.length)
    return { ...pass('not-sensitive'), ...(stateLoading ? { stateLoading } : {}) };

  const v: SubmissionVerdict = judgeSubmission(ctx.compiled, { page, action, method, sensitive, markedFiles });
  const loading = stateLoading ? { stateLoading } : {};
  if (!v.findings.length) return { ...pass('not-sensitive', sensitive), ...loading };
  const blocking = v.findings.filter((f) => f.action === 'block');
  if (blocking.length) return { action: 'cancel', reason: 'forbidden', sensitive, findings: blocking, ...loading };
  const grant = findGrant(
    ctx.grants,
    {
      tabId: req.tabId,
      url: req.url,
      method,
      digest: () => (read.digestFields ? bodyDigest(read.digestFields) : null),
    },
    ctx.now,
  );
  if (grant) return { action: 'pass', reason: 'granted', sensitive, findings: v.findings, grant: grant.id, ...loading };
  return { action: 'cancel', reason: 'forbidden', sensitive, findings: v.findings, ...loading };
}
