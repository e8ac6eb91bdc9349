// The life of a remote policy document, one module for the extension (managed `policyUrl`) and the
// Outlook add-in (its policy.json): text → unwrap the envelope → verify the signature → read the
// serial and expiry it signs → refuse an expired document or a rollback → strip the keys only
// managed storage may set → validate → the layer to lay over the default. Pure: the caller fetches,
// stores the result and the anti-rollback mark, and records a rejection.
import { SSK_DEFAULT_POLICY } from './default.ts';
import type { PolicyError } from './errors.ts';
import { parsePolicyText } from './json-text.ts';
import { effectivePolicy, validateLayer, type LayerInput } from './layers.ts';
import type { PolicyLayer } from './schema.ts';
import { importPublicKey, isSignedEnvelope, signDocument, verifyEnvelope, type SignedEnvelope } from './signature.ts';

/** Settings that mean something only in managed storage: a remote document must not move or re-key itself. */
export const MANAGED_ONLY_KEYS = ['policyUrl', 'policyPublicKey', 'policyRefreshMinutes'] as const;

/** What a signed document carries inside what is signed, beside the settings. */
export interface SignedMetadata {
  /** Rises with each document the organisation signs; a client never goes back to a lower one. */
  serial: number;
  /** ISO date-time (or a date: through that day, Japan time) after which the document is refused. */
  expires: string;
}

/** The anti-rollback mark a client keeps: the highest serial it accepted, and under which key. */
export interface AcceptedMark {
  serial: number;
  /** The public key (base64) the serial was signed under, null for an unverified document. */
  key: string | null;
}

export type Rejection = 'not-json' | 'key' | 'signature' | 'metadata' | 'expired' | 'rollback' | 'invalid';

export type RemoteOutcome =
  | {
      ok: true;
      layer: PolicyLayer;
      serial: number | null;
      expires: string | null;
      /** The signature was checked against the configured key. */
      verified: boolean;
      /** The mark to keep from now on (unchanged when the document has no serial). */
      mark: AcceptedMark | null;
      /** Managed-only keys the document held, left out. */
      ignored: string[];
    }
  | {
      ok: false;
      reason: Rejection;
      errors: PolicyError[];
      serial?: number | null;
      expires?: string | null;
    };

export interface AcceptOptions {
  /** Managed `policyPublicKey` (SPKI, base64): the document must then be signed with its private key. */
  publicKey?: string;
  now: number;
  /** The mark kept from the last accepted document. */
  last?: AcceptedMark | null;
}

const DAY = 86_400_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The instant `expires` ends: a date runs through its last day in Japan time, like an approval. */
export function expiryInstant(expires: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return Date.parse(`${expires}T00:00:00+09:00`) + DAY;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(expires)) return NaN;
  return Date.parse(expires);
}

function error(path: string, en: string, ja: string): PolicyError {
  return { path, en, ja };
}

function keyId(publicKey: string | undefined): string | null {
  return publicKey ? publicKey.replace(/\s+/g, '') : null;
}

/** Reads and removes `serial` and `expires`; errors for values that are there but wrong. */
function takeMetadata(doc: Record<string, unknown>): {
  serial: number | null;
  expires: string | null;
  errors: PolicyError[];
} {
  const errors: PolicyError[] = [];
  let serial: number | null = null;
  let expires: string | null = null;
  if ('serial' in doc) {
    const s = doc.serial;
    if (typeof s === 'number' && Number.isSafeInteger(s) && s >= 0) serial = s;
    else
      errors.push(
        error(
          'serial',
          `not a serial (a whole number ≥ 0): ${JSON.stringify(s)}`,
          `通し番号（0 以上の整数）ではありません: ${JSON.stringify(s)}`,
        ),
      );
    delete doc.serial;
  }
  if ('expires' in doc) {
    const e = doc.expires;
    if (typeof e === 'string' && !Number.isNaN(expiryInstant(e))) expires = e;
    else
      errors.push(
        error(
          'expires',
          `not a date or date-time: ${JSON.stringify(e)}`,
          `日付または日時ではありません: ${JSON.stringify(e)}`,
        ),
      );
    delete doc.expires;
  }
  return { serial, expires, errors };
}

