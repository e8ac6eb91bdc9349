// tar, gzip and xz wrappers, opened so what they hold is judged like any archive's entries:
// tar (POSIX ustar, GNU long names, pax paths) lists 512-byte headers in front of each file; gzip
// (RFC 1952) and xz (LZMA2, with the BCJ/ARM/Delta filters) are decompressed within the budget and
// their content inspected. bzip2 has no decoder here: "cannot tell". Nothing here is "no program"
// unless all of it was read.
import type { ByteSource } from './byte-source.ts';
import { bytesSource, sliceSource } from './byte-source.ts';
import { judgeItems, listingReport, type ArchiveItem, type NestedInspect } from './archive.ts';
import { branchFilter } from './branch-filters.ts';
import { latin1, u16le } from './bytes.ts';
import { baseName } from './executable-names.ts';
import { inflateRaw } from './inflate.ts';
import { lzma2Decode } from './lzma.ts';
import { utf8 } from './text.ts';
import { checkTime, type Budget, type FileReport } from './types.ts';

const MIB = 1024 * 1024;

const cannotTell = (format: FileReport['format'], why: string): FileReport => ({
  format,
  encrypted: null,
  encryption: null,
  executable: null,
  confidentialMarker: false,
  entries: [],
  reasons: [`cannot tell: ${why}`],
});

function cString(b: Uint8Array, from: number, len: number): string {
  const end = b.subarray(from, from + len).indexOf(0);
  return utf8(b.subarray(from, end < 0 ? from + len : from + end));
}

function octal(b: Uint8Array, from: number, len: number): number {
  // GNU base-256 for sizes over 8 GiB: the first byte's high bit.
  if ((b[from] ?? 0) & 0x80) {
    let v = (b[from] ?? 0) & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + (b[from + i] ?? 0);
    return v;
  }
  const s = latin1(b, from, from + len)
    .replace(/[\0 ]+$/, '')
    .trim();
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : NaN;
}

function checksumOk(h: Uint8Array): boolean {
  const want = octal(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] ?? 0);
  return sum === want;
}

export async function inspectTar(
  src: ByteSource,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  const items: ArchiveItem[] = [];
  const problems: string[] = [];
  let longName: string | null = null;
  let p = 0;
  for (let n = 0; p + 512 <= src.size; n++) {
    if ((n & 63) === 63) checkTime(budget);
    if (items.length > budget.options.maxEntries) {
      problems.push(`more than ${budget.options.maxEntries} entries`);
      break;
    }
    const h = await src.read(p, 512);
    if (h.every((x) => x === 0)) break; // end of archive
    if (!checksumOk(h)) {
      problems.push(`damaged tar header at byte ${p}`);
      break;
    }
    const size = octal(h, 124, 12);
    if (!Number.isFinite(size) || p + 512 + size > src.size) {
      problems.push(`tar entry at byte ${p} runs past the end of the file`);
      break;
    }
    const type = String.fromCharCode(h[156] ?? 0);
    const dataAt = p + 512;
    if (type === 'L' || type === 'x') {
      const body = await src.read(dataAt, Math.min(size, 64 * 1024));
      if (type === 'L') longName = cString(body, 0, body.length);
      else {
        const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(utf8(body));
        if (path) longName = path[1] ?? null;
      }
    } else if (type !== 'g') {
      const prefix = latin1(h, 257, 262) === 'ustar' ? cString(h, 345, 155) : '';
      const name = longName ?? (prefix ? `${prefix}/${cString(h, 0, 100)}` : cString(h, 0, 100));
      longName = null;
      const regular = type === '0' || type === '\0' || type === '7';
      const content = sliceSource(src, dataAt, size);
      items.push({
        name,
        directory: type === '5' || (!regular && size === 0),
        encrypted: false,
        size: regular ? size : 0,
        head: async (k) => content.read(0, k),
        content: async () => content,
      });
    }
    p = dataAt + Math.ceil(size / 512) * 512;
  }
  return listingReport('tar', await judgeItems(items, budget, depth, inspect), problems);
}

/** Opens what a compressor wrapped as one nested file, named like the wrapper without its extension. */
async function nested(
  format: FileReport['format'],
  data: Uint8Array,
  innerName: string,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  budget.inflated += data.length;
  const item: ArchiveItem = {
    name: innerName,
    directory: false,
    encrypted: false,
    size: data.length,
    head: async (k) => data.subarray(0, k),
    content: async () => bytesSource(data),
  };
  const verdict = await judgeItems([item], budget, depth, inspect);
  return {
    format,
    encrypted: verdict.encrypted,
    encryption: verdict.encryption,
    executable: verdict.executable,
    confidentialMarker: false,
    entries: verdict.entries,
    reasons: verdict.reasons,
  };
}

function capFor(budget: Budget): number {
  const o = budget.options;
  return Math.max(0, Math.min(o.maxNestedSize, o.maxInflateTotal - budget.inflated));
}

