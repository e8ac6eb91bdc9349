// RAR 4 and RAR 5 block headers (RARLAB's technical notes): file names, sizes and the password
// flags sit in plain headers, unless the whole header area is encrypted (then the names are hidden
// and the archive is encrypted). Stored (uncompressed) entries can be opened like zip entries.
import type { ByteSource } from './byte-source.ts';
import { sliceSource, WindowReader } from './byte-source.ts';
import { hasBytes, u16le, u32le } from './bytes.ts';
import { legacyName, utf8 } from './text.ts';
import { checkTime, type Budget } from './types.ts';
import type { Unreadable } from './zip-entry.ts';

export const RAR4_SIGNATURE = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00];
export const RAR5_SIGNATURE = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00];

export interface RarEntry {
  name: string;
  directory: boolean;
  encrypted: boolean;
  size: number;
  /** Where the packed data starts and how long it is; set for stored (uncompressed) entries. */
  stored?: { offset: number; length: number };
}

export interface RarListing {
  version: 4 | 5;
  /** The header area itself is encrypted: names cannot be read without the password. */
  headersEncrypted: boolean;
  entries: RarEntry[];
  problems: string[];
}

export class RarFormatError extends Error {
  override name = 'RarFormatError';
}

/** RAR 4 "Unicode" names: the OEM name, a NUL, then UTF-16 packed against that name. */
function rar4UnicodeName(field: Uint8Array): string {
  const zero = field.indexOf(0);
  if (zero < 0) return utf8(field);
  const oem = field.subarray(0, zero);
  const enc = field.subarray(zero + 1);
  const out: number[] = [];
  const max = 1024;
  let p = 0;
  const high = enc[p++] ?? 0;
  let flags = 0;
  let flagBits = 0;
  while (p < enc.length && out.length < max) {
    if (flagBits === 0) {
      flags = enc[p++] ?? 0;
      flagBits = 8;
    }
    const mode = flags >> 6;
    if (mode === 0) out.push(enc[p++] ?? 0);
    else if (mode === 1) out.push((enc[p++] ?? 0) + (high << 8));
    else if (mode === 2) {
      out.push((enc[p] ?? 0) | ((enc[p + 1] ?? 0) << 8));
      p += 2;
    } else {
      // A run copied from the OEM name, optionally shifted by a correction into the high page.
      let len = enc[p++] ?? 0;
      if (len & 0x80) {
        const corr = enc[p++] ?? 0;
        for (len = (len & 0x7f) + 2; len > 0 && out.length < max; len--)
          out.push((((oem[out.length] ?? 0) + corr) & 0xff) + (high << 8));
      } else for (len += 2; len > 0 && out.length < max; len--) out.push(oem[out.length] ?? 0);
    }
    flags = (flags << 2) & 0xff;
    flagBits -= 2;
  }
  return String.fromCharCode(...out);
}

async function listRar4(src: ByteSource, budget: Budget): Promise<RarListing> {
  // Headers sit between data areas: small windows, so jumping over data never decodes it.
  const r = new WindowReader(src, 4096);
  const listing: RarListing = { version: 4, headersEncrypted: false, entries: [], problems: [] };
  let p = RAR4_SIGNATURE.length;
  for (let blocks = 0; p + 7 <= src.size; blocks++) {
    if ((blocks & 255) === 255) checkTime(budget);
    if (listing.entries.length > budget.options.maxEntries)
      throw new RarFormatError(`more than ${budget.options.maxEntries} entries`);
    const h = await r.bytes(p, 7);
    const type = h[2] ?? 0;
    const flags = u16le(h, 3);
    const size = u16le(h, 5);
    if (size < 7) {
      listing.problems.push('damaged block header');
      break;
    }
    const body = await r.bytes(p, Math.min(size, 4096 + 64));
    let add = flags & 0x8000 ? u32le(body, 7) : 0;
    if (type === 0x73) {
      if (flags & 0x0080) {
        listing.headersEncrypted = true;
        return listing;
      }
    } else if (type === 0x74) {
      if (size < 32) {
        listing.problems.push('damaged file header');
        break;
      }
      let nameAt = 32;
      if (flags & 0x0100) {
        add += u32le(body, 32) * 0x100000000;
        nameAt = 40;
      }
      const unp = u32le(body, 11) + (flags & 0x0100 ? u32le(body, 36) * 0x100000000 : 0);
      const field = body.subarray(nameAt, nameAt + u16le(body, 26));
      const name = flags & 0x0200 ? rar4UnicodeName(field) : legacyName(field);
      const encrypted = (flags & 0x0004) !== 0;
      const entry: RarEntry = { name, directory: (flags & 0x00e0) === 0x00e0, encrypted, size: unp };
      if (!encrypted && body[25] === 0x30 && !(flags & 0x0003)) entry.stored = { offset: p + size, length: add };
      listing.entries.push(entry);
    } else if (type === 0x7b) break;
    const next = p + size + add;
    if (next <= p) break;
    p = next;
  }
  return listing;
}

