// Small files built from their formats' specifications: executables, disk images, RAR headers,
// CMS ContentInfo — for formats that have no tool on this machine, or whose tool output is large.
import { crc32 } from '../../../../shared/files/bytes.ts';

const enc = new TextEncoder();

export function concat(...parts: (Uint8Array | number[] | string)[]): Uint8Array {
  const arrays = parts.map((p) =>
    typeof p === 'string' ? enc.encode(p) : p instanceof Uint8Array ? p : new Uint8Array(p),
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

export const le16 = (v: number) => [v & 0xff, (v >>> 8) & 0xff];
export const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** PE/COFF: MZ, e_lfanew at 0x3C, "PE\0\0", machine i386. */
export function pe(lfanew = 0x80, size = 0x200): Uint8Array {
  const b = new Uint8Array(Math.max(size, lfanew + 24));
  b.set([0x4d, 0x5a], 0);
  b.set(le32(lfanew), 0x3c);
  b.set([0x50, 0x45, 0, 0, 0x4c, 0x01], lfanew);
  return b;
}

export function elf(): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  return b;
}

export function macho(magic: number[]): Uint8Array {
  const b = new Uint8Array(64);
  b.set(magic, 0);
  return b;
}

/** Shell Link ([MS-SHLLINK]): header size 0x4C and the link CLSID 00021401-0000-0000-C000-000000000046. */
export function lnk(): Uint8Array {
  const b = new Uint8Array(0x4c + 16);
  b.set([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0x00, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46], 0);
  return b;
}

/** ISO 9660: 16 system sectors, then a primary volume descriptor "\x01CD001\x01". */
export function iso(): Uint8Array {
  const b = new Uint8Array(0x8000 + 2048 * 2);
  b.set([1, ...enc.encode('CD001'), 1], 0x8000);
  b.set([0xff, ...enc.encode('CD001'), 1], 0x8800);
  return b;
}

// --- RAR 4 -------------------------------------------------------------------------------------

export interface Rar4File {
  name: string | Uint8Array;
  data?: Uint8Array;
  flags?: number;
  method?: number;
}

function rar4Block(type: number, flags: number, body: Uint8Array, add?: Uint8Array): Uint8Array {
  const size = 7 + body.length;
  const head = concat([0, 0, type], le16(flags), le16(size), body);
  const crc = crc32(head.subarray(2)) & 0xffff;
  head.set(le16(crc), 0);
  return add ? concat(head, add) : head;
}

export function rar4(files: Rar4File[], archiveFlags = 0): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00])];
  parts.push(rar4Block(0x73, archiveFlags, new Uint8Array(6)));
  if (!(archiveFlags & 0x0080)) {
    for (const f of files) {
      const name = typeof f.name === 'string' ? enc.encode(f.name) : f.name;
      const data = f.data ?? new Uint8Array(0);
      const body = concat(
        le32(data.length),
        le32(data.length),
        [2],
        le32(crc32(data)),
        le32(0),
        [29, f.method ?? 0x30],
        le16(name.length),
        le32(0x20),
        name,
      );
      parts.push(rar4Block(0x74, 0x8000 | (f.flags ?? 0), body, data));
    }
  } else {
    parts.push(new Uint8Array(64).fill(0xa5)); // what follows is encrypted
  }
  parts.push(rar4Block(0x7b, 0x4000, new Uint8Array(0)));
  return concat(...parts);
}

// --- RAR 5 -------------------------------------------------------------------------------------

export function vint(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

function rar5Block(fields: number[] | Uint8Array): Uint8Array {
  const body = fields instanceof Uint8Array ? fields : new Uint8Array(fields);
  const sized = concat(vint(body.length), body);
  return concat(le32(crc32(sized)), sized);
}

export interface Rar5File {
  name: string;
  data?: Uint8Array;
  encrypted?: boolean;
  directory?: boolean;
  /** Compression method 0 (store) to 5. */
  method?: number;
}

export function rar5(files: Rar5File[], headersEncrypted = false): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00])];
  if (headersEncrypted) {
    parts.push(rar5Block([4, 0, 0, 0, 15, ...new Array<number>(16).fill(7)]));
    parts.push(new Uint8Array(80).fill(0x5a));
    return concat(...parts);
  }
  parts.push(rar5Block([1, 0, 0]));
  for (const f of files) {
    const name = enc.encode(f.name);
    const data = f.data ?? new Uint8Array(0);
    // File encryption record: type 1, version 0, flags 0, KDF count 15, salt 16, IV 16.
    const extra = f.encrypted
      ? concat(vint(1 + 1 + 1 + 1 + 32), [1, 0, 0, 15], new Array<number>(32).fill(9))
      : new Uint8Array(0);
    const comp = (f.method ?? 0) << 7;
    const fields = concat(
      [2],
      vint((extra.length ? 1 : 0) | 2),
      extra.length ? vint(extra.length) : [],
      vint(data.length),
      vint(f.directory ? 1 : 0),
      vint(data.length),
      vint(0x20),
      vint(comp),
      vint(0),
      vint(name.length),
      name,
      extra,
    );
    parts.push(rar5Block(fields), data);
  }
  parts.push(rar5Block([5, 0, 0]));
  return concat(...parts);
}

// --- CMS ContentInfo ---------------------------------------------------------------------------

/** SEQUENCE { OID 1.2.840.113549.1.7.<kind>, [0] { … } } with a little filler content. */
export function contentInfo(kind: number, filler = 32): Uint8Array {
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, kind];
  const inner = [0xa0, filler + 2, 0x30, filler, ...new Array<number>(filler).fill(0x02)];
  const body = [...oid, ...inner];
  return new Uint8Array([0x30, 0x81, body.length, ...body]);
}