export async function inspectGzip(
  src: ByteSource,
  name: string,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  const h = await src.read(0, Math.min(src.size, 64 * 1024));
  const flags = h[3] ?? 0;
  let p = 10;
  if (flags & 4) p += 2 + u16le(h, p);
  let inner = baseName(name).replace(/\.(t?gz|gzip)$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : ''));
  if (flags & 8) {
    const end = h.indexOf(0, p);
    if (end < 0) return cannotTell('gzip', 'gzip header is damaged');
    inner = baseName(latin1(h, p, end)) || inner;
    p = end + 1;
  }
  if (flags & 16) {
    const end = h.indexOf(0, p);
    if (end < 0) return cannotTell('gzip', 'gzip header is damaged');
    p = end + 1;
  }
  if (flags & 2) p += 2;
  if (p >= src.size) return cannotTell('gzip', 'gzip header is damaged');
  const cap = capFor(budget);
  const packed = Math.min(src.size - p, budget.options.maxNestedSize);
  if (src.size - p > budget.options.maxNestedSize) return cannotTell('gzip', 'too large to decompress for inspection');
  const input = await src.read(p, packed);
  let data: Uint8Array;
  try {
    const r = inflateRaw(input, cap, Math.min(cap, input.length * 4));
    if (r.overLimit) return cannotTell('gzip', `decompresses to more than ${cap} bytes`);
    if (r.data.length > MIB && r.data.length / Math.max(1, r.consumed) > budget.options.maxRatio)
      return cannotTell('gzip', 'compression ratio too high (a bomb?)');
    if (!r.complete) return cannotTell('gzip', 'gzip data is cut off');
    data = r.data;
  } catch (e) {
    return cannotTell('gzip', `gzip data is damaged (${(e as Error).message})`);
  }
  return nested('gzip', data, inner || 'content', budget, depth, inspect);
}

/** xz filter IDs → the 7z filter implementations (same algorithms). */
const XZ_FILTERS: Record<number, string> = {
  3: '03',
  4: '03030103',
  5: '03030205',
  7: '03030501',
  8: '03030701',
  9: '03030805',
};

function vli(b: Uint8Array, o: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 9; i++) {
    const c = b[o + i];
    if (c === undefined) return [NaN, o + i];
    v += (c & 0x7f) * mul;
    mul *= 128;
    if (!(c & 0x80)) return [v, o + i + 1];
  }
  return [NaN, o + 9];
}

export async function inspectXz(
  src: ByteSource,
  name: string,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  const inner = baseName(name).replace(/\.(txz|xz)$/i, (m) => (m.toLowerCase() === '.txz' ? '.tar' : ''));
  const cap = capFor(budget);
  if (src.size > budget.options.maxNestedSize) return cannotTell('xz', 'too large to decompress for inspection');
  const all = await src.read(0, src.size);
  let p = 12;
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    // One stream, blocks until the index (a zero byte where a block header size would be).
    while (p < all.length && all[p] !== 0) {
      checkTime(budget);
      const hsize = ((all[p] ?? 0) + 1) * 4;
      const bh = all.subarray(p, p + hsize);
      const bflags = bh[1] ?? 0;
      let o = 2;
      if (bflags & 0x40) [, o] = vli(bh, o);
      if (bflags & 0x80) [, o] = vli(bh, o);
      const filters: { id: number; props: Uint8Array }[] = [];
      for (let i = 0; i < (bflags & 3) + 1; i++) {
        let id: number;
        let ps: number;
        [id, o] = vli(bh, o);
        [ps, o] = vli(bh, o);
        filters.push({ id, props: bh.subarray(o, o + ps) });
        o += ps;
      }
      const last = filters[filters.length - 1];
      if (!last || last.id !== 0x21) return cannotTell('xz', 'xz block without LZMA2 is not decoded here');
      for (const f of filters.slice(0, -1))
        if (!XZ_FILTERS[f.id]) return cannotTell('xz', `xz filter ${f.id} is not decoded here`);
      // LZMA2 knows where it ends; the block's size is found from how far it read.
      const start = p + hsize;
      let data = lzma2Decode(all.subarray(start), -1, cap - total);
      for (const f of filters.slice(0, -1).reverse()) data = branchFilter(XZ_FILTERS[f.id] as string, f.props, data);
      parts.push(data);
      total += data.length;
      // Walk to the end of this block: LZMA2 chunks, padding to 4, then the check.
      let q = start;
      for (;;) {
        const c = all[q] ?? 0;
        if (c === 0) {
          q++;
          break;
        }
        if (c === 1 || c === 2) q += 3 + (((all[q + 1] ?? 0) << 8) | (all[q + 2] ?? 0)) + 1;
        else q += 5 + (c >= 0xc0 ? 1 : 0) + (((all[q + 3] ?? 0) << 8) | (all[q + 4] ?? 0)) + 1;
        if (q > all.length) throw new Error('xz block cut off');
      }
      while ((q - start) % 4) q++;
      const check = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64][(all[7] ?? 0) & 15] ?? 0;
      p = q + check;
    }
  } catch (e) {
    return cannotTell('xz', `xz data is damaged or too large (${(e as Error).message})`);
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (const x of parts) {
    data.set(x, at);
    at += x.length;
  }
  return nested('xz', data, inner || 'content', budget, depth, inspect);
}

export function inspectBzip2(): FileReport {
  return cannotTell('bzip2', 'bzip2 contents are not decompressed here');
}
