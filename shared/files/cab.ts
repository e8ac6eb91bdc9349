// Microsoft Cabinet (MS-CAB): CFHEADER, CFFOLDERs and CFFILEs list every file with its folder and
// offset; folders stored or MSZIP-compressed (each CFDATA block "CK" + DEFLATE, the window carried
// from block to block) are decoded up to a cap so each file's head can be sniffed. Quantum and LZX
// folders are not decoded: their files are judged by name where a name can tell, else "cannot tell".
import type { ByteSource } from './byte-source.ts';
import { bytesSource } from './byte-source.ts';
import { judgeItems, listingReport, type ArchiveItem, type NestedInspect } from './archive.ts';
import { latin1, u16le, u32le } from './bytes.ts';
import { inflateSync } from 'fflate';
import { utf8 } from './text.ts';
import { checkTime, type Budget, type FileReport } from './types.ts';
import type { Unreadable } from './zip-entry.ts';

export class CabError extends Error {
  override name = 'CabError';
}

interface Folder {
  dataAt: number;
  blocks: number;
  compression: number;
}

/** Folders are decoded up to this many bytes (heads only need the start of each file). */
const FOLDER_CAP = 4 * 1024 * 1024;

async function decodeFolder(
  src: ByteSource,
  f: Folder,
  dataReserve: number,
  upTo: number,
): Promise<Uint8Array | Unreadable> {
  const type = f.compression & 0x0f;
  if (type !== 0 && type !== 1)
    return {
      unreadable: `cabinet compression ${type === 2 ? 'Quantum' : type === 3 ? 'LZX' : type} is not decoded here`,
    };
  const parts: Uint8Array[] = [];
  let total = 0;
  let history = new Uint8Array(0);
  let p = f.dataAt;
  for (let i = 0; i < f.blocks && total < upTo; i++) {
    const h = await src.read(p, 8 + dataReserve);
    if (h.length < 8) return { unreadable: 'cabinet data block cut off' };
    const packed = u16le(h, 4);
    const unpacked = u16le(h, 6);
    const data = await src.read(p + 8 + dataReserve, packed);
    if (data.length < packed) return { unreadable: 'cabinet data block cut off' };
    let out: Uint8Array;
    if (type === 0) out = data;
    else {
      if (data[0] !== 0x43 || data[1] !== 0x4b) return { unreadable: 'MSZIP block without its "CK" signature' };
      try {
        out = inflateSync(data.subarray(2), { out: new Uint8Array(unpacked), dictionary: history });
      } catch (e) {
        return { unreadable: `MSZIP data is damaged (${(e as Error).message})` };
      }
      const w = new Uint8Array(Math.min(32768, history.length + out.length));
      w.set(history.subarray(Math.max(0, history.length - (w.length - out.length))), 0);
      w.set(out.subarray(Math.max(0, out.length - w.length)), Math.max(0, w.length - out.length));
      history = w;
    }
    parts.push(out);
    total += out.length;
    p += 8 + dataReserve + packed;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const x of parts) (all.set(x, at), (at += x.length));
  return all;
}

export async function inspectCab(
  src: ByteSource,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  const h = await src.read(0, 64);
  if (h.length < 36 || latin1(h, 0, 4) !== 'MSCF') throw new CabError('cabinet header missing');
  const filesAt = u32le(h, 16);
  const nFolders = u16le(h, 26);
  const nFiles = u16le(h, 28);
  const flags = u16le(h, 30);
  let p = 36;
  let folderReserve = 0;
  let dataReserve = 0;
  if (flags & 4) {
    const headerReserve = u16le(h, 36);
    folderReserve = h[38] ?? 0;
    dataReserve = h[39] ?? 0;
    p = 40 + headerReserve;
  }
  const problems: string[] = [];
  if (flags & 3) problems.push('a cabinet set spanning several files: only one part is here');
  // Previous/next cabinet names (two NUL-terminated strings each) follow the header when flagged.
  if (flags & 3) {
    const names = await src.read(p, 1024);
    let skip = 0;
    for (let k = 0; k < (flags & 1 ? 2 : 0) + (flags & 2 ? 2 : 0); k++) {
      const z = names.indexOf(0, skip);
      if (z < 0) break;
      skip = z + 1;
    }
    p += skip;
  }
  const folders: Folder[] = [];
  const fh = await src.read(p, nFolders * (8 + folderReserve));
  for (let i = 0; i < nFolders; i++) {
    const o = i * (8 + folderReserve);
    if (o + 8 > fh.length) throw new CabError('cabinet folder table cut off');
    folders.push({ dataAt: u32le(fh, o), blocks: u16le(fh, o + 4), compression: u16le(fh, o + 6) });
  }
  const table = await src.read(filesAt, Math.min(src.size - filesAt, nFiles * (16 + 512)));
  const decoded = new Map<number, Promise<Uint8Array | Unreadable>>();
  const items: ArchiveItem[] = [];
  let q = 0;
  for (let i = 0; i < nFiles; i++) {
    if ((i & 63) === 63) checkTime(budget);
    if (q + 16 > table.length) {
      problems.push(`only ${i} of ${nFiles} cabinet files listed`);
      break;
    }
    const size = u32le(table, q);
    const offset = u32le(table, q + 4);
    const folderIndex = u16le(table, q + 8);
    const attribs = u16le(table, q + 14);
    const end = table.indexOf(0, q + 16);
    if (end < 0) {
      problems.push('cabinet file name cut off');
      break;
    }
    const raw = table.subarray(q + 16, end);
    const name = (attribs & 0x80 ? utf8(raw) : latin1(raw)).replace(/\\/g, '/');
    q = end + 1;
    const folder = folders[folderIndex >= 0xfffd ? 0 : folderIndex];
    const content = async (): Promise<ByteSource | Unreadable> => {
      if (!folder || folderIndex >= 0xfffd) return { unreadable: 'file continues in another cabinet' };
      if (offset + Math.min(size, 512) > FOLDER_CAP) return { unreadable: 'too far into its folder to decode' };
      let d = decoded.get(folderIndex);
      if (!d) {
        const cap = Math.min(FOLDER_CAP, Math.max(0, budget.options.maxInflateTotal - budget.inflated));
        d = decodeFolder(src, folder, dataReserve, cap).then((r) => {
          if (r instanceof Uint8Array) budget.inflated += r.length;
          return r;
        });
        decoded.set(folderIndex, d);
      }
      const data = await d;
      if (!(data instanceof Uint8Array)) return data;
      if (data.length < offset + Math.min(size, 512)) return { unreadable: 'lies past what was decoded of its folder' };
      return bytesSource(data.subarray(offset, Math.min(data.length, offset + size)));
    };
    items.push({
      name,
      directory: false,
      encrypted: false,
      size,
      head: async (n) => {
        const c = await content();
        return 'unreadable' in c ? c : c.read(0, n);
      },
      content,
    });
  }
  return listingReport('cab', await judgeItems(items, budget, depth, inspect), problems);
}
