// Builds zip files byte by byte from APPNOTE, so tests can state exactly what a header says
// (flags, methods, sizes, extra fields) — including the lies a hostile file tells.
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../../shared/files/bytes.ts';

export interface ZipSpec {
  name: string | Uint8Array;
  data?: Uint8Array | string;
  /** 0 stored, 8 deflate (default for data > 0 bytes), or any number for odd cases. */
  method?: number;
  flags?: number;
  extra?: Uint8Array;
  /** Overrides of what the central directory declares. */
  declaredSize?: number;
  declaredCompressedSize?: number;
  /** Write the declared sizes in the local header too (as a writer would that believes them). */
  declaredInLocal?: boolean;
  /** Raw bytes to store as the entry's data instead of compressing `data`. */
  raw?: Uint8Array;
  /** What the local header says, when it is to disagree with the central directory. */
  localFlags?: number;
  localMethod?: number;
  /** The local header's extra field (default: the central one's, as real tools write). */
  localExtra?: Uint8Array;
  /** The local header's name, when it is to differ from the directory's. */
  localName?: string;
  /** Written as a local entry only: the central directory does not list it. */
  hidden?: boolean;
}

/**
 * Data that looks ZipCrypto-encrypted: a 12-byte header, then the (compressed) bytes scrambled, so
 * they neither inflate nor match the CRC. Real ZipCrypto fixtures come from `zip -P` (fixtures).
 */
export function zipCryptoLike(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  for (let i = 0; i < 12; i++) out[i] = (i * 73 + 29) & 0xff;
  for (let i = 0; i < body.length; i++) out[12 + i] = (body[i] ?? 0) ^ ((i * 151 + 7) & 0xff) ^ 0x5a;
  return out;
}

export interface ZipOptions {
  comment?: string;
  prefix?: Uint8Array;
  /** Overrides of the end record's entry count. */
  declaredEntries?: number;
  zip64?: boolean;
}

const enc = new TextEncoder();
export const bytes = (s: string | Uint8Array) => (typeof s === 'string' ? enc.encode(s) : s);

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array) {
    this.parts.push(b);
    this.length += b.length;
  }
  u16(v: number) {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.push(b);
  }
  u32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.push(b);
  }
  u64(v: number) {
    this.u32(v % 0x100000000);
    this.u32(Math.floor(v / 0x100000000));
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export function buildZip(specs: ZipSpec[], opts: ZipOptions = {}): Uint8Array {
  const w = new Writer();
  if (opts.prefix) w.push(opts.prefix);
  const central: {
    spec: ZipSpec;
    name: Uint8Array;
    offset: number;
    csize: number;
    size: number;
    method: number;
    crc: number;
  }[] = [];
  for (const spec of specs) {
    const name = bytes(spec.name);
    const data = spec.data === undefined ? new Uint8Array(0) : bytes(spec.data);
    const method = spec.method ?? (data.length ? 8 : 0);
    const packed = method === 8 ? new Uint8Array(deflateRawSync(data)) : data;
    const stored = spec.raw ?? ((spec.flags ?? 0) & 1 && method !== 99 ? zipCryptoLike(packed) : packed);
    const crc = crc32(data);
    const localExtra = spec.localExtra ?? spec.extra ?? new Uint8Array(0);
    const offset = w.length - (opts.prefix?.length ?? 0);
    w.u32(0x04034b50);
    w.u16(20);
    w.u16(spec.localFlags ?? spec.flags ?? 0);
    w.u16(spec.localMethod ?? method);
    w.u32(0);
    w.u32(crc);
    w.u32(spec.declaredInLocal ? (spec.declaredCompressedSize ?? stored.length) : stored.length);
    w.u32(spec.declaredInLocal ? (spec.declaredSize ?? data.length) : data.length);
    const localName = spec.localName === undefined ? name : bytes(spec.localName);
    w.u16(localName.length);
    w.u16(localExtra.length);
    w.push(localName);
    w.push(localExtra);
    w.push(stored);
    central.push({
      spec,
      name,
      offset,
      csize: spec.declaredCompressedSize ?? stored.length,
      size: spec.declaredSize ?? data.length,
      method,
      crc,
    });
  }
  const cdStart = w.length - (opts.prefix?.length ?? 0);
  for (const c of central) {
    if (c.spec.hidden) continue;
    const extra = c.spec.extra ?? new Uint8Array(0);
    w.u32(0x02014b50);
    w.u16(0x031e);
    w.u16(20);
    w.u16(c.spec.flags ?? 0);
    w.u16(c.method);
    w.u32(0);
    w.u32(c.crc);
    w.u32(c.csize);
    w.u32(c.size);
    w.u16(c.name.length);
    w.u16(extra.length);
    w.u16(0);
    w.u16(0);
    w.u16(0);
    w.u32(0);
    w.u32(c.offset);
    w.push(c.name);
    w.push(extra);
  }
  const cdSize = w.length - (opts.prefix?.length ?? 0) - cdStart;
  const count = opts.declaredEntries ?? central.filter((c) => !c.spec.hidden).length;
  if (opts.zip64) {
    const at = w.length - (opts.prefix?.length ?? 0);
    w.u32(0x06064b50);
    w.u64(44);
    w.u16(45);
    w.u16(45);
    w.u32(0);
    w.u32(0);
    w.u64(count);
    w.u64(count);
    w.u64(cdSize);
    w.u64(cdStart);
    w.u32(0x07064b50);
    w.u32(0);
    w.u64(at);
    w.u32(1);
  }
  const comment = bytes(opts.comment ?? '');
  w.u32(0x06054b50);
  w.u16(0);
  w.u16(0);
  w.u16(opts.zip64 ? 0xffff : Math.min(count, 0xffff));
  w.u16(opts.zip64 ? 0xffff : Math.min(count, 0xffff));
  w.u32(opts.zip64 ? 0xffffffff : cdSize);
  w.u32(opts.zip64 ? 0xffffffff : cdStart);
  w.u16(comment.length);
  w.push(comment);
  return w.done();
}

/** The WinZip AES extra field (0x9901): vendor version 2, "AE", AES-256, real method. */
export function aesExtra(realMethod = 8): Uint8Array {
  return new Uint8Array([0x01, 0x99, 7, 0, 2, 0, 0x41, 0x45, 3, realMethod & 0xff, realMethod >> 8]);
}
