// Little-endian and big-endian readers that never throw: out-of-range reads give 0, and the
// parsers check lengths themselves before trusting what they read.

export function u8(b: Uint8Array, o: number): number {
  return b[o] ?? 0;
}

export function u16le(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}

export function u32le(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16)) + (b[o + 3] ?? 0) * 0x1000000;
}

/** A 64-bit little-endian value as a number; values past 2^53 come back as Infinity (treated as "too big"). */
export function u64le(b: Uint8Array, o: number): number {
  const hi = u32le(b, o + 4);
  if (hi >= 0x200000) return Infinity;
  return hi * 0x100000000 + u32le(b, o);
}

export function u16be(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
}

export function u32be(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) * 0x1000000 + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
}

/** Whether `b` holds `magic` at offset `o`. */
export function hasBytes(b: Uint8Array, o: number, magic: ArrayLike<number>): boolean {
  if (o < 0 || o + magic.length > b.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[o + i] !== magic[i]) return false;
  return true;
}

/** Whether `b` holds the ASCII text `s` at offset `o`. */
export function hasAscii(b: Uint8Array, o: number, s: string): boolean {
  if (o < 0 || o + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[o + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Last index of the ASCII text `s` in `b` at or before `from`, or -1. */
export function lastIndexOfAscii(b: Uint8Array, s: string, from = b.length - s.length): number {
  const first = s.charCodeAt(0);
  for (let i = Math.min(from, b.length - s.length); i >= 0; i--) {
    if (b[i] === first && hasAscii(b, i, s)) return i;
  }
  return -1;
}

/** First index of the ASCII text `s` in `b` at or after `from` (and ending before `to`), or -1. */
export function indexOfAscii(b: Uint8Array, s: string, from = 0, to = b.length): number {
  const first = s.charCodeAt(0);
  const end = Math.min(to, b.length) - s.length;
  // The native indexOf finds candidates for the first byte; only those are compared in full.
  for (let i = b.indexOf(first, Math.max(0, from)); i >= 0 && i <= end; i = b.indexOf(first, i + 1)) {
    if (hasAscii(b, i, s)) return i;
  }
  return -1;
}

// windows-1252 (what TextDecoder calls "latin1") maps every byte to exactly one UTF-16 unit, so
// offsets in the text are offsets in the bytes; where a runtime lacks it, a char-code loop does.
let latin1Decoder: TextDecoder | null | undefined;

/** Bytes as one-char-per-byte text, for searching PDF and header syntax. */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  const view = b.subarray(start, Math.min(end, b.length));
  if (latin1Decoder === undefined) {
    try {
      latin1Decoder = new TextDecoder('latin1');
    } catch {
      latin1Decoder = null;
    }
  }
  if (latin1Decoder) return latin1Decoder.decode(view);
  let s = '';
  for (let i = 0; i < view.length; i += 4096) s += String.fromCharCode(...view.subarray(i, i + 4096));
  return s;
}

/** CRC-32 (IEEE), used to check the Info-ZIP Unicode path field against the name it replaces. */
let crcTable: Uint32Array | undefined;
export function crc32(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = (crcTable[(c ^ (b[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Bytes as lowercase hex, e.g. a CLSID or a coder id. */
export function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += ((b[i] ?? 0) < 16 ? '0' : '') + (b[i] ?? 0).toString(16);
  return s;
}
