// The verdict on a 7z archive: hidden names mean encrypted; otherwise each file follows its
// folder's coders, and small unencrypted folders are decoded so their files can be sniffed.
import type { ByteSource } from './byte-source.ts';
import { bytesSource } from './byte-source.ts';
import { addReason, judgeItems, type ArchiveItem, type NestedInspect } from './archive.ts';
import {
  decodeFolder,
  listSevenZip,
  SevenZipHeaderMissing,
  undecodable,
  type Folder,
  type SevenZipListing,
} from './seven-zip.ts';
import type { Budget, FileReport } from './types.ts';
import type { Unreadable } from './zip-entry.ts';

export async function inspectSevenZip(
  src: ByteSource,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  let listing: SevenZipListing;
  try {
    listing = await listSevenZip(src, budget);
  } catch (e) {
    if (!(e instanceof SevenZipHeaderMissing)) throw e;
    // No 7z reader extracts anything without that header (see SevenZipHeaderMissing).
    return {
      format: '7z',
      // Whether its files were encrypted is not written anywhere that is left.
      encrypted: null,
      encryption: null,
      executable: false,
      confidentialMarker: false,
      entries: [],
      reasons: [`7z archive that no tool can open: ${e.message}; nothing in it can be extracted`],
    };
  }
  const base = { format: '7z' as const, executable: null, confidentialMarker: false, entries: [] };
  if (listing.headerEncrypted) {
    // Names hidden: nothing can be said of what it holds, only that a password is needed.
    return {
      ...base,
      encrypted: true,
      encryption: 'aes-256',
      reasons: [
        '7z archive with encrypted headers (AES-256): file names are hidden, cannot tell whether it holds a program',
      ],
    };
  }
  if (listing.headerUnreadable !== null) {
    return {
      ...base,
      encrypted: null,
      encryption: null,
      reasons: [`7z header could not be decoded: ${listing.headerUnreadable}`],
    };
  }
  const o = budget.options;
  // Solid folders hold many files: decode each at most once, and only small ones.
  const cap = Math.floor(o.maxNestedSize / 4);
  const decoded = new Map<number, Promise<Uint8Array | Unreadable>>();
  const openFolder = (i: number, f: Folder): Promise<Uint8Array | Unreadable> => {
    let p = decoded.get(i);
    if (!p) {
      p = (async () => {
        if (f.encrypted) return { unreadable: 'encrypted' };
        if (f.size > cap || budget.inflated + f.size > o.maxInflateTotal)
          return { unreadable: `7z block of ${f.size} bytes too large to decode` };
        try {
          const data = await decodeFolder(src, f, cap);
          budget.inflated += data.length;
          return data;
        } catch (e) {
          return { unreadable: (e as Error).message };
        }
      })();
      decoded.set(i, p);
    }
    return p;
  };
  const items: ArchiveItem[] = listing.entries.map((e) => {
    const f = listing.folders[e.folder];
    const content = async (): Promise<ByteSource | Unreadable> => {
      if (!f) return { unreadable: 'no data' };
      const data = await openFolder(e.folder, f);
      if (!(data instanceof Uint8Array)) return data;
      if (e.offset + e.size > data.length) return { unreadable: 'file lies outside its block' };
      return bytesSource(data.subarray(e.offset, e.offset + e.size));
    };
    const opaque = f && !f.encrypted ? undecodable(f) : null;
    return {
      name: e.name,
      directory: e.directory,
      encrypted: e.encrypted,
      ...(e.encrypted ? { encryption: 'aes-256' as const } : {}),
      ...(opaque ? { opaque } : {}),
      size: e.size,
      head: async (n: number) => {
        const c = await content();
        return 'unreadable' in c ? c : c.read(0, n);
      },
      content,
    };
  });
  const verdict = await judgeItems(items, budget, depth, inspect);
  const reasons: string[] = [];
  if (listing.folders.some((f) => f.encrypted)) addReason(reasons, 'files encrypted with AES-256 (7z)');
  for (const r of verdict.reasons) addReason(reasons, r);
  return {
    ...base,
    encrypted: verdict.encrypted,
    encryption: verdict.encryption,
    executable: verdict.executable,
    entries: verdict.entries,
    reasons,
  };
}
