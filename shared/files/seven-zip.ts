// 7z (7zFormat.txt from the LZMA SDK): a 32-byte signature header points to the "next header" at
// the end. A plain header (0x01) lists folders (coder chains) and files; an encoded header (0x17)
// is itself packed — LZMA by default, or AES when the names are hidden (-mhe). A folder with the
// AES coder 06 F1 07 01 holds encrypted files.
import type { ByteSource } from './byte-source.ts';
import { crc32, hex, u32le, u64le } from './bytes.ts';
import { inflateRaw } from './inflate.ts';
import { lzma2Decode, lzmaDecode } from './lzma.ts';
import { branchFilter } from './branch-filters.ts';
import { utf16leText } from './text.ts';
import type { Budget } from './types.ts';

export const SEVEN_ZIP_SIGNATURE = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const AES = '06f10701';
const LZMA = '030101';
const LZMA2 = '21';
const COPY = '00';
const DEFLATE = '040108';
/** Branch converters (BCJ x86, PowerPC, ARM, ARM Thumb, SPARC) and Delta: decoded after the main coder. */
const FILTERS = new Set(['03030103', '03030205', '03030501', '03030701', '03030805', '03']);
/** A next header larger than this is not read (real ones are kilobytes; a million files is ~100 MB). */
const MAX_HEADER = 16 * 1024 * 1024;

export class SevenZipError extends Error {
  override name = 'SevenZipError';
}

/**
 * A 7z whose intact start header (its CRC checks) points to a next header running past the end of
 * the file: the header that names the files and says where their packed data lies is not in the
 * file. 7-Zip itself opens nothing from such a file ("Unexpected end of archive"; tried with 7-Zip
 * 26.02, `7z l` and `7z x`, on libarchive's test_read_format_7zip_malformed.7z and on archives
 * holding a program cut or re-pointed this way), libarchive rejects it, and py7zr needs the same
 * header: nothing can be extracted, so nothing in it runs. Not so for a zeroed start header: 7-Zip
 * then searches the file for a header and does extract what it finds (that stays "cannot tell").
 */
export class SevenZipHeaderMissing extends SevenZipError {
  override name = 'SevenZipHeaderMissing';
}

export interface Coder {
  id: string;
  props: Uint8Array;
  inStreams: number;
  outStreams: number;
}

export interface Folder {
  coders: Coder[];
  bindOut: number[];
  /** Bind pairs: the in-stream index fed by the out-stream index. */
  bindIn: number[];
  packedStreams: number;
  unpackSizes: number[];
  encrypted: boolean;
  /** Size of the folder's final output. */
  size: number;
  /** Offset of its first packed stream in the file, and the packed length of all its streams. */
  packOffset: number;
  packSize: number;
}

export interface SevenZipEntry {
  name: string;
  directory: boolean;
  encrypted: boolean;
  size: number;
  folder: number;
  offset: number;
}

export interface SevenZipListing {
  headerEncrypted: boolean;
  /** The encoded header could not be decoded: names unknown. */
  headerUnreadable: string | null;
  entries: SevenZipEntry[];
  folders: Folder[];
}

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    const v = this.b[this.pos++];
    if (v === undefined) throw new SevenZipError('header ends early');
    return v;
  }
  /** 7z NUMBER: the leading one bits of the first byte count the extra bytes. */
  number(): number {
    const first = this.byte();
    let mask = 0x80;
    let v = 0;
    for (let i = 0; i < 8; i++) {
      if ((first & mask) === 0) return v + (first & (mask - 1)) * 2 ** (8 * i);
      v += this.byte() * 2 ** (8 * i);
      mask >>>= 1;
    }
    return v;
  }
  /** A count that must fit in what is left of the header (each counted thing takes a byte or more). */
  count(limit = Infinity): number {
    const n = this.number();
    if (n > this.b.length - this.pos + 1 || n > limit) throw new SevenZipError(`implausible count ${n}`);
    return n;
  }
  bytes(n: number): Uint8Array {
    if (n > this.b.length - this.pos) throw new SevenZipError('header ends early');
    const r = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
  bits(n: number): boolean[] {
    const out: boolean[] = [];
    let cur = 0;
    for (let i = 0; i < n; i++) {
      if (i % 8 === 0) cur = this.byte();
      out.push((cur & (0x80 >> (i % 8))) !== 0);
    }
    return out;
  }
  /** "AllAreDefined" byte, then a bit vector when not all are. */
  defined(n: number): boolean[] {
    return this.byte() ? new Array<boolean>(n).fill(true) : this.bits(n);
  }
  expect(id: number): void {
    const v = this.byte();
    if (v !== id) throw new SevenZipError(`expected property ${id}, found ${v}`);
  }
}

