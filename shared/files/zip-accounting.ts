// A zip whose central directory cannot be trusted (missing, split, damaged, pointing nowhere) is
// "cannot tell" — unless the file can be accounted for without it. The principle:
//
//   When the directory cannot be trusted, the verdict may still be "no program" if a complete scan
//   of the local headers accounts for the whole file: every local entry is found by its signature
//   ("PK\3\4" anywhere in the file, not only where a walk from the start would land), each entry's
//   data span is known (from its sizes, or from a data descriptor that is found and checks out), no
//   entry is cut short by the end of the file, no signature lies inside another entry's header or
//   data (an entry hidden there, which a scanning tool would find), and every central directory
//   record still in the file (found by "PK\1\2") either names an accounted entry with the same
//   method, encryption and sizes or points at no local header at all (every extractor checks the
//   local signature before it reads data: Python's zipfile, unzip, 7-Zip, libarchive, Java, .NET).
//   Then what any tool can extract is one of the accounted entries' contents, under one of the
//   names found in a local header or a directory record — and those are judged like any listed
//   entry (names, heads by bytes, nested archives), with two differences: every head must be read
//   (an entry whose bytes cannot be decoded is not judged by its name here: a tool writes out what
//   it decodes before the damage), and masked local headers (an encrypted directory) are not
//   accounted for at all. A stretch between entries that holds no signature cannot hold another
//   entry. A local header whose data would start at or past the end of the file holds no data; its
//   name is still judged (7-Zip writes an empty file under it).
//
// Anything short of that complete accounting leaves the answer "cannot tell" (zip-report.ts).
// A file with no local entry and no directory record at all holds nothing any tool can extract.
// Checked against 7-Zip and unzip by the fuzz oracle in test/unit/files/fuzz.test.ts.
import type { ByteSource } from './byte-source.ts';
import { crc32, u16le, u32le, u64le } from './bytes.ts';
import { inflateRaw } from './inflate.ts';
import { checkTime, type Budget } from './types.ts';
import { entryName, type ZipEntry } from './zip.ts';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
/** Larger files are not accounted for here (the answer stays "cannot tell"). */
const MAX_FILE = 64 * 1024 * 1024;
/** A data descriptor is searched for this far past its entry's data start. */
const MAX_DESCRIPTOR_SEARCH = 16 * 1024 * 1024;
const MAX_RECORDS = 20_000;

export interface CentralRecord {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type Accounting =
  | {
      readonly complete: true;
      /** Local entries with data in the file (a header cut off before its data holds nothing). */
      readonly entries: ZipEntry[];
      /** Names in the central directory records still in the file, and in local headers with no data here. */
      readonly centralNames: string[];
      /** Local headers that end at or past the end of the file: no data of theirs is here. */
      readonly empty: number;
    }
  | { readonly complete: false; readonly why: string };

interface Signatures {
  local: number[];
  central: number[];
  ends: number[];
  ends64: number[];
}

function findSignatures(buf: Uint8Array): Signatures | string {
  const s: Signatures = { local: [], central: [], ends: [], ends64: [] };
  for (let i = buf.indexOf(0x50); i >= 0 && i + 4 <= buf.length; i = buf.indexOf(0x50, i + 1)) {
    if (buf[i + 1] !== 0x4b) continue;
    const sig = u32le(buf, i);
    if (sig === SIG_LOCAL) s.local.push(i);
    else if (sig === SIG_CENTRAL) s.central.push(i);
    else if (sig === SIG_EOCD) s.ends.push(i);
    else if (sig === SIG_EOCD64) s.ends64.push(i);
    if (s.local.length + s.central.length > MAX_RECORDS) return `more than ${MAX_RECORDS} records`;
  }
  return s;
}

/** ZIP64 sizes in a local or central extra field, for the fields that overflowed. */
export function zip64Sizes(extra: Uint8Array, size: number, csize: number): { size: number; csize: number } | null {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = u16le(extra, p);
    const len = u16le(extra, p + 2);
    if (id === 0x0001) {
      const body = extra.subarray(p + 4, p + 4 + len);
      let o = 0;
      if (size === 0xffffffff) {
        if (o + 8 > body.length) return null;
        size = u64le(body, o);
        o += 8;
      }
      if (csize === 0xffffffff) {
        if (o + 8 > body.length) return null;
        csize = u64le(body, o);
      }
      return { size, csize };
    }
    p += 4 + len;
  }
  return size === 0xffffffff || csize === 0xffffffff ? null : { size, csize };
}