/** A RAR 5 variable-length integer: 7 bits a byte, high bit continues. */
function vint(b: Uint8Array, o: number): [value: number, next: number] {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    const c = b[o + i];
    if (c === undefined) return [NaN, o + i];
    v += (c & 0x7f) * mul;
    mul *= 128;
    if (!(c & 0x80)) return [v, o + i + 1];
  }
  return [NaN, o + 10];
}

async function listRar5(src: ByteSource, budget: Budget): Promise<RarListing> {
  // Headers sit between data areas: small windows, so jumping over data never decodes it.
  const r = new WindowReader(src, 4096);
  const listing: RarListing = { version: 5, headersEncrypted: false, entries: [], problems: [] };
  let p = RAR5_SIGNATURE.length;
  for (let blocks = 0; p + 7 <= src.size; blocks++) {
    if ((blocks & 255) === 255) checkTime(budget);
    if (listing.entries.length > budget.options.maxEntries)
      throw new RarFormatError(`more than ${budget.options.maxEntries} entries`);
    const pre = await r.bytes(p, 4 + 3);
    const [hsize, afterSize] = vint(pre, 4);
    if (!(hsize >= 2 && hsize < 2 * 1024 * 1024)) {
      listing.problems.push('damaged block header');
      break;
    }
    const headerEnd = p + afterSize + hsize;
    const h = await r.bytes(p, afterSize + hsize);
    if (h.length < afterSize + hsize) {
      listing.problems.push('block header runs past the end of the file');
      break;
    }
    let [type, o] = vint(h, afterSize);
    let flags: number;
    [flags, o] = vint(h, o);
    let extraSize = 0;
    let dataSize = 0;
    if (flags & 1) [extraSize, o] = vint(h, o);
    if (flags & 2) [dataSize, o] = vint(h, o);
    if (
      !Number.isFinite(type) ||
      !Number.isFinite(flags) ||
      !Number.isFinite(extraSize) ||
      !Number.isFinite(dataSize)
    ) {
      listing.problems.push('damaged block header');
      break;
    }
    if (type === 4) {
      listing.headersEncrypted = true;
      return listing;
    }
    if (type === 2) {
      let fileFlags: number;
      let unp: number;
      [fileFlags, o] = vint(h, o);
      [unp, o] = vint(h, o);
      [, o] = vint(h, o); // attributes
      if (fileFlags & 2) o += 4;
      if (fileFlags & 4) o += 4;
      let comp: number;
      [comp, o] = vint(h, o);
      [, o] = vint(h, o); // host OS
      let nameLen: number;
      [nameLen, o] = vint(h, o);
      const name = utf8(h.subarray(o, o + Math.min(nameLen, 4096)));
      let encrypted = false;
      // The extra area is the last extraSize bytes of the header: records of size, type, data.
      const extra = h.subarray(Math.max(o + nameLen, h.length - extraSize), h.length);
      for (let q = 0; q < extra.length;) {
        const [rs, a] = vint(extra, q);
        const [rt] = vint(extra, a);
        if (!Number.isFinite(rs) || rs <= 0) break;
        if (rt === 1) encrypted = true;
        q = a + rs;
      }
      const entry: RarEntry = {
        name,
        directory: (fileFlags & 1) !== 0,
        encrypted,
        size: Number.isFinite(unp) ? unp : 0,
      };
      if (!encrypted && ((comp >> 7) & 7) === 0 && !(flags & 0x18))
        entry.stored = { offset: headerEnd, length: dataSize };
      listing.entries.push(entry);
    } else if (type === 5) break;
    const next = headerEnd + dataSize;
    if (!(next > p)) break;
    p = next;
  }
  return listing;
}

export async function listRar(src: ByteSource, budget: Budget): Promise<RarListing> {
  const sig = await src.read(0, 8);
  if (hasBytes(sig, 0, RAR5_SIGNATURE)) return listRar5(src, budget);
  if (hasBytes(sig, 0, RAR4_SIGNATURE)) return listRar4(src, budget);
  throw new RarFormatError('RAR signature of an unknown version');
}

/** A stored entry's bytes; compressed RAR data is not decoded here. */
export function rarEntryContent(src: ByteSource, e: RarEntry): ByteSource | Unreadable {
  if (e.encrypted) return { unreadable: 'encrypted' };
  if (!e.stored) return { unreadable: 'RAR compression is not decoded here' };
  if (e.stored.offset + e.stored.length > src.size) return { unreadable: 'entry data runs past the end of the file' };
  return sliceSource(src, e.stored.offset, e.stored.length);
}