function readFolder(r: Reader): Folder {
  const n = r.count(64);
  const coders: Coder[] = [];
  let totalIn = 0;
  let totalOut = 0;
  for (let i = 0; i < n; i++) {
    const flags = r.byte();
    if (flags & 0x80) throw new SevenZipError('alternative coder methods are not supported');
    const id = hex(r.bytes(flags & 0x0f));
    const inStreams = flags & 0x10 ? r.count(64) : 1;
    const outStreams = flags & 0x10 ? r.count(64) : 1;
    const props = flags & 0x20 ? r.bytes(r.count()) : new Uint8Array(0);
    coders.push({ id, props, inStreams, outStreams });
    totalIn += inStreams;
    totalOut += outStreams;
  }
  const bindOut: number[] = [];
  const bindIn: number[] = [];
  for (let i = 0; i < totalOut - 1; i++) {
    bindIn.push(r.number());
    bindOut.push(r.number());
  }
  const packedStreams = totalIn - (totalOut - 1);
  if (packedStreams < 1) throw new SevenZipError('folder without packed streams');
  if (packedStreams > 1) for (let i = 0; i < packedStreams; i++) r.number();
  return {
    coders,
    bindOut,
    bindIn,
    packedStreams,
    unpackSizes: [],
    encrypted: coders.some((c) => c.id === AES),
    size: 0,
    packOffset: 0,
    packSize: 0,
  };
}

function skipDigests(r: Reader, n: number): void {
  const d = r.defined(n);
  r.bytes(4 * d.filter(Boolean).length);
}

interface StreamsInfo {
  packPos: number;
  packSizes: number[];
  folders: Folder[];
  /** Sizes of the files (substreams) of each folder, in order. */
  substreams: number[][];
}

function readStreamsInfo(r: Reader): StreamsInfo {
  const info: StreamsInfo = { packPos: 0, packSizes: [], folders: [], substreams: [] };
  let folderCrc: boolean[] = [];
  let numUnpack: number[] | null = null;
  let sizes: number[][] | null = null;
  for (let id = r.byte(); id !== 0; id = r.byte()) {
    if (id === 0x06) {
      info.packPos = r.number();
      const n = r.count();
      for (let t = r.byte(); t !== 0; t = r.byte()) {
        if (t === 0x09) for (let i = 0; i < n; i++) info.packSizes.push(r.number());
        else if (t === 0x0a) skipDigests(r, n);
        else throw new SevenZipError(`unexpected property ${t} in pack info`);
      }
    } else if (id === 0x07) {
      r.expect(0x0b);
      const n = r.count();
      if (r.byte() !== 0) throw new SevenZipError('external folder data is not supported');
      for (let i = 0; i < n; i++) info.folders.push(readFolder(r));
      r.expect(0x0c);
      for (const f of info.folders) {
        const outs = f.coders.reduce((s, c) => s + c.outStreams, 0);
        for (let i = 0; i < outs; i++) f.unpackSizes.push(r.number());
        const main = f.unpackSizes.findIndex((_, i) => !f.bindOut.includes(i));
        f.size = f.unpackSizes[main] ?? 0;
      }
      folderCrc = new Array<boolean>(n).fill(false);
      for (let t = r.byte(); t !== 0; t = r.byte()) {
        if (t === 0x0a) {
          folderCrc = r.defined(n);
          r.bytes(4 * folderCrc.filter(Boolean).length);
        } else throw new SevenZipError(`unexpected property ${t} in coders info`);
      }
    } else if (id === 0x08) {
      numUnpack = info.folders.map(() => 1);
      for (let t = r.byte(); t !== 0; t = r.byte()) {
        if (t === 0x0d) numUnpack = info.folders.map(() => r.count());
        else if (t === 0x09) {
          sizes = info.folders.map((f, i) => {
            const k = numUnpack?.[i] ?? 1;
            const s: number[] = [];
            let sum = 0;
            for (let j = 0; j < k - 1; j++) {
              const v = r.number();
              s.push(v);
              sum += v;
            }
            if (k > 0) s.push(f.size - sum);
            return s;
          });
        } else if (t === 0x0a) {
          let n = 0;
          info.folders.forEach((_, i) => {
            const k = numUnpack?.[i] ?? 1;
            if (!(k === 1 && folderCrc[i])) n += k;
          });
          skipDigests(r, n);
        } else throw new SevenZipError(`unexpected property ${t} in substreams info`);
      }
    } else throw new SevenZipError(`unexpected property ${id} in streams info`);
  }
  info.substreams =
    sizes ??
    info.folders.map((f, i) =>
      (numUnpack?.[i] ?? 1) === 1 ? [f.size] : new Array<number>(numUnpack?.[i] ?? 0).fill(0),
    );
  // Packed streams follow one another from packPos; each folder takes its own count of them.
  let offset = 32 + info.packPos;
  let stream = 0;
  for (const f of info.folders) {
    f.packOffset = offset;
    for (let i = 0; i < f.packedStreams; i++) f.packSize += info.packSizes[stream++] ?? 0;
    offset += f.packSize;
  }
  return info;
}