/** Accepts or refuses one remote document, given as the text that was served. */
export async function acceptRemoteDocument(text: string, o: AcceptOptions): Promise<RemoteOutcome> {
  const outer = parsePolicyText(text);
  if (!outer.ok)
    return { ok: false, reason: outer.errors[0]?.path === '(document)' ? 'not-json' : 'invalid', errors: outer.errors };

  // Unwrap and verify.
  let content: unknown = outer.value;
  let verified = false;
  let signed = false;
  if (o.publicKey) {
    if (typeof crypto === 'undefined' || !crypto.subtle)
      return {
        ok: false,
        reason: 'key',
        errors: [
          error(
            'signature',
            'this runtime has no WebCrypto (crypto.subtle) to check the signature: the document is refused',
            'この実行環境には署名を検証する WebCrypto（crypto.subtle）がないため、文書を受け入れません',
          ),
        ],
      };
    let key: CryptoKey;
    try {
      key = await importPublicKey(o.publicKey);
    } catch {
      return {
        ok: false,
        reason: 'key',
        errors: [
          error('policyPublicKey', 'not a usable ECDSA P-256 public key', 'ECDSA P-256 の公開鍵として使えません'),
        ],
      };
    }
    const v = await verifyEnvelope(outer.value, key);
    if (!v.ok)
      return {
        ok: false,
        reason: 'signature',
        errors: [error('signature', `signature rejected: ${v.reason}`, `署名を拒否しました: ${v.ja}`)],
      };
    verified = signed = true;
    content = v.documentText;
  } else if (isSignedEnvelope(outer.value)) {
    signed = true; // signed, but no key to check it with: the content is read, and its serial still counts
    content = outer.value.signed;
  }
  if (signed) {
    const inner = parsePolicyText(content as string);
    if (!inner.ok) return { ok: false, reason: 'invalid', errors: inner.errors };
    content = inner.value;
  }
  if (!isObject(content)) {
    const layer = validateLayer(content);
    return { ok: false, reason: 'invalid', errors: layer.ok ? [] : layer.errors };
  }
  const doc: Record<string, unknown> = { ...content };

  // What the signature covers besides the settings: serial and expiry.
  const meta = takeMetadata(doc);
  if (meta.errors.length) return { ok: false, reason: 'metadata', errors: meta.errors };
  const { serial, expires } = meta;
  const known = { serial, expires };
  if (signed && (serial === null || expires === null))
    return {
      ok: false,
      reason: 'metadata',
      ...known,
      errors: [
        error(
          serial === null ? 'serial' : 'expires',
          `a signed document must carry ${serial === null ? 'a serial' : 'an expiry'} inside what is signed: sign it again with ssk-guard policy sign`,
          `署名された文書には署名の内側に${serial === null ? '通し番号（serial）' : '有効期限（expires）'}が必要です。ssk-guard policy sign で署名し直してください`,
        ),
      ],
    };
  if (expires !== null && o.now >= expiryInstant(expires))
    return {
      ok: false,
      reason: 'expired',
      ...known,
      errors: [
        error(
          'expires',
          `the document expired at ${expires}: it is refused and the last good policy stays in force`,
          `文書の有効期限（${expires}）が過ぎています。受け入れず、直前の有効なポリシーを使い続けます`,
        ),
      ],
    };
  const key = verified ? keyId(o.publicKey) : null;
  const last = o.last && o.last.key === key ? o.last : null;
  if (last && (serial === null || serial < last.serial))
    return {
      ok: false,
      reason: 'rollback',
      ...known,
      errors: [
        error(
          'serial',
          serial === null
            ? `the document has no serial, but serial ${last.serial} was already accepted: refused as a rollback`
            : `serial ${serial} is lower than ${last.serial}, already accepted: refused as a rollback to an older document`,
          serial === null
            ? `文書に通し番号がありませんが、既に通し番号 ${last.serial} を受け入れています。巻き戻しとして拒否します`
            : `通し番号 ${serial} は既に受け入れた ${last.serial} より小さいため、古い文書への巻き戻しとして拒否します`,
        ),
      ],
    };

  const ignored = MANAGED_ONLY_KEYS.filter((k) => k in doc);
  for (const k of ignored) delete doc[k];

  const layer = validateLayer(doc);
  if (!layer.ok) return { ok: false, reason: 'invalid', ...known, errors: layer.errors };
  // Valid alone is not enough: it must also make a whole policy once laid over the default.
  const whole = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc: layer.value }]);
  if (whole.rejected[0]) return { ok: false, reason: 'invalid', ...known, errors: whole.rejected[0].errors };

  return {
    ok: true,
    layer: layer.value,
    serial,
    expires,
    verified,
    mark: serial !== null ? { serial, key } : (o.last ?? null),
    ignored,
  };
}

