// ZIP (PKWARE APPNOTE 6.3): the listing comes from the central directory at the end of the file,
// so names, sizes and encryption flags are read without decompressing anything.
import type { ByteSource } from './byte-source.ts';
import { WindowReader } from './byte-source.ts';
import { crc32, u16le, u32le, u64le } from './bytes.ts';
import { legacyName, utf8 } from './text.ts';
import { checkTime, type Budget } from './types.ts';

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOC64 = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
/** End record (22) + the longest comment (65,535). */
const EOCD_SEARCH = 22 + 0xffff;
const CENTRAL_FIXED = 46;

export interface ZipEntry {
  name: string;
  nameLength: number;
  extraLength: number;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  /** Where the local header starts, already corrected for data prepended to the archive. */
  localOffset: number;
  /** The central directory claims encryption (flag bit 0 or method 99); zip-crypto.ts checks it is really there. */
  encrypted: boolean;
  /** WinZip AES (method 99 with extra field 0x9901): the real method is inside the extra field. */
  aes: boolean;
  /** AES key strength from the 0x9901 field: 1 = 128, 2 = 192, 3 = 256 bits; 0 when absent. */
  aesStrength: number;
  realMethod: number;
  crc: number;
  directory: boolean;
}

export interface ZipListing {
  entries: ZipEntry[];
  /** Entries the directory declares. */
  declared: number;
  /** Why the listing is incomplete or untrustworthy; empty when it is whole. */
  problems: string[];
  /** Bytes before the archive (self-extractors, mail gateways prepend them). */
  shift: number;
  /** Where the central directory starts (corrected for the shift). */
  cdStart: number;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

interface EndRecord {
  pos: number;
  entries: number;
  cdSize: number;
  cdOffset: number;
  cdEnd: number;
  multiDisk: boolean;
}

/** Finds the end of central directory record, reading the last 22 bytes first (no comment, the usual case). */
async function findEnd(src: ByteSource): Promise<{ pos: number; rec: Uint8Array } | null> {
  if (src.size < 22) return null;
  const last = await src.read(src.size - 22, 22);
  if (u32le(last, 0) === SIG_EOCD && u16le(last, 20) === 0) return { pos: src.size - 22, rec: last };
  const n = Math.min(src.size, EOCD_SEARCH);
  const base = src.size - n;
  const tail = await src.read(base, n);
  let loose: { pos: number; rec: Uint8Array } | null = null;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] !== 0x50 || u32le(tail, i) !== SIG_EOCD) continue;
    const comment = u16le(tail, i + 20);
    const rec = tail.subarray(i, i + 22);
    // The record whose comment ends exactly at the end of the file is the real one.
    if (i + 22 + comment === tail.length) return { pos: base + i, rec };
    if (!loose && i + 22 + comment <= tail.length) loose = { pos: base + i, rec };
  }
  return loose;
}

async function endRecord(src: ByteSource): Promise<EndRecord | null> {
  const found = await findEnd(src);
  if (!found) return null;
  const { pos, rec } = found;
  const end: EndRecord = {
    pos,
    entries: u16le(rec, 10),
    cdSize: u32le(rec, 12),
    cdOffset: u32le(rec, 16),
    cdEnd: pos,
    multiDisk: u16le(rec, 4) !== 0 || u16le(rec, 6) !== 0,
  };
  if (end.entries === 0xffff || end.cdSize === 0xffffffff || end.cdOffset === 0xffffffff) {
    if (pos < 20) throw new ZipFormatError('ZIP64 end record locator missing');
    const loc = await src.read(pos - 20, 20);
    if (u32le(loc, 0) !== SIG_LOC64) throw new ZipFormatError('ZIP64 end record locator missing');
    const at = u64le(loc, 8);
    if (!(at + 56 <= pos)) throw new ZipFormatError('ZIP64 end record offset out of range');
    const r64 = await src.read(at, 56);
    if (u32le(r64, 0) !== SIG_EOCD64) throw new ZipFormatError('ZIP64 end record missing');
    end.entries = u64le(r64, 32);
    end.cdSize = u64le(r64, 40);
    end.cdOffset = u64le(r64, 48);
    end.cdEnd = at;
    end.multiDisk = end.multiDisk && (u32le(r64, 16) !== 0 || u32le(r64, 20) !== 0);
  }
  return end;
}

/** Whether the source looks like a zip from its end (an end record is there). */
export async function hasZipEnd(src: ByteSource): Promise<boolean> {
  try {
    return (await findEnd(src)) !== null;
  } catch {
    return false;
  }
}