function readFiles(r: Reader, info: StreamsInfo | null, limit: number): SevenZipEntry[] {
  const n = r.count(limit);
  let emptyStream: boolean[] = new Array<boolean>(n).fill(false);
  let emptyFile: boolean[] = [];
  let names: string[] = [];
  let attrs: (number | undefined)[] = [];
  for (let t = r.byte(); t !== 0; t = r.byte()) {
    const size = r.number();
    const body = new Reader(r.bytes(size));
    if (t === 0x0e) emptyStream = body.bits(n);
    else if (t === 0x0f) emptyFile = body.bits(emptyStream.filter(Boolean).length);
    else if (t === 0x11) {
      if (body.byte() !== 0) throw new SevenZipError('external names are not supported');
      const text = utf16leText(body.b.subarray(1));
      names = text.split('\0').slice(0, n);
    } else if (t === 0x15) {
      const d = body.defined(n);
      if (body.byte() !== 0) throw new SevenZipError('external attributes are not supported');
      attrs = d.map((x) => (x ? u32le(body.bytes(4), 0) : undefined));
    }
  }
  const entries: SevenZipEntry[] = [];
  const folders = info?.folders ?? [];
  const subs = info?.substreams ?? [];
  let folder = 0;
  let inFolder = 0;
  let offset = 0;
  let emptyIndex = 0;
  for (let i = 0; i < n; i++) {
    const name = names[i] ?? `(file ${i + 1})`;
    if (emptyStream[i]) {
      const isFile = emptyFile[emptyIndex++] ?? false;
      const dir = !isFile || ((attrs[i] ?? 0) & 0x10) !== 0;
      entries.push({ name, directory: dir, encrypted: false, size: 0, folder: -1, offset: 0 });
      continue;
    }
    while (folder < folders.length && inFolder >= (subs[folder]?.length ?? 0)) {
      folder++;
      inFolder = 0;
      offset = 0;
    }
    const f = folders[folder];
    if (!f) throw new SevenZipError('more files than streams');
    const size = subs[folder]?.[inFolder] ?? 0;
    entries.push({ name, directory: false, encrypted: f.encrypted, size, folder, offset });
    offset += size;
    inFolder++;
  }
  return entries;
}

/** Why a folder's coders cannot be decoded here (BCJ2, PPMd, BZip2, AES…), or null when they can. */
export function undecodable(f: Folder): string | null {
  if (f.encrypted) return 'encrypted';
  if (f.packedStreams !== 1 || f.coders.some((c) => c.inStreams !== 1 || c.outStreams !== 1))
    return 'a multi-stream coder (BCJ2) is not decoded here';
  for (const c of f.coders) {
    if (c.id !== COPY && c.id !== LZMA && c.id !== LZMA2 && c.id !== DEFLATE && !FILTERS.has(c.id))
      return `7z coder ${c.id} is not decoded here`;
  }
  return null;
}

/** One coder of a 1-in/1-out chain over `input`, producing `size` bytes. */
function decodeCoder(c: Coder, input: Uint8Array, size: number, max: number): Uint8Array {
  if (size > max) throw new SevenZipError(`stream of ${size} bytes is too large to decode`);
  if (c.id === COPY) return input.subarray(0, size);
  if (c.id === LZMA) return lzmaDecode(c.props, input, size, max);
  if (c.id === LZMA2) return lzma2Decode(input, size, max);
  if (c.id === DEFLATE) {
    const r = inflateRaw(input, size, size);
    if (r.data.length < size) throw new SevenZipError('deflate stream ends early');
    return r.data;
  }
  if (FILTERS.has(c.id)) return branchFilter(c.id, c.props, input.subarray(0, size));
  throw new SevenZipError(`coder ${c.id} is not decoded here`);
}