/**
 * The layers a client holds, for effectivePolicy: the cached remote document counts as `remote`
 * while its last fetch succeeded and as `last-known-good` after one failed; managed storage on top.
 */
export function remoteLayers(o: { cached: unknown; fresh: boolean; managed?: unknown }): LayerInput[] {
  return [
    { name: o.fresh ? 'remote' : 'last-known-good', doc: o.cached },
    { name: 'managed', doc: o.managed },
  ];
}

/** A stored mark, or null when there is none or it is damaged (then nothing is refused for rollback). */
export function parseMark(v: unknown): AcceptedMark | null {
  if (!isObject(v)) return null;
  const { serial, key } = v;
  if (typeof serial !== 'number' || !Number.isSafeInteger(serial) || serial < 0) return null;
  if (key !== null && typeof key !== 'string') return null;
  return { serial, key };
}

// ---- the signing side (ssk-guard policy sign / build --sign-key)

/**
 * The text that is signed: the document's own text, as the admin wrote it, with serial and expiry
 * put first inside its top-level object (so a reviewer reads the same lines that were signed).
 */
export function withSignedMetadata(documentText: string, meta: SignedMetadata): string {
  const text = documentText.replace(/^\uFEFF/, '');
  const open = text.search(/\S/);
  if (open < 0 || text[open] !== '{') throw new Error('a policy document is a JSON object');
  const empty = /^\s*\}/.test(text.slice(open + 1));
  const fields = `\n  "serial": ${JSON.stringify(meta.serial)},\n  "expires": ${JSON.stringify(meta.expires)}${empty ? '\n' : ','}`;
  return text.slice(0, open + 1) + fields + text.slice(open + 1);
}

/** The same for a document given as an object (any serial or expiry it held is replaced). */
export function signedDocumentText(doc: Record<string, unknown>, meta: SignedMetadata): string {
  const { serial: _s, expires: _e, ...settings } = doc;
  return withSignedMetadata(JSON.stringify(settings, null, 2) + '\n', meta);
}

export function signPolicyText(
  documentText: string,
  meta: SignedMetadata,
  privateKey: CryptoKey,
): Promise<SignedEnvelope> {
  return signDocument(withSignedMetadata(documentText, meta), privateKey);
}

export function signPolicy(
  doc: Record<string, unknown>,
  meta: SignedMetadata,
  privateKey: CryptoKey,
): Promise<SignedEnvelope> {
  return signDocument(signedDocumentText(doc, meta), privateKey);
}

/** A serial that rises by itself: the signing time in UTC as YYYYMMDDhhmmss. */
export function defaultSerial(now: number): number {
  return Number(new Date(now).toISOString().replace(/\D/g, '').slice(0, 14));
}
