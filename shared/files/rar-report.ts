// The verdict on a RAR archive: encrypted headers hide the names (encrypted); otherwise each file's
// password flag, and stored files are opened like any other entry.
import type { ByteSource } from './byte-source.ts';
import { addReason, judgeItems, type ArchiveItem, type NestedInspect } from './archive.ts';
import { listRar, rarEntryContent } from './rar.ts';
import type { Budget, FileReport } from './types.ts';

export async function inspectRar(
  src: ByteSource,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  const listing = await listRar(src, budget);
  const base = { format: 'rar' as const, executable: false, confidentialMarker: false, entries: [] };
  if (listing.headersEncrypted) {
    return {
      ...base,
      encrypted: true,
      reasons: [`RAR${listing.version} archive with encrypted headers: file names are hidden`],
    };
  }
  const items: ArchiveItem[] = listing.entries.map((e) => {
    const content = async () => rarEntryContent(src, e);
    return {
      name: e.name,
      directory: e.directory,
      encrypted: e.encrypted,
      size: e.size,
      head: async (n: number) => {
        const c = rarEntryContent(src, e);
        return 'unreadable' in c ? c : c.read(0, n);
      },
      content,
    };
  });
  const verdict = await judgeItems(items, budget, depth, inspect);
  const reasons: string[] = [];
  if (listing.entries.some((e) => e.encrypted))
    addReason(reasons, `files encrypted with a password (RAR${listing.version})`);
  for (const p of listing.problems) addReason(reasons, p);
  for (const r of verdict.reasons) addReason(reasons, r);
  let encrypted = verdict.encrypted;
  // A damaged header hides what follows: "readable" still stands, "all encrypted" (or "empty") does not.
  if (listing.problems.length && (encrypted === true || listing.entries.length === 0)) encrypted = null;
  return { ...base, encrypted, executable: verdict.executable, entries: verdict.entries, reasons };
}