/**
 * Decodes a folder whose coders each take one stream and give one (Copy, LZMA, LZMA2, Deflate, and
 * the BCJ/ARM/Delta filters after them): from the packed stream through the bind pairs to the output.
 */
export async function decodeFolder(src: ByteSource, f: Folder, max: number): Promise<Uint8Array> {
  const why = undecodable(f);
  if (why) throw new SevenZipError(why);
  if (f.size > max) throw new SevenZipError(`folder of ${f.size} bytes is too large to decode`);
  if (f.packOffset + f.packSize > src.size) throw new SevenZipError('packed data runs past the end of the file');
  // With 1-in/1-out coders, in-stream i and out-stream i both belong to coder i.
  const n = f.coders.length;
  const packedIn = [...Array(n).keys()].find((i) => !f.bindIn.includes(i));
  if (packedIn === undefined) throw new SevenZipError('folder without an input stream');
  let data = await src.read(f.packOffset, f.packSize);
  let coder = packedIn;
  for (let steps = 0; steps < n; steps++) {
    data = decodeCoder(f.coders[coder] as Coder, data, f.unpackSizes[coder] ?? 0, max);
    const pair = f.bindOut.indexOf(coder);
    if (pair < 0) return data;
    coder = f.bindIn[pair] ?? -1;
    if (coder < 0 || coder >= n) throw new SevenZipError('damaged bind pairs');
  }
  throw new SevenZipError('bind pairs form a loop');
}

export async function listSevenZip(src: ByteSource, budget: Budget): Promise<SevenZipListing> {
  const sig = await src.read(0, 32);
  if (sig.length < 32) throw new SevenZipError('signature header truncated');
  const nextOffset = u64le(sig, 12);
  const nextSize = u64le(sig, 20);
  const at = 32 + nextOffset;
  // An empty archive has no header at all: nothing inside, so nothing that runs.
  if (nextSize === 0 && nextOffset === 0 && src.size === 32)
    return { headerEncrypted: false, headerUnreadable: null, entries: [], folders: [] };
  if (nextSize > 0 && at + nextSize > src.size && crc32(sig.subarray(12, 32)) === u32le(sig, 8))
    throw new SevenZipHeaderMissing('its header lies past the end of the file (cut short or damaged)');
  if (!(nextSize > 0 && at + nextSize <= src.size)) throw new SevenZipError('next header lies outside the file');
  if (nextSize > MAX_HEADER) throw new SevenZipError(`header of ${nextSize} bytes is too large`);
  let header = await src.read(at, nextSize);
  for (let round = 0; round < 4; round++) {
    const r = new Reader(header);
    const id = r.byte();
    if (id === 0x17) {
      const info = readStreamsInfo(r);
      if (info.folders.some((f) => f.encrypted))
        return { headerEncrypted: true, headerUnreadable: null, entries: [], folders: info.folders };
      const f = info.folders[0];
      if (!f) throw new SevenZipError('encoded header without a folder');
      try {
        header = await decodeFolder(src, f, MAX_HEADER);
      } catch (e) {
        return { headerEncrypted: false, headerUnreadable: (e as Error).message, entries: [], folders: info.folders };
      }
      budget.inflated += header.length;
      continue;
    }
    if (id !== 0x01) throw new SevenZipError(`unknown header type ${id}`);
    let main: StreamsInfo | null = null;
    let entries: SevenZipEntry[] = [];
    for (let t = r.byte(); t !== 0; t = r.byte()) {
      if (t === 0x02) {
        for (let p = r.byte(); p !== 0; p = r.byte()) r.bytes(r.number());
      } else if (t === 0x03) readStreamsInfo(r);
      else if (t === 0x04) main = readStreamsInfo(r);
      else if (t === 0x05) entries = readFiles(r, main, budget.options.maxEntries);
      else throw new SevenZipError(`unexpected property ${t} in header`);
    }
    return { headerEncrypted: false, headerUnreadable: null, entries, folders: main?.folders ?? [] };
  }
  throw new SevenZipError('header encoded too many times');
}