/** An entry's name: UTF-8 with flag bit 11 or a matching Info-ZIP Unicode Path field, else the legacy code page. */
export function entryName(raw: Uint8Array, flags: number, extra: Uint8Array): string {
  if (flags & 0x800) return utf8(raw);
  // Info-ZIP Unicode Path (0x7075): a UTF-8 name, valid while its CRC matches the header's name.
  for (let p = 0; p + 4 <= extra.length;) {
    const id = u16le(extra, p);
    const len = u16le(extra, p + 2);
    if (id === 0x7075 && len >= 5 && extra[p + 4] === 1 && u32le(extra, p + 5) === crc32(raw)) {
      return utf8(extra.subarray(p + 9, p + 4 + len));
    }
    p += 4 + len;
  }
  return legacyName(raw);
}

/** Lists the central directory. Throws ZipFormatError when there is no usable directory at all. */
export async function listZip(src: ByteSource, budget: Budget): Promise<ZipListing> {
  const end = await endRecord(src);
  if (!end) throw new ZipFormatError('no end of central directory record');
  const problems: string[] = [];
  if (end.multiDisk) throw new ZipFormatError('split (multi-part) archive: only one part is here');
  const limit = budget.options.maxEntries;
  if (end.entries > limit) throw new ZipFormatError(`the directory claims ${end.entries} entries (limit ${limit})`);
  if (!(end.cdSize <= end.cdEnd)) throw new ZipFormatError('central directory larger than the file');
  if (end.entries * CENTRAL_FIXED > end.cdSize) {
    throw new ZipFormatError(
      `the directory claims ${end.entries} entries but has room for ${Math.floor(end.cdSize / CENTRAL_FIXED)}`,
    );
  }
  // Data prepended to the archive moves everything; the directory ends where the end record starts.
  const shift = end.cdEnd - end.cdSize - end.cdOffset;
  if (shift < 0) throw new ZipFormatError('central directory offset past its end');
  const start = end.cdOffset + shift;
  const reader = new WindowReader(src, 64 * 1024, end.cdEnd);
  const entries: ZipEntry[] = [];
  let p = start;
  for (let i = 0; i < end.entries; i++) {
    if ((i & 255) === 255) checkTime(budget);
    const h = await reader.bytes(p, CENTRAL_FIXED);
    if (h.length < CENTRAL_FIXED || u32le(h, 0) !== SIG_CENTRAL) {
      problems.push(`central directory entry ${i + 1} of ${end.entries} is damaged`);
      break;
    }
    const flags = u16le(h, 8);
    const method = u16le(h, 10);
    let compressedSize = u32le(h, 20);
    let size = u32le(h, 24);
    const nameLen = u16le(h, 28);
    const extraLen = u16le(h, 30);
    const commentLen = u16le(h, 32);
    const externalAttrs = u32le(h, 38);
    let localOffset = u32le(h, 42);
    const next = p + CENTRAL_FIXED + nameLen + extraLen + commentLen;
    if (next > end.cdEnd) {
      problems.push(`central directory entry ${i + 1} runs past the directory`);
      break;
    }
    const varPart = await reader.bytes(p + CENTRAL_FIXED, nameLen + extraLen);
    const rawName = varPart.subarray(0, nameLen);
    const extra = varPart.subarray(nameLen, nameLen + extraLen);
    let aes = false;
    let aesStrength = 0;
    let realMethod = method;
    for (let q = 0; q + 4 <= extra.length;) {
      const id = u16le(extra, q);
      const len = u16le(extra, q + 2);
      const body = extra.subarray(q + 4, q + 4 + len);
      if (id === 0x0001) {
        // ZIP64 extended information: present only for the fields that overflowed, in this order.
        let o = 0;
        if (size === 0xffffffff) ((size = u64le(body, o)), (o += 8));
        if (compressedSize === 0xffffffff) ((compressedSize = u64le(body, o)), (o += 8));
        if (localOffset === 0xffffffff) localOffset = u64le(body, o);
      } else if (id === 0x9901 && len >= 7) {
        aes = true;
        aesStrength = body[4] ?? 0;
        realMethod = u16le(body, 5);
      }
      q += 4 + len;
    }
    const name = entryName(rawName, flags, extra);
    const directory = /[/\\]$/.test(name) || ((externalAttrs & 0x10) !== 0 && size === 0 && (h[5] ?? 0) === 0);
    entries.push({
      name,
      nameLength: nameLen,
      extraLength: extraLen,
      flags,
      method,
      compressedSize,
      size,
      localOffset: localOffset + shift,
      encrypted: (flags & 1) !== 0 || method === 99,
      aes,
      aesStrength,
      realMethod,
      crc: u32le(h, 16),
      directory,
    });
    p = next;
  }
  return { entries, declared: end.entries, problems, shift, cdStart: start };
}
