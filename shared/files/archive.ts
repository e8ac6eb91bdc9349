// Judging the entries of any archive the same way: each entry by name, by its first bytes where
// they can be had, and by opening it when it is itself an archive or a document that can be
// encrypted; then "encrypted" for the whole is true only if every entry with content is.
import type { ByteSource } from './byte-source.ts';
import { extensionOf, judgeName } from './executable-names.ts';
import { ENTRY_HEAD_BYTES } from './executable-bytes.ts';
import { sniff } from './sniff.ts';
import { checkTime, type Budget, type Encrypted, type EntryReport, type FileReport } from './types.ts';
import { isUnreadable, type Unreadable } from './zip-entry.ts';

export interface ArchiveItem {
  readonly name: string;
  readonly directory: boolean;
  /** Stored encrypted in the archive. */
  readonly encrypted: boolean;
  readonly size?: number;
  /** Package bookkeeping (ODF mimetype, manifest) that is never encrypted and holds no content. */
  readonly metadata?: boolean;
  head?(n: number): Promise<Uint8Array | Unreadable>;
  content?(): Promise<ByteSource | Unreadable>;
}

export type NestedInspect = (source: ByteSource, name: string, budget: Budget, depth: number) => Promise<FileReport>;

export interface ItemsVerdict {
  encrypted: Encrypted;
  executable: boolean;
  entries: EntryReport[];
  reasons: string[];
}

// Extensions of formats that cannot be encrypted by themselves: judged "not encrypted" by name
// when their bytes cannot be read (entries of a 7z or RAR archive).
// prettier-ignore
const PLAIN_BY_NAME = new Set([
  'txt', 'csv', 'tsv', 'log', 'md', 'json', 'xml', 'html', 'htm', 'css', 'svg', 'eml', 'ini', 'cfg', 'yaml',
  'yml', 'jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'heic', 'ico', 'mp3', 'mp4', 'm4a', 'wav',
  'avi', 'mov', 'wmv', 'flac', 'ogg', 'rtf',
]);

const MAX_REASONS = 40;

export function addReason(reasons: string[], r: string): void {
  if (reasons.includes(r)) return;
  if (reasons.length < MAX_REASONS) reasons.push(r);
  else if (reasons.length === MAX_REASONS) reasons.push('… more reasons left out');
}

/** Combines the entries' answers: any readable part → false; else any unknown → null; else true. */
export function combine(parts: Encrypted[]): Encrypted {
  if (parts.length === 0) return false;
  if (parts.includes(false)) return false;
  if (parts.includes(null)) return null;
  return true;
}

export async function judgeItems(
  items: Iterable<ArchiveItem>,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<ItemsVerdict> {
  const o = budget.options;
  const entries: EntryReport[] = [];
  const reasons: string[] = [];
  const parts: Encrypted[] = [];
  let executable = false;
  let truncated = false;
  let count = 0;
  for (const item of items) {
    if ((++count & 63) === 0) checkTime(budget);
    if (item.directory) continue;
    const name = judgeName(item.name, o.executableExtensions);
    const entry: EntryReport = { name: item.name, encrypted: null, executable: name.executable };
    if (item.size !== undefined) entry.size = item.size;
    if (name.executable) for (const r of name.reasons) addReason(reasons, `${item.name}: ${r}`);
    else if (name.bidi) for (const r of name.reasons) addReason(reasons, `${item.name}: ${r}`);
    if (item.encrypted) entry.encrypted = true;
    else if (item.size === 0) entry.encrypted = false;
    else await openItem(item, extensionOf(name.name), entry, budget, depth, inspect, reasons);
    if (entry.executable) executable = true;
    if (!item.metadata && item.size !== 0) parts.push(entry.encrypted);
    if (budget.reported < o.maxReportedEntries) {
      budget.reported++;
      entries.push(entry);
    } else truncated = true;
  }
  if (truncated) addReason(reasons, `listing truncated at ${o.maxReportedEntries} entries (all were checked)`);
  return { encrypted: combine(parts), executable, entries, reasons };
}

async function openItem(
  item: ArchiveItem,
  ext: string,
  entry: EntryReport,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
  reasons: string[],
): Promise<void> {
  const o = budget.options;
  const byName = (why: string) => {
    entry.encrypted = entry.executable || PLAIN_BY_NAME.has(ext) ? false : null;
    if (entry.encrypted === null) addReason(reasons, `${item.name}: cannot tell (${why})`);
  };
  if (!item.head) return byName('contents not decompressed');
  if (budget.headReads >= o.maxHeadReads) return byName('too many entries to read them all');
  budget.headReads++;
  const head = await item.head(ENTRY_HEAD_BYTES);
  if (isUnreadable(head)) return byName(head.unreadable);
  const s = sniff(head, item.size ?? head.length);
  if (s.kind === 'leaf') {
    entry.format = s.format;
    entry.encrypted = s.encrypted;
    if (s.executable) {
      entry.executable = true;
      addReason(reasons, `${item.name}: ${s.reason ?? 'executable'}`);
    }
    if (s.encrypted === null && s.format === 'unknown' && !PLAIN_BY_NAME.has(ext))
      addReason(reasons, `${item.name}: cannot tell (${s.reason ?? 'unrecognised'})`);
    else if (s.encrypted === null) entry.encrypted = false;
    return;
  }
  entry.format = s.format;
  if (depth + 1 > o.maxDepth) {
    addReason(reasons, `${item.name}: nested deeper than ${o.maxDepth} levels, not opened`);
    return;
  }
  if (!item.content) return byName('contents not decompressed');
  const content = await item.content();
  if (isUnreadable(content)) {
    addReason(reasons, `${item.name}: cannot tell (${content.unreadable})`);
    return;
  }
  const nested = await inspect(content, item.name, budget, depth + 1);
  entry.format = nested.format;
  entry.encrypted = nested.encrypted;
  if (nested.executable) entry.executable = true;
  if (nested.entries.length) entry.entries = nested.entries;
  for (const r of nested.reasons) addReason(reasons, `${item.name} › ${r}`);
}