function aesInfo(extra: Uint8Array): { strength: number; method: number } | null {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = u16le(extra, p);
    const len = u16le(extra, p + 2);
    if (id === 0x9901 && len >= 7 && p + 11 <= extra.length)
      return { strength: extra[p + 8] ?? 0, method: u16le(extra, p + 9) };
    p += 4 + len;
  }
  return null;
}

interface Descriptor {
  csize: number;
  size: number;
  crc: number;
  length: number;
}

/**
 * Where the data of an entry with a data descriptor (flag bit 3) ends: the first descriptor after
 * the data start whose compressed size is the distance to it and whose CRC and size match what
 * the data decodes to. Deflate data must also end exactly there (tools inflate to the stream's end,
 * then read the descriptor). Stored data has no end of its own, so a second place a tool could
 * take for its end (another signed descriptor whose size is the distance to it) makes the span
 * ambiguous. A string says why no span is known.
 */
function findDescriptor(buf: Uint8Array, start: number, method: number, maxSize: number): Descriptor | string {
  if (method !== 0 && method !== 8) return `data descriptor after compression method ${method}`;
  const stop = Math.min(buf.length, start + MAX_DESCRIPTOR_SEARCH);
  let found: Descriptor | null = null;
  for (let q = start; q + 12 <= stop; q++) {
    const signed = u32le(buf, q) === SIG_DESCRIPTOR;
    const at = signed ? q + 4 : q;
    if (at + 12 > buf.length) continue;
    const csize = u32le(buf, at + 4);
    if (csize !== q - start) continue;
    if (found) {
      if (method === 0 && signed) return 'two places where its stored data could end';
      continue;
    }
    const crc = u32le(buf, at);
    const size = u32le(buf, at + 8);
    const data = buf.subarray(start, q);
    const d = { csize, size, crc, length: (signed ? 4 : 0) + 12 };
    if (method === 0) {
      if (size === csize && crc32(data) === crc) found = d;
      else if (signed) return 'a data descriptor that does not match its stored data';
      continue;
    }
    if (size > maxSize || size > csize * 1032 + 1024) continue;
    try {
      const r = inflateRaw(data, size + 1, size);
      if (!(r.complete && r.data.length === size && crc32(r.data) === crc)) continue;
      // The stream must need its last byte: else it ended before, where a tool would look.
      if (csize > 0 && inflateRaw(data.subarray(0, csize - 1), size + 1, size).complete)
        return 'its deflate data ends before its data descriptor';
      return d;
    } catch {
      // not this one
    }
  }
  return found ?? 'its data descriptor was not found';
}

