// What a file is, from its first bytes: either a container whose parser must look further
// (archives, PDF, compound files) or a leaf whose verdict the head alone gives.
import { hasAscii, hasBytes, indexOfAscii, latin1 } from './bytes.ts';
import { sniffExecutable } from './executable-bytes.ts';
import { cmsKind } from './p7m.ts';
import { utf8Strict } from './text.ts';
import type { Encrypted, EncryptionKind, Executable, FileFormat } from './types.ts';

export type ContainerFormat = 'zip' | '7z' | 'rar' | 'pdf' | 'cfb' | 'tar' | 'gzip' | 'xz' | 'bzip2' | 'cab';

export type Sniff =
  | { readonly kind: 'container'; readonly format: ContainerFormat }
  | {
      readonly kind: 'leaf';
      readonly format: FileFormat;
      readonly encrypted: Encrypted;
      /** null: packed contents not opened here (cannot tell what runs inside). */
      readonly executable: Executable;
      readonly reason?: string;
      readonly encryption?: EncryptionKind;
    };

const SEVEN_ZIP = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const RAR = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

type Leaf = Extract<Sniff, { kind: 'leaf' }>;

const leaf = (format: FileFormat, encrypted: Encrypted, reason?: string, executable: Executable = false): Leaf =>
  reason === undefined
    ? { kind: 'leaf', format, encrypted, executable }
    : { kind: 'leaf', format, encrypted, executable, reason };

