// The remote policy (managed `policyUrl`): fetched at start and on a schedule, with ETag. Whether a
// document is accepted is the core's decision (shared/policy/remote-acceptance.ts: signature, serial and
// expiry, managed-only keys, validation); this file fetches, and keeps the accepted layer as the
// last-known-good with its anti-rollback mark. A refused document changes nothing but the recorded status.
import { browser } from 'wxt/browser';
import { errorLine } from '@/shared/policy/errors';
import { acceptRemoteDocument, parseMark } from '@/shared/policy/remote-acceptance';
import { ACCEPTED_KEY, LAST_GOOD_KEY, REMOTE_STATUS_KEY as STATUS_KEY } from './policy-source';

const TIMEOUT_MS = 15_000;

export interface RemoteStatus {
  url: string;
  lastAttempt: string;
  lastSuccess?: string;
  etag?: string;
  /** `updated`, `not-modified`, or why nothing changed (in English and Japanese). */
  result: string;
  ok: boolean;
  /** Serial and expiry of the document in use (signed documents). */
  serial?: number | null;
  expires?: string | null;
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

  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    return fail(`fetch failed: ${(e as Error).message}`);
  }
  const stored = await browser.storage.local.get(ACCEPTED_KEY);
  const outcome = await acceptRemoteDocument(text, {
    publicKey,
    now: Date.now(),
    last: parseMark(stored[ACCEPTED_KEY]),
  });
  if (!outcome.ok) {
    const [first, ...rest] = outcome.errors.map(errorLine);
    return fail(first ?? outcome.reason, rest);
  }

  const status: RemoteStatus = {
    ...base,
    etag: response.headers.get('etag') ?? undefined,
    lastSuccess: base.lastAttempt,
    result: 'updated',
    ok: true,
    serial: outcome.serial,
    expires: outcome.expires,
  };
  await browser.storage.local.set({
    [LAST_GOOD_KEY]: outcome.layer,
    [STATUS_KEY]: status,
    ...(outcome.mark ? { [ACCEPTED_KEY]: outcome.mark } : {}),
  });
  return { changed: true, status };
}
