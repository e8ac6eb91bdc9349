// Each entry of an intact central directory is checked against the local header it points to.
// Tools do not agree on which of the two they believe: 7-Zip and unzip take some fields from one,
// some from the other (a name missing in one, a size of 0, a method), streaming readers take the
// local header alone. So when the two disagree on the name, the sizes, the method or the flags that
// change how the data is read (encryption, data descriptor, masked header), the entry is judged by
// BOTH names and, where its bytes can be read, by the content read both ways; a way that cannot be
// read leaves the entry "cannot tell" — its document name proves nothing, since a tool may still
// write out what it decodes. Honest writers (zip(1), Python's zipfile, 7-Zip, Windows Explorer)
// write the same fields in both places, the sizes of a data-descriptor entry excepted (the local
// header then holds zeros, which is not a disagreement).
import type { ByteSource } from './byte-source.ts';
import { u16le, u32le, u64le } from './bytes.ts';
import { entryName, type ZipEntry } from './zip.ts';
import { zip64Sizes } from './zip-accounting.ts';

/** The flag bits that change how an entry's data is read: encryption, data descriptor, strong encryption, masked header. */
const READ_FLAGS = 0x1 | 0x8 | 0x40 | 0x2000;

export interface LocalHeader {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  nameLength: number;
  extraLength: number;
}

export type CrossCheck =
  | { readonly kind: 'missing' }
  | { readonly kind: 'agrees'; readonly local: LocalHeader }
  | {
      readonly kind: 'disagrees';
      readonly local: LocalHeader;
      /** What differs, for the reasons. */
      readonly what: string[];
      /** The entry as the local header describes it (its name, method, flags and sizes). */
      readonly asLocal: ZipEntry;
    };

/** Reads the local header an entry points to and compares it with the directory's record. */
export async function crossCheck(src: ByteSource, e: ZipEntry): Promise<CrossCheck> {
  const fixed = await src.read(e.localOffset, 30);
  if (fixed.length < 30 || u32le(fixed, 0) !== 0x04034b50) return { kind: 'missing' };
  const nameLength = u16le(fixed, 26);
  const extraLength = u16le(fixed, 28);
  const rest = await src.read(e.localOffset + 30, nameLength + extraLength);
  const raw = rest.subarray(0, nameLength);
  const extra = rest.subarray(nameLength, nameLength + extraLength);
  const flags = u16le(fixed, 6);
  const method = u16le(fixed, 8);
  const z = zip64Sizes(extra, u32le(fixed, 22), u32le(fixed, 18));
  const local: LocalHeader = {
    name: entryName(raw, flags, extra),
    flags,
    method,
    compressedSize: z?.csize ?? -1,
    size: z?.size ?? -1,
    nameLength,
    extraLength,
  };
  const what: string[] = [];
  if (raw.length < nameLength) what.push('the local header is cut short');
  if (local.name !== e.name) what.push(`name ${JSON.stringify(local.name)}`);
  if (method !== e.method) what.push(`method ${method} (directory: ${e.method})`);
  if ((flags & READ_FLAGS) !== (e.flags & READ_FLAGS))
    what.push(`flags 0x${flags.toString(16)} (directory: 0x${e.flags.toString(16)})`);
  // A data-descriptor entry may carry zeros here (its sizes follow the data); any other value must match.
  const deferred = (flags & 8) !== 0 && local.compressedSize === 0 && local.size === 0;
  if (!z) what.push('ZIP64 sizes missing');
  else if (!deferred && (local.compressedSize !== e.compressedSize || local.size !== e.size))
    what.push(`sizes ${local.compressedSize}/${local.size} (directory: ${e.compressedSize}/${e.size})`);
  if (!what.length) return { kind: 'agrees', local };
  const asLocal: ZipEntry = {
    ...e,
    name: local.name,
    nameLength,
    extraLength,
    flags,
    method,
    // Sizes the local header does not give (deferred, or lost) are taken from the directory.
    compressedSize: z && !deferred ? local.compressedSize : e.compressedSize,
    size: z && !deferred ? local.size : e.size,
    encrypted: (flags & 1) !== 0 || method === 99,
    aes: method === 99 ? e.aes : false,
    realMethod: method === 99 ? e.realMethod : method,
  };
  return { kind: 'disagrees', local, what, asLocal };
}