/** Media and data formats that have no encryption of their own: they are "not encrypted". */
function plainMedia(h: Uint8Array): string | null {
  if (hasBytes(h, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG image';
  if (hasBytes(h, 0, [0xff, 0xd8, 0xff])) return 'JPEG image';
  if (hasAscii(h, 0, 'GIF87a') || hasAscii(h, 0, 'GIF89a')) return 'GIF image';
  if (hasBytes(h, 0, [0x49, 0x49, 0x2a, 0x00]) || hasBytes(h, 0, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF image';
  if (hasAscii(h, 0, 'RIFF') && (hasAscii(h, 8, 'WEBP') || hasAscii(h, 8, 'WAVE') || hasAscii(h, 8, 'AVI ')))
    return 'RIFF media';
  if (hasAscii(h, 4, 'ftyp')) return 'MP4/QuickTime/HEIF media';
  if (hasAscii(h, 0, 'ID3') || hasAscii(h, 0, 'OggS') || hasAscii(h, 0, 'fLaC')) return 'audio';
  if (hasAscii(h, 0, '8BPS')) return 'Photoshop image';
  if (hasAscii(h, 0, 'BM') && h.length >= 26 && h[6] === 0 && h[7] === 0 && h[8] === 0 && h[9] === 0)
    return 'BMP image';
  return null;
}

/** Compressed or packed formats whose contents are not opened here: cannot tell what they hold. */
function opaquePacked(h: Uint8Array): string | null {
  if (hasBytes(h, 0, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (hasBytes(h, 0, [0x5d, 0x00, 0x00]) && (h[12] === 0x00 || h[12] === 0xff)) return 'lzma';
  return null;
}

/** Wrappers the engine opens (tar, gzip, xz, bzip2). */
function wrapper(h: Uint8Array): ContainerFormat | null {
  if (hasBytes(h, 0, [0x1f, 0x8b, 0x08])) return 'gzip';
  if (hasBytes(h, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (hasAscii(h, 0, 'BZh') && (h[3] ?? 0) >= 0x31 && (h[3] ?? 0) <= 0x39) return 'bzip2';
  if (hasAscii(h, 257, 'ustar')) return 'tar';
  if (hasAscii(h, 0, 'MSCF') && h[4] === 0 && h[5] === 0 && h[6] === 0 && h[7] === 0) return 'cab';
  return null;
}

/**
 * OpenPGP (RFC 9580): an armored or binary message that starts with a session key packet is
 * encrypted. Binary packets are checked field by field (version, algorithm, S2K type), so that
 * random bytes are not taken for one.
 */
function openPgp(h: Uint8Array): Encrypted | undefined {
  if (hasAscii(h, 0, '-----BEGIN PGP MESSAGE-----')) return true;
  const first = h[0] ?? 0;
  if (!(first & 0x80) || h.length < 16) return undefined;
  let tag: number;
  let body: number;
  if (first & 0x40) {
    tag = first & 0x3f;
    const l = h[1] ?? 0;
    if (l >= 224 && l < 255) return undefined; // partial lengths never start a session key packet
    body = l < 192 ? 2 : l < 224 ? 3 : 6;
  } else {
    tag = (first >> 2) & 0x0f;
    const lt = first & 3;
    if (lt === 3) return undefined;
    body = lt === 0 ? 2 : lt === 1 ? 3 : 5;
  }
  const version = h[body];
  const symmetric = (a: number | undefined) => a !== undefined && a >= 1 && a <= 13;
  if (tag === 1 && version === 3) {
    // Key ID (8 bytes), then the public-key algorithm: RSA, Elgamal, ECDH, X25519, X448.
    return [1, 2, 16, 18, 25, 26].includes(h[body + 9] ?? 0) ? true : undefined;
  }
  if (tag === 3 && version === 4) {
    // Symmetric algorithm, then the S2K specifier type (simple, salted, iterated, Argon2).
    return symmetric(h[body + 1]) && [0, 1, 3, 4].includes(h[body + 2] ?? 255) ? true : undefined;
  }
  return undefined;
}

/** Text: no NULs, valid UTF-8 (or an 8-bit encoding such as Shift_JIS), few control characters. */
function looksLikeText(h: Uint8Array): boolean {
  if (hasBytes(h, 0, [0xff, 0xfe]) || hasBytes(h, 0, [0xfe, 0xff])) return true;
  let controls = 0;
  for (let i = 0; i < h.length; i++) {
    const c = h[i] ?? 0;
    if (c === 0) return false;
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) controls++;
  }
  if (controls > h.length / 100 + 1) return false;
  // A head cut inside a multibyte character is still UTF-8: check all but the last 3 bytes.
  if (utf8Strict(h.subarray(0, Math.max(0, h.length - 3))) !== null) return true;
  // Shift_JIS and other 8-bit text: mostly printable, with high bytes as lead/trail pairs.
  let high = 0;
  for (let i = 0; i < h.length; i++) if ((h[i] ?? 0) >= 0x80) high++;
  return high < h.length * 0.7;
}

const HTML_START =
  /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|script|iframe|frameset|svg|meta|title|form)[\s>/]/i;
const HTML_ANY = /<(?:html|body|script|iframe|frameset)[\s>]/i;

/** Classifies a file from its head (the first HEAD_BYTES, or all of it) and its size. */
export function sniff(head: Uint8Array, size: number): Sniff {
  if (size === 0) return leaf('empty', false);
  const exe = sniffExecutable(head);
  if (exe) return leaf(exe.format, false, exe.reason, true);
  if (
    hasAscii(head, 0, 'PK') &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6) || (head[2] === 7 && head[3] === 8))
  ) {
    return { kind: 'container', format: 'zip' };
  }
  if (hasBytes(head, 0, SEVEN_ZIP)) return { kind: 'container', format: '7z' };
  if (hasBytes(head, 0, RAR)) return { kind: 'container', format: 'rar' };
  if (hasBytes(head, 0, CFB)) return { kind: 'container', format: 'cfb' };
  // PDF readers accept the header anywhere in the first kilobyte.
  if (indexOfAscii(head, '%PDF-', 0, 1024) >= 0) return { kind: 'container', format: 'pdf' };
  const wrapped = wrapper(head);
  if (wrapped) return { kind: 'container', format: wrapped };
  const cms = cmsKind(head);
  if (cms) {
    const l = leaf('p7m', cms.encrypted, `S/MIME ${cms.kind}`);
    return cms.encrypted ? { ...l, encryption: 'smime' } : l;
  }
  const pgp = openPgp(head);
  if (pgp !== undefined) return { ...leaf('unknown', pgp, 'OpenPGP encrypted message'), encryption: 'openpgp' };
  const media = plainMedia(head);
  if (media) return leaf('unknown', false, `${media} (has no encryption of its own)`);
  const packed = opaquePacked(head);
  if (packed) return leaf('unknown', null, `${packed} contents are not opened here`, null);
  if (looksLikeText(head)) {
    if (head.subarray(0, 2048).includes(0x3c)) {
      const text = latin1(head, 0, Math.min(head.length, 2048)).replace(/^\ufeff|^\xef\xbb\xbf/, '');
      if (HTML_START.test(text) || HTML_ANY.test(text)) return leaf('html', false);
    }
    return leaf('text', false);
  }
  return leaf('unknown', null, 'unrecognised format');
}
