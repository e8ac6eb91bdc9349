// Excel's built-in default password: a workbook "encrypted" with VelvetSweatshop (what Excel uses
// for a workbook with only write protection or protected structure) opens for anyone, so for
// 8.1.1(7) it is not encrypted. Checked against the FILEPASS verifier ([MS-XLS] 2.4.117,
// [MS-OFFCRYPTO] 2.3.6 RC4, 2.3.5 CryptoAPI RC4, 2.3.7 XOR obfuscation).
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { u16le, u32le } from './bytes.ts';
import { rc4 } from './rc4.ts';

export const DEFAULT_PASSWORD = 'VelvetSweatshop';

function utf16le(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) & 0xff;
    b[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return b;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** [MS-OFFCRYPTO] 2.3.7.1: the 16-bit verifier of XOR obfuscation. */
export function xorVerifier(password: string): number {
  const bytes = [password.length, ...Array.from(password, (c) => c.charCodeAt(0) & 0xff)];
  let v = 0;
  for (let i = bytes.length - 1; i >= 0; i--) {
    v = ((v & 0x4000 ? 1 : 0) | ((v * 2) & 0x7fff)) ^ (bytes[i] ?? 0);
  }
  return v ^ 0xce4b;
}

/** RC4 (vMajor 1): MD5-based key from password and salt; verifier and its MD5 decrypt with block 0's key. */
function rc4Opens(salt: Uint8Array, verifier: Uint8Array, hash: Uint8Array, password: string): boolean {
  const h0 = md5(utf16le(password)).subarray(0, 5);
  const chunk = concat(h0, salt);
  const buf = new Uint8Array(chunk.length * 16);
  for (let i = 0; i < 16; i++) buf.set(chunk, i * chunk.length);
  const base = md5(buf).subarray(0, 5);
  const key = md5(concat(base, new Uint8Array(4)));
  const plain = rc4(key, concat(verifier, hash));
  return equal(md5(plain.subarray(0, 16)), plain.subarray(16, 32));
}

/** CryptoAPI RC4: SHA-1 of salt and password, then of that and block 0; 40-bit keys padded to 128. */
function cryptoApiOpens(body: Uint8Array, password: string): boolean {
  const headerSize = u32le(body, 8);
  const h = body.subarray(12, 12 + headerSize);
  const keyBits = u32le(h, 16) || 40;
  const v = body.subarray(12 + headerSize);
  const saltSize = u32le(v, 0);
  if (saltSize !== 16 || v.length < 4 + 16 + 16 + 4 + 20) return false;
  const salt = v.subarray(4, 20);
  const verifier = v.subarray(20, 36);
  const hashSize = u32le(v, 36);
  const hash = v.subarray(40, 40 + hashSize);
  const h0 = sha1(concat(salt, utf16le(password)));
  const hf = sha1(concat(h0, new Uint8Array(4)));
  const key = new Uint8Array(16);
  key.set(hf.subarray(0, Math.min(20, keyBits / 8)));
  const plain = rc4(keyBits > 128 ? hf.subarray(0, keyBits / 8) : key, concat(verifier, hash));
  return equal(sha1(plain.subarray(0, 16)), plain.subarray(16, 16 + 20));
}

/** Whether a FILEPASS record's body (after the record header) is satisfied by the default password. */
export function opensWithDefaultPassword(body: Uint8Array, password = DEFAULT_PASSWORD): boolean {
  const type = u16le(body, 0);
  if (type === 0) return body.length >= 6 && u16le(body, 4) === xorVerifier(password);
  if (type !== 1) return false;
  const major = u16le(body, 2);
  const minor = u16le(body, 4);
  if (major === 1 && minor === 1) {
    if (body.length < 6 + 48) return false;
    return rc4Opens(body.subarray(6, 22), body.subarray(22, 38), body.subarray(38, 54), password);
  }
  if (major >= 2 && major <= 4 && minor === 2) return cryptoApiOpens(body.subarray(2), password);
  return false;
}
