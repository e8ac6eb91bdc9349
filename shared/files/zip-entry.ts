// The bytes of one zip entry: a view for stored entries, a size- and ratio-limited inflate for
// deflated ones. Only what a verdict needs is decompressed: a head to sniff, or a nested archive.
import type { ByteSource } from './byte-source.ts';
import { bytesSource, sliceSource } from './byte-source.ts';
import { u16le, u32le } from './bytes.ts';
import { inflateHead, inflateRaw, WHOLE_PEEK_LIMIT } from './inflate.ts';
import type { Budget } from './types.ts';
import type { ZipEntry } from './zip.ts';

/** Why an entry's bytes could not be had; the entry is then judged by its name alone. */
export interface Unreadable {
  readonly unreadable: string;
  /**
   * The bytes are damaged or missing (not merely in a format not decoded here): a tool may still
   * write out what it decodes, so the entry's name proves nothing about its content.
   */
  readonly damaged?: true;
}

export const isUnreadable = (x: unknown): x is Unreadable => typeof x === 'object' && x !== null && 'unreadable' in x;

const MIB = 1024 * 1024;

async function dataOffset(src: ByteSource, e: ZipEntry): Promise<number | Unreadable> {
  const h = await src.read(e.localOffset, 30);
  if (h.length < 30 || u32le(h, 0) !== 0x04034b50) return { unreadable: 'local header missing', damaged: true };
  const at = e.localOffset + 30 + u16le(h, 26) + u16le(h, 28);
  if (at + e.compressedSize > src.size)
    return { unreadable: 'entry data runs past the end of the file', damaged: true };
  return at;
}

/** Compression methods real writers use that are not decoded here (APPNOTE 4.4.5). */
const KNOWN_METHODS = new Set([1, 2, 3, 4, 5, 6, 9, 10, 12, 14, 18, 19, 93, 94, 95, 96, 97, 98]);

function plainMethod(e: ZipEntry): Unreadable | null {
  if (e.encrypted) return { unreadable: 'encrypted' };
  if (e.method !== 0 && e.method !== 8) {
    if (KNOWN_METHODS.has(e.method)) return { unreadable: `compression method ${e.method} is not decoded here` };
    return { unreadable: `compression method ${e.method} is no known method (a damaged header)`, damaged: true };
  }
  return null;
}

/** The first `n` bytes of an entry's content: one read for the local header and the head together. */
export async function zipEntryHead(
  src: ByteSource,
  e: ZipEntry,
  n: number,
  /** Given the local header's raw name when it differs from the central directory's length or bytes. */
  onLocalName?: (raw: Uint8Array, flags: number) => void,
): Promise<Uint8Array | Unreadable> {
  const bad = plainMethod(e);
  if (bad) return bad;
  // Guess the local header's length from the central one (they usually agree), read it all at once.
  const guess = 30 + e.nameLength + e.extraLength;
  // A short stream is read whole (one fixed-size decode); a long one only as far as its head needs.
  let want = Math.min(
    e.compressedSize,
    e.method === 0 ? n : e.compressedSize <= WHOLE_PEEK_LIMIT ? WHOLE_PEEK_LIMIT : n + 128,
  );
  let buf = await src.read(e.localOffset, guess + want);
  if (buf.length < 30 || u32le(buf, 0) !== 0x04034b50) return { unreadable: 'local header missing', damaged: true };
  const skip = 30 + u16le(buf, 26) + u16le(buf, 28);
  if (onLocalName) onLocalName(buf.subarray(30, 30 + u16le(buf, 26)), u16le(buf, 6));
  // A size running past the end of the file does not stop unzip from reading what is there: nor us.
  if (e.localOffset + skip >= src.size)
    return { unreadable: 'entry data lies past the end of the file', damaged: true };
  if (skip !== guess) buf = await src.read(e.localOffset, skip + want);
  if (e.method === 0) return buf.subarray(skip, skip + want);
  try {
    for (;;) {
      const head = inflateHead(buf.subarray(skip, skip + want), n);
      // Incompressible data needs about as much input as output: read more only when short.
      if (head.length >= n || want >= e.compressedSize) return head;
      want = Math.min(e.compressedSize, want * 4);
      const had = buf.length;
      buf = await src.read(e.localOffset, skip + want);
      if (buf.length <= had) return head; // the file ends here
    }
  } catch (err) {
    return { unreadable: `deflate data is damaged (${(err as Error).message})`, damaged: true };
  }
}

/** The whole content of an entry, as a source, within the budget's size and ratio limits. */
export async function zipEntryContent(src: ByteSource, e: ZipEntry, budget: Budget): Promise<ByteSource | Unreadable> {
  const bad = plainMethod(e);
  if (bad) return bad;
  const at = await dataOffset(src, e);
  if (isUnreadable(at)) return at;
  if (e.method === 0) return sliceSource(src, at, e.compressedSize);
  const o = budget.options;
  if (e.size > MIB && e.size / Math.max(1, e.compressedSize) > o.maxRatio) {
    return { unreadable: `compression ratio ${Math.round(e.size / Math.max(1, e.compressedSize))}:1 (zip bomb?)` };
  }
  const cap = Math.min(o.maxNestedSize, o.maxInflateTotal - budget.inflated);
  if (e.size > cap) return { unreadable: `too large to open for inspection (${e.size} bytes)` };
  if (e.compressedSize > o.maxNestedSize)
    return { unreadable: `too large to open for inspection (${e.compressedSize} bytes compressed)` };
  const input = await src.read(at, e.compressedSize);
  try {
    const r = inflateRaw(input, cap, e.size);
    budget.inflated += r.data.length;
    if (r.overLimit) return { unreadable: `decompresses to more than ${cap} bytes (zip bomb?)` };
    if (r.data.length > MIB && r.data.length / Math.max(1, r.consumed) > o.maxRatio) {
      return { unreadable: `compression ratio ${Math.round(r.data.length / Math.max(1, r.consumed))}:1 (zip bomb?)` };
    }
    return bytesSource(r.data);
  } catch (err) {
    return { unreadable: `deflate data is damaged (${(err as Error).message})`, damaged: true };
  }
}