/** Accounts for a zip file by its local headers (see the principle above). */
export async function accountZip(src: ByteSource, budget: Budget): Promise<Accounting> {
  if (src.size > MAX_FILE)
    return { complete: false, why: `too large to account for entry by entry (${src.size} bytes)` };
  checkTime(budget);
  const buf = await src.read(0, src.size);
  if (buf.length < src.size) return { complete: false, why: 'the file could not be read whole' };
  const sigs = findSignatures(buf);
  if (typeof sigs === 'string') return { complete: false, why: sigs };
  const entries: ZipEntry[] = [];
  let empty = 0;
  const emptyNames: string[] = [];
  let cursor = 0;
  for (const at of sigs.local) {
    if (at < cursor) return { complete: false, why: `a local header at offset ${at} lies inside another entry` };
    if (at + 30 > buf.length) {
      // The header itself is cut off: no name, no data — nothing to extract.
      empty++;
      cursor = buf.length;
      continue;
    }
    const flags = u16le(buf, at + 6);
    const method = u16le(buf, at + 8);
    const nameLen = u16le(buf, at + 26);
    const extraLen = u16le(buf, at + 28);
    const dataAt = at + 30 + nameLen + extraLen;
    if (dataAt >= buf.length) {
      // Its data would begin at or past the end of the file: none of it is here. A tool may still
      // write out an empty file under its name (7-Zip does), so the name (what is left of it) is judged.
      empty++;
      const raw = buf.subarray(at + 30, Math.min(buf.length, at + 30 + nameLen));
      if (raw.length) emptyNames.push(entryName(raw, flags, new Uint8Array(0)));
      cursor = buf.length;
      continue;
    }
    // PKWARE strong encryption with an encrypted directory (flag bit 13) masks the local header:
    // its name is a placeholder, the real one is behind the password.
    if (flags & 0x2000)
      return { complete: false, why: 'local headers masked (encrypted directory): the names are hidden' };
    const raw = buf.subarray(at + 30, at + 30 + nameLen);
    const extra = buf.subarray(at + 30 + nameLen, dataAt);
    const name = entryName(raw, flags, extra);
    let crc = u32le(buf, at + 14);
    let csize: number;
    let size: number;
    let end: number;
    if (flags & 8) {
      const d = findDescriptor(buf, dataAt, method, budget.options.maxNestedSize);
      if (typeof d === 'string') return { complete: false, why: `${name}: ${d}` };
      ({ csize, size, crc } = d);
      end = dataAt + csize + d.length;
    } else {
      const z = zip64Sizes(extra, u32le(buf, at + 22), u32le(buf, at + 18));
      if (!z) return { complete: false, why: `${name}: ZIP64 sizes missing from its local header` };
      ({ csize, size } = z);
      end = dataAt + csize;
      if (end > buf.length)
        return { complete: false, why: `${name}: its data runs past the end of the file (cut short)` };
    }
    const aes = method === 99 ? aesInfo(extra) : null;
    entries.push({
      name,
      nameLength: nameLen,
      extraLength: extraLen,
      flags,
      method,
      compressedSize: csize,
      size,
      localOffset: at,
      encrypted: (flags & 1) !== 0 || method === 99,
      aes: aes !== null,
      aesStrength: aes?.strength ?? 0,
      realMethod: aes?.method ?? method,
      crc,
      directory: /[/\\]$/.test(name) && csize === 0,
    });
    cursor = end;
  }
  // Where a reader may place the directory's offsets: as written, or moved by data before the
  // archive, reckoned from an end record (as zipfile and unzip do) or from the first record found.
  const shifts = new Set<number>([0]);
  for (const e of sigs.ends) {
    if (e + 22 > buf.length) continue;
    const cdSize = u32le(buf, e + 12);
    const cdOffset = u32le(buf, e + 16);
    shifts.add(e - cdSize - cdOffset);
    if (sigs.central[0] !== undefined) shifts.add(sigs.central[0] - cdOffset);
  }
  for (const e of sigs.ends64) {
    if (e + 56 > buf.length) continue;
    const cdSize = u64le(buf, e + 40);
    const cdOffset = u64le(buf, e + 48);
    shifts.add(e - cdSize - cdOffset);
    if (sigs.central[0] !== undefined) shifts.add(sigs.central[0] - cdOffset);
  }
  const byOffset = new Map(entries.map((e) => [e.localOffset, e]));
  const centralNames: string[] = [];
  for (const c of sigs.central) {
    if (c + 46 > buf.length) return { complete: false, why: `a central directory record at offset ${c} is cut short` };
    const flags = u16le(buf, c + 8);
    const method = u16le(buf, c + 10);
    const nameLen = u16le(buf, c + 28);
    const extraLen = u16le(buf, c + 30);
    if (c + 46 + nameLen + extraLen > buf.length)
      return { complete: false, why: `a central directory record at offset ${c} is cut short` };
    const raw = buf.subarray(c + 46, c + 46 + nameLen);
    const extra = buf.subarray(c + 46 + nameLen, c + 46 + nameLen + extraLen);
    const name = entryName(raw, flags, extra);
    centralNames.push(name);
    let size = u32le(buf, c + 24);
    let csize = u32le(buf, c + 20);
    let offset = u32le(buf, c + 42);
    // ZIP64 fields (size, compressed size, offset, in that order, for those that overflowed).
    for (let p = 0; p + 4 <= extra.length;) {
      const id = u16le(extra, p);
      const len = u16le(extra, p + 2);
      if (id === 0x0001) {
        const body = extra.subarray(p + 4, p + 4 + len);
        let o = 0;
        if (size === 0xffffffff && o + 8 <= body.length) ((size = u64le(body, o)), (o += 8));
        if (csize === 0xffffffff && o + 8 <= body.length) ((csize = u64le(body, o)), (o += 8));
        if (offset === 0xffffffff && o + 8 <= body.length) offset = u64le(body, o);
      }
      p += 4 + len;
    }
    const encrypted = (flags & 1) !== 0 || method === 99;
    for (const s of shifts) {
      const local = byOffset.get(offset + s);
      if (!local) continue; // no local header there: a reader checking the signature extracts nothing
      if (
        local.method !== method ||
        local.encrypted !== encrypted ||
        local.compressedSize !== csize ||
        local.size !== size
      ) {
        return {
          complete: false,
          why: `${name}: its central directory record disagrees with the local header it points to`,
        };
      }
    }
  }
  return { complete: true, entries, centralNames: [...centralNames, ...emptyNames], empty };
}
