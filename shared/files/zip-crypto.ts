// Whether a zip entry that claims encryption really is encrypted: the local header must agree with
// the central directory, and the encryption must be there — WinZip AES (method 99 with its 0x9901
// extra field, room for salt, verifier and MAC) or ZipCrypto (a 12-byte header in front of the data).
// A plaintext entry with one flipped flag bit is read as what it is.
import type { ByteSource } from './byte-source.ts';
import { crc32, u16le, u32le } from './bytes.ts';
import { inflateRaw } from './inflate.ts';
import type { EncryptionKind } from './types.ts';
import type { ZipEntry } from './zip.ts';

export type EncryptionCheck =
  | { readonly kind: 'encrypted'; readonly scheme: EncryptionKind | null }
  | { readonly kind: 'plain'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

const AES_KINDS: Record<number, EncryptionKind> = { 1: 'aes-128', 2: 'aes-192', 3: 'aes-256' };
// Salt length per strength, + 2 bytes password verifier + 10 bytes authentication code.
const AES_OVERHEAD: Record<number, number> = { 1: 8 + 12, 2: 12 + 12, 3: 16 + 12 };
/** Deflated ZipCrypto candidates up to this size are tried as plain deflate (CRC and size must match). */
const PLAIN_TRY_LIMIT = 1024 * 1024;

/** The local extra field has a WinZip AES record (0x9901). */
function hasAesExtra(extra: Uint8Array): boolean {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = u16le(extra, p);
    const len = u16le(extra, p + 2);
    if (id === 0x9901 && len >= 7) return true;
    p += 4 + len;
  }
  return false;
}

export async function checkEncryption(src: ByteSource, e: ZipEntry): Promise<EncryptionCheck> {
  const h = await src.read(e.localOffset, 30);
  if (h.length < 30 || u32le(h, 0) !== 0x04034b50) return { kind: 'unknown', why: 'local header missing' };
  const localFlags = u16le(h, 6);
  const localMethod = u16le(h, 8);
  const nameLen = u16le(h, 26);
  const extraLen = u16le(h, 28);
  if (!(localFlags & 1) && localMethod !== 99) {
    return { kind: 'plain', why: 'the central directory claims encryption, the local header does not' };
  }
  if (!(e.flags & 1) && e.method !== 99) return { kind: 'plain', why: 'only the local header claims encryption' };
  if (e.method === 99 || localMethod === 99) {
    const extra = await src.read(e.localOffset + 30 + nameLen, extraLen);
    if (!(e.method === 99 && localMethod === 99 && e.aes && hasAesExtra(extra))) {
      return { kind: 'unknown', why: 'AES method without its extra field, or headers that disagree' };
    }
    const overhead = AES_OVERHEAD[e.aesStrength];
    const scheme = AES_KINDS[e.aesStrength];
    if (!overhead || !scheme) return { kind: 'unknown', why: `unknown AES strength ${e.aesStrength}` };
    if (e.compressedSize < overhead) return { kind: 'unknown', why: 'AES entry too short to hold salt and MAC' };
    return { kind: 'encrypted', scheme };
  }
  if (localFlags & 0x40 || e.flags & 0x40) return { kind: 'encrypted', scheme: null }; // PKWARE strong encryption
  // ZipCrypto: 12 random-looking bytes before the data, so the stored size is the plain size + 12.
  if (e.compressedSize < 12) return { kind: 'plain', why: 'too short to hold the ZipCrypto header' };
  if (e.method === 0 && e.compressedSize !== e.size + 12) {
    return { kind: 'plain', why: 'stored size leaves no room for the ZipCrypto header' };
  }
  if (e.method === 8 && e.compressedSize <= PLAIN_TRY_LIMIT && e.size <= PLAIN_TRY_LIMIT) {
    const at = e.localOffset + 30 + nameLen + extraLen;
    const data = await src.read(at, e.compressedSize);
    try {
      const r = inflateRaw(data, e.size + 1, e.size);
      if (r.complete && r.data.length === e.size && crc32(r.data) === e.crc) {
        return { kind: 'plain', why: 'the "encrypted" data inflates to the declared size and CRC' };
      }
    } catch {
      // Not plain deflate: encrypted, as claimed.
    }
  }
  return { kind: 'encrypted', scheme: 'zipcrypto' };
}
