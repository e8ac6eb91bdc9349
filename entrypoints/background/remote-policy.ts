// The remote policy (managed `policyUrl`): fetched at start and on a schedule, with ETag; verified
// when managed policy carries a public key; validated whole; kept as the last-known-good layer.
// A failed fetch or a bad document changes nothing but the recorded status.
import { browser } from 'wxt/browser';
import { validateLayer } from '@/shared/policy/layers';
import { importPublicKey, isSignedEnvelope, verifyEnvelope } from '@/shared/policy/signature';
import { LAST_GOOD_KEY, REMOTE_STATUS_KEY as STATUS_KEY } from './policy-source';

const TIMEOUT_MS = 15_000;
/** Keys only managed storage may set: a remote document must not move or re-key itself. */
const MANAGED_ONLY = ['policyUrl', 'policyPublicKey', 'policyRefreshMinutes'];

export interface RemoteStatus {
  url: string;
  lastAttempt: string;
  lastSuccess?: string;
  etag?: string;
  /** `updated`, `not-modified`, or why nothing changed. */
  result: string;
  ok: boolean;
}

export async function readRemoteStatus(): Promise<RemoteStatus | undefined> {
  return (await browser.storage.local.get(STATUS_KEY))[STATUS_KEY] as RemoteStatus | undefined;
}

export interface FetchOutcome {
  changed: boolean;
  status: RemoteStatus;
  errors?: string[];
}

export async function fetchRemotePolicy(url: string, publicKey: string | undefined): Promise<FetchOutcome> {
  const previous = await readRemoteStatus();
  const base = {
    url,
    lastAttempt: new Date().toISOString(),
    lastSuccess: previous?.url === url ? previous.lastSuccess : undefined,
  };
  const fail = async (result: string, errors?: string[]): Promise<FetchOutcome> => {
    const status: RemoteStatus = {
      ...base,
      etag: previous?.url === url ? previous.etag : undefined,
      result,
      ok: false,
    };
    await browser.storage.local.set({ [STATUS_KEY]: status });
    return { changed: false, status, errors };
  };
  if (!/^https:\/\//i.test(url)) return fail('policyUrl must be https');

  let response: Response;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const etag = previous?.url === url ? previous.etag : undefined;
    response = await fetch(url, {
      cache: 'no-store',
      credentials: 'omit',
      signal: controller.signal,
      headers: etag ? { 'if-none-match': etag } : {},
    });
  } catch (e) {
    return fail(`fetch failed: ${(e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 304) {
    const status: RemoteStatus = {
      ...base,
      etag: previous?.etag,
      lastSuccess: base.lastAttempt,
      result: 'not-modified',
      ok: true,
    };
    await browser.storage.local.set({ [STATUS_KEY]: status });
    return { changed: false, status };
  }
  if (!response.ok) return fail(`HTTP ${response.status}`);

  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return fail('not JSON');
  }
  let doc: unknown = body;
  if (publicKey) {
    let key: CryptoKey;
    try {
      key = await importPublicKey(publicKey);
    } catch {
      return fail('policyPublicKey is not a usable ECDSA P-256 key');
    }
    const verified = await verifyEnvelope(body, key);
    if (!verified.ok) return fail(`signature rejected: ${verified.reason}`);
    doc = JSON.parse(verified.documentText);
  } else if (isSignedEnvelope(body)) doc = JSON.parse(body.signed); // signed, but no key to check: take the content

  if (doc && typeof doc === 'object' && !Array.isArray(doc))
    for (const key of MANAGED_ONLY) delete (doc as Record<string, unknown>)[key];
  const layer = validateLayer(doc);
  if (!layer.ok)
    return fail(
      'invalid document',
      layer.errors.map((e) => `${e.path}: ${e.en}`),
    );

  const status: RemoteStatus = {
    ...base,
    etag: response.headers.get('etag') ?? undefined,
    lastSuccess: base.lastAttempt,
    result: 'updated',
    ok: true,
  };
  await browser.storage.local.set({ [LAST_GOOD_KEY]: layer.value, [STATUS_KEY]: status });
  return { changed: true, status };
}
