// S/MIME and CMS (RFC 5652, RFC 8551): a ContentInfo's content type says whether the content is
// enveloped (encrypted for its recipients) or only signed. Read from DER, PEM, bare base64 or the
// MIME headers of an smime.p7m part.
import { decodeBase64 } from './base64-source.ts';
import { hasAscii, indexOfAscii, latin1 } from './bytes.ts';

const PKCS7 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07]; // 1.2.840.113549.1.7
const SMIME_CT = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01]; // 1.2.840.113549.1.9.16.1

export interface CmsKind {
  readonly encrypted: boolean;
  readonly kind: string;
}

const PKCS7_TYPES: Record<number, CmsKind> = {
  1: { encrypted: false, kind: 'data' },
  2: { encrypted: false, kind: 'signed-data' },
  3: { encrypted: true, kind: 'enveloped-data' },
  4: { encrypted: true, kind: 'signed-and-enveloped-data' },
  5: { encrypted: false, kind: 'digested-data' },
  6: { encrypted: true, kind: 'encrypted-data' },
};
const SMIME_TYPES: Record<number, CmsKind> = {
  9: { encrypted: false, kind: 'compressed-data' },
  23: { encrypted: true, kind: 'auth-enveloped-data' },
};

/** Length of a DER/BER length field at `o`, or -1 when malformed. */
function lengthSize(b: Uint8Array, o: number): number {
  const first = b[o];
  if (first === undefined) return -1;
  if (first < 0x80 || first === 0x80) return 1; // short form, or BER indefinite length
  const n = first & 0x7f;
  return n <= 4 ? 1 + n : -1;
}

/** A DER ContentInfo at the start of `b`: SEQUENCE { contentType OID, [0] content }. */
export function cmsKindFromDer(b: Uint8Array): CmsKind | null {
  if (b[0] !== 0x30) return null;
  const ls = lengthSize(b, 1);
  if (ls < 0) return null;
  const o = 1 + ls;
  if (b[o] !== 0x06) return null;
  const oidLen = b[o + 1] ?? 0;
  const oid = b.subarray(o + 2, o + 2 + oidLen);
  if (oidLen === PKCS7.length + 1 && PKCS7.every((x, i) => oid[i] === x))
    return PKCS7_TYPES[oid[PKCS7.length] ?? 0] ?? null;
  if (oidLen === SMIME_CT.length + 1 && SMIME_CT.every((x, i) => oid[i] === x))
    return SMIME_TYPES[oid[SMIME_CT.length] ?? 0] ?? null;
  return null;
}

const B64 = /^[A-Za-z0-9+/=\r\n]+$/;

function decodeBase64Prefix(text: string): Uint8Array | null {
  const clean = text.replace(/[\r\n\t ]/g, '');
  const s = clean.slice(0, Math.floor(Math.min(clean.length, 96) / 4) * 4);
  if (s.length < 16 || !B64.test(s)) return null;
  try {
    return decodeBase64(s);
  } catch {
    return null;
  }
}

/** S/MIME or CMS in any of its usual clothes, from the first bytes of a file. */
export function cmsKind(head: Uint8Array): CmsKind | null {
  const der = cmsKindFromDer(head);
  if (der) return der;
  // Cheap byte checks first: most heads are none of the text forms below.
  const pemLike = indexOfAscii(head, '-----BEGIN ', 0, 256) >= 0;
  // MIME only if the file starts like a header ("Name: value"), before searching for the type.
  const colon = head.subarray(0, 80).indexOf(0x3a);
  const headerLike = colon > 0 && /^[A-Za-z][A-Za-z0-9-]*$/.test(latin1(head, 0, colon));
  const mimeLike =
    headerLike && (indexOfAscii(head, 'pkcs7-mime', 0, 2048) >= 0 || indexOfAscii(head, 'PKCS7-MIME', 0, 2048) >= 0);
  const bare = hasAscii(head, 0, 'MI');
  if (!pemLike && !mimeLike && !bare) return null;
  if (head.includes(0)) return null;
  const text = latin1(head, 0, Math.min(head.length, 4096));
  if (pemLike) {
    const pem = /-----BEGIN (?:PKCS7|CMS|PKCS #7 SIGNED DATA)-----\r?\n([\s\S]*)/.exec(text);
    if (!pem) return null;
    const body = (pem[1] ?? '').replace(/^[A-Za-z-]+:.*\r?\n/gm, '');
    const d = decodeBase64Prefix(body);
    return d ? cmsKindFromDer(d) : null;
  }
  // An smime.p7m saved with its MIME headers.
  const mime = mimeLike
    ? /content-type:\s*application\/(?:x-)?pkcs7-mime\b([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/i.exec(text)
    : null;
  if (mime) {
    const params = (mime[1] ?? '').toLowerCase();
    if (params.includes('enveloped-data') || params.includes('authenveloped-data'))
      return { encrypted: true, kind: 'enveloped-data' };
    if (params.includes('signed-data')) return { encrypted: false, kind: 'signed-data' };
    const blank = /\r?\n\r?\n/.exec(text);
    const d = blank ? decodeBase64Prefix(text.slice(blank.index + blank[0].length)) : null;
    return d ? cmsKindFromDer(d) : null;
  }
  // Bare base64 of a DER SEQUENCE: "MI" starts every long one.
  if (bare) {
    const d = decodeBase64Prefix(text.slice(0, 200));
    return d ? cmsKindFromDer(d) : null;
  }
  return null;
}
