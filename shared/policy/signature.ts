// Signed policy documents (issue: admins): ECDSA P-256 with SHA-256 over the exact bytes of the
// document, with WebCrypto (Node ≥ 20, service workers, browsers). The envelope keeps document and
// signature in one file, so a fetch can never pair a new document with an old signature.
//
//   { "alg": "ES256", "signed": "<the policy JSON, as text>", "signature": "<base64, r||s (P1363)>" }
//
// The public key travels in managed policy as `policyPublicKey`: base64 of its SPKI (DER) form.

export interface SignedEnvelope {
  alg: 'ES256';
  signed: string;
  signature: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export function isSignedEnvelope(doc: unknown): doc is SignedEnvelope {
  const d = doc as Partial<SignedEnvelope> | null;
  return (
    !!d && typeof d === 'object' && d.alg === 'ES256' && typeof d.signed === 'string' && typeof d.signature === 'string'
  );
}

export async function importPublicKey(spkiBase64: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', fromBase64(spkiBase64), ALGORITHM, false, ['verify']);
}

export async function importPrivateKey(pkcs8Base64: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', fromBase64(pkcs8Base64), ALGORITHM, false, ['sign']);
}

/** A new key pair, both halves as base64 (SPKI public, PKCS#8 private) — `ssk-guard policy keygen`. */
export async function generateKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  return {
    publicKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))),
    privateKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey))),
  };
}

export async function signDocument(documentText: string, privateKey: CryptoKey): Promise<SignedEnvelope> {
  const signature = await crypto.subtle.sign(SIGN, privateKey, new TextEncoder().encode(documentText));
  return { alg: 'ES256', signed: documentText, signature: toBase64(new Uint8Array(signature)) };
}

export type VerifyResult = { ok: true; documentText: string } | { ok: false; reason: string; ja: string };

/**
 * The document text if `body` is an envelope whose signature the key verifies; otherwise why not.
 * With a key configured, an unsigned document is rejected as well: that is the point of the key.
 */
export async function verifyEnvelope(body: unknown, publicKey: CryptoKey): Promise<VerifyResult> {
  if (!isSignedEnvelope(body))
    return {
      ok: false,
      reason: 'not a signed document (expected {alg: "ES256", signed, signature})',
      ja: '署名された文書ではありません（{alg: "ES256", signed, signature} の形が必要です）',
    };
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = fromBase64(body.signature);
  } catch {
    return { ok: false, reason: 'signature is not base64', ja: '署名が base64 ではありません' };
  }
  const valid = await crypto.subtle.verify(SIGN, publicKey, signature, new TextEncoder().encode(body.signed));
  return valid
    ? { ok: true, documentText: body.signed }
    : {
        ok: false,
        reason: 'signature does not match the document',
        ja: '署名が文書と一致しません（改ざん、または別の鍵による署名）',
      };
}
