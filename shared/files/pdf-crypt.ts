// Whether a PDF's encryption needs a secret to open (ISO 32000-2 §7.6.4): a file whose user
// password is empty (only an owner password, which merely restricts printing or copying) opens
// for anyone and is not encrypted for 8.1.1(7). The standard security handler's check value /U
// is recomputed for the empty password: Algorithms 2 + 4/5 (R2–R4: MD5 and RC4), Algorithm 2.A
// (R5: SHA-256) and 2.B (R6: SHA-256/384/512 with AES-128-CBC, through Web Crypto where the
// runtime has it; without it the answer is "cannot tell").
import { md5 } from '@noble/hashes/legacy.js';
import { rc4 } from './rc4.ts';
import type { EncryptionKind } from './types.ts';

const PAD = new Uint8Array([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00,
  0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

export interface PdfEncryption {
  /** Needs a secret to open: false when the user password is empty; null when that cannot be checked. */
  secret: boolean | null;
  scheme: EncryptionKind | null;
  reason: string;
}

/** A PDF string object at the start of `s` (literal with escapes, or hex), as bytes. */
export function pdfString(s: string): Uint8Array | null {
  const t = s.replace(/^\s+/, '');
  if (t.startsWith('<') && !t.startsWith('<<')) {
    const end = t.indexOf('>');
    if (end < 0) return null;
    let hex = t.slice(1, end).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
    if (hex.length % 2) hex += '0';
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  if (!t.startsWith('(')) return null;
  const out: number[] = [];
  let depth = 1;
  for (let i = 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x5c) {
      const n = t[++i];
      if (n === undefined) return null;
      const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (n in esc) out.push(esc[n] as number);
      else if (/[0-7]/.test(n)) {
        let oct = n;
        while (oct.length < 3 && /[0-7]/.test(t[i + 1] ?? '')) oct += t[++i];
        out.push(parseInt(oct, 8) & 0xff);
      } else if (n === '\r') {
        if (t[i + 1] === '\n') i++;
      } else if (n !== '\n') out.push(n.charCodeAt(0) & 0xff);
      continue;
    }
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return new Uint8Array(out);
    out.push(c & 0xff);
  }
  return null;
}

function entry(dict: string, key: string): string | null {
  const m = new RegExp(`/${key}(?![A-Za-z0-9])\\s*`).exec(dict);
  return m ? dict.slice(m.index + m[0].length) : null;
}

function num(dict: string, key: string): number | null {
  const v = entry(dict, key);
  const m = v ? /^-?\d+/.exec(v) : null;
  return m ? Number(m[0]) : null;
}

function str(dict: string, key: string): Uint8Array | null {
  const v = entry(dict, key);
  return v === null ? null : pdfString(v);
}

/** The dictionary's own entries: nested dictionaries (/CF and its filters) blanked out. */
function topLevel(dict: string): string {
  let inner = dict.replace(/^\s*<</, '').replace(/>>\s*$/, '');
  for (let i = 0; i < 8 && /<<[^<>]*>>/.test(inner); i++) inner = inner.replace(/<<[^<>]*>>/g, ' ');
  return inner;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The scheme from /V, /Length and the crypt filter's /CFM. */
function schemeOf(dict: string, v: number, r: number): EncryptionKind {
  if (v >= 5 || r >= 5) return 'aes-256';
  if (v === 4 && /\/CFM\s*\/AESV2/.test(dict)) return 'aes-128';
  if (/\/CFM\s*\/AESV3/.test(dict)) return 'aes-256';
  return 'rc4';
}

/** Algorithms 2 and 4/5 with the empty user password: does it reproduce /U? */
function legacyEmptyUser(
  r: number,
  lengthBits: number,
  o: Uint8Array,
  u: Uint8Array,
  p: number,
  id: Uint8Array,
  encryptMetadata: boolean,
): boolean {
  const n = r === 2 ? 5 : Math.max(5, Math.min(16, Math.floor(lengthBits / 8)));
  const pBytes = new Uint8Array([p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, (p >>> 24) & 0xff]);
  let h = md5(
    concat(
      PAD,
      o.subarray(0, 32),
      pBytes,
      id,
      r >= 4 && !encryptMetadata ? new Uint8Array([255, 255, 255, 255]) : new Uint8Array(0),
    ),
  );
  if (r >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
  const key = h.subarray(0, n);
  if (r === 2) return equal(rc4(key, PAD), u.subarray(0, 32));
  let x = rc4(key, md5(concat(PAD, id)));
  for (let i = 1; i <= 19; i++)
    x = rc4(
      key.map((b) => b ^ i),
      x,
    );
  return equal(x, u.subarray(0, 16));
}

/** R5/R6 answers by /U (hash, validation and key salts), most recent last. */
const modernChecks = new Map<string, boolean>();

interface Subtle {
  digest(alg: string, data: Uint8Array): Promise<ArrayBuffer>;
  importKey(f: string, k: Uint8Array, alg: string, ex: boolean, use: string[]): Promise<unknown>;
  encrypt(alg: { name: string; iv: Uint8Array }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

function subtle(): Subtle | null {
  const c = (globalThis as unknown as { crypto?: { subtle?: Subtle } }).crypto;
  return c?.subtle ?? null;
}

/** Algorithm 2.B (R6) or plain SHA-256 (R5) over the empty password, the validation salt. */
async function modernEmptyUser(r: number, u: Uint8Array, s: Subtle): Promise<boolean> {
  const salt = u.subarray(32, 40);
  const digest = async (alg: string, d: Uint8Array) => new Uint8Array(await s.digest(alg, d));
  let k = await digest('SHA-256', salt);
  if (r === 6) {
    for (let round = 0; ; round++) {
      const k1 = new Uint8Array(k.length * 64);
      for (let i = 0; i < 64; i++) k1.set(k, i * k.length);
      const key = await s.importKey('raw', k.subarray(0, 16), 'AES-CBC', false, ['encrypt']);
      const e = new Uint8Array(await s.encrypt({ name: 'AES-CBC', iv: k.subarray(16, 32) }, key, k1)).subarray(
        0,
        k1.length,
      );
      let sum = 0;
      for (let i = 0; i < 16; i++) sum += e[i] ?? 0;
      k = await digest(['SHA-256', 'SHA-384', 'SHA-512'][sum % 3] as string, e);
      if (round >= 63 && (e[e.length - 1] ?? 0) <= round + 1 - 32) break;
      if (round > 2000) return false;
    }
  }
  return equal(k.subarray(0, 32), u.subarray(0, 32));
}

/**
 * Judges an /Encrypt dictionary (its text) with the trailer's first /ID string. Handlers other
 * than /Standard (public-key, third-party) always need a secret.
 */
export async function judgeEncryptDict(dict: string, id: Uint8Array | null): Promise<PdfEncryption> {
  const filter = /\/Filter\s*\/(\w+)/.exec(dict)?.[1] ?? '';
  const v = num(dict, 'V') ?? 0;
  const r = num(dict, 'R') ?? 0;
  const scheme = schemeOf(dict, v, r);
  if (filter !== 'Standard') {
    return {
      secret: true,
      scheme: filter === 'Adobe.PubSec' || /\/SubFilter\s*\/adbe\.pkcs7/.test(dict) ? 'smime' : scheme,
      reason: `PDF encrypted with the ${filter || 'unnamed'} security handler`,
    };
  }
  const o = str(dict, 'O');
  const u = str(dict, 'U');
  const p = num(dict, 'P');
  if (!o || !u || p === null)
    return { secret: null, scheme, reason: 'PDF encryption dictionary is damaged (/O, /U or /P)' };
  // The key length is the top-level /Length (bits), not a crypt filter's /Length (bytes) inside /CF.
  const lengthBits = num(topLevel(dict), 'Length') ?? 40;
  const encryptMetadata = !/\/EncryptMetadata\s+false/.test(dict);
  let empty: boolean | null;
  if (r >= 2 && r <= 4) {
    empty =
      id && u.length >= 32 && o.length >= 32 ? legacyEmptyUser(r, lengthBits, o, u, p, id, encryptMetadata) : null;
  } else if (r === 5 || r === 6) {
    const s = subtle();
    const key = `${r}:${Array.from(u.subarray(0, 48), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    const known = modernChecks.get(key);
    if (known !== undefined) empty = known;
    else {
      empty = s && u.length >= 48 ? await modernEmptyUser(r, u, s).catch(() => null) : null;
      if (empty !== null) {
        // A few recent answers: the same document is checked at compose time and again at send.
        if (modernChecks.size >= 64) modernChecks.delete(modernChecks.keys().next().value as string);
        modernChecks.set(key, empty);
      }
    }
  } else empty = null;
  if (empty === true) {
    return {
      secret: false,
      scheme: 'pdf-owner-only',
      reason: `PDF with an empty user password (R${r}, only an owner password): opens for anyone`,
    };
  }
  if (empty === null) {
    return {
      secret: null,
      scheme,
      reason: `PDF encrypted (R${r}); whether it opens without a password cannot be checked here`,
    };
  }
  return { secret: true, scheme, reason: `PDF encrypted with a user password (R${r}, ${scheme})` };
}
