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
  const base = { format: 'rar' as const, confidentialMarker: false, entries: [] };
  // RAR 5 encrypts with AES-256, RAR 2.9–4 with AES-128.
  const scheme = listing.version === 5 ? ('aes-256' as const) : ('aes-128' as const);
  if (listing.headersEncrypted) {
    return {
      ...base,
      encrypted: true,
      encryption: scheme,
      executable: null,
      reasons: [
        `RAR${listing.version} archive with encrypted headers: file names are hidden, cannot tell whether it holds a program`,
      ],
    };
  }
  const items: ArchiveItem[] = listing.entries.map((e) => {
    const content = async () => rarEntryContent(src, e);
    return {
      name: e.name,
      directory: e.directory,
      encrypted: e.encrypted,
      ...(e.encrypted ? { encryption: scheme } : {}),
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
  // What follows a damaged header is not listed: a program may be among it.
  const executable = listing.problems.length && verdict.executable !== true ? null : verdict.executable;
  return {
    ...base,
    encrypted,
    encryption: encrypted === true ? verdict.encryption : null,
    executable,
    entries: verdict.entries,
    reasons,
  };
}
