// Judging the entries of any archive the same way: each entry by name, by its first bytes where
// they can be had, and by opening it when it is itself an archive or a document that can be
// encrypted; then "encrypted" for the whole is true only if every entry with content is.
import type { ByteSource } from './byte-source.ts';
import { extensionOf, judgeName } from './executable-names.ts';
import { ENTRY_HEAD_BYTES } from './executable-bytes.ts';
import { sniff } from './sniff.ts';
import { weakestEncryption } from './encryption.ts';
import {
  checkTime,
  type Budget,
  type Encrypted,
  type EncryptionKind,
  type EntryReport,
  type Executable,
  type FileFormat,
  type FileReport,
} from './types.ts';
import { isUnreadable, type Unreadable } from './zip-entry.ts';

export interface ArchiveItem {
  readonly name: string;
  readonly directory: boolean;
  /** Stored encrypted in the archive. */
  readonly encrypted: boolean;
  /** The scheme, when encrypted and known. */
  readonly encryption?: EncryptionKind;
  /** Its bytes are behind something the engine does not decode (a 7z coder chain): cannot tell, whatever the name. */
  readonly opaque?: string;
  readonly size?: number;
  /** Read even when its size is 0: the size is not believed (data is there, or another header disagrees). */
  readonly readEmpty?: boolean;
  /** Package bookkeeping (ODF mimetype, manifest) that is never encrypted and holds no content. */
  readonly metadata?: boolean;
  head?(n: number): Promise<Uint8Array | Unreadable>;
  content?(): Promise<ByteSource | Unreadable>;
}

export type NestedInspect = (source: ByteSource, name: string, budget: Budget, depth: number) => Promise<FileReport>;

export interface ItemsVerdict {
  encrypted: Encrypted;
  encryption: EncryptionKind | null;
  executable: Executable;
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

// Extensions whose files are opened by a viewer, never run: when an entry's bytes cannot be read,
// its name still answers "executable?" (a renamed program in one would not start when opened).
// Archives and unknown or missing extensions are not here: what they hold cannot be told by name.
// prettier-ignore
const VIEWED_BY_NAME = new Set([
  ...PLAIN_BY_NAME, 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'jtd', 'pages',
  'numbers', 'key',
]);

const MAX_REASONS = 40;

export function addReason(reasons: string[], r: string): void {
  if (reasons.includes(r)) return;
  if (reasons.length < MAX_REASONS) reasons.push(r);
  else if (reasons.length === MAX_REASONS) reasons.push('… more reasons left out');
}

/** Combines "runs code?" answers: any true → true; else any unknown → null; else false. */
export function combineExecutable(parts: Iterable<Executable>): Executable {
  let unknown = false;
  for (const p of parts) {
    if (p === true) return true;
    if (p === null) unknown = true;
  }
  return unknown ? null : false;
}

/** Combines the entries' answers: any readable part → false; else any unknown → null; else true. */
export function combine(parts: Encrypted[]): Encrypted {
  if (parts.length === 0) return false;
  if (parts.includes(false)) return false;
  if (parts.includes(null)) return null;
  return true;
}

/**
 * The report of an archive read on its own terms (tar, cabinet): what its items show, made "cannot tell" where the
 * reading met damage on the way — a damaged archive may hold more than was listed, so only a program found stays.
 */
export function listingReport(format: FileFormat, verdict: ItemsVerdict, problems: readonly string[]): FileReport {
  const reasons: string[] = [];
  for (const x of problems) addReason(reasons, x);
  for (const r of verdict.reasons) addReason(reasons, r);
  const damaged = problems.length > 0;
  return {
    format,
    encrypted: damaged && verdict.encrypted !== false ? null : verdict.encrypted,
    encryption: null,
    executable: damaged && verdict.executable !== true ? null : verdict.executable,
    confidentialMarker: false,
    entries: verdict.entries,
    reasons,
  };
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
  const kinds: (EncryptionKind | undefined)[] = [];
  let executable: Executable = false;
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
    if (item.encrypted) {
      // Its name is all there is to judge: a password archive is judged by what it lists.
      entry.encrypted = true;
      if (item.encryption) entry.encryption = item.encryption;
    } else if (item.size === 0 && !item.readEmpty) entry.encrypted = false;
    else await openItem(item, extensionOf(name.name), entry, budget, depth, inspect, reasons);
    executable = combineExecutable([executable, entry.executable]);
    if (!item.metadata && item.size !== 0) {
      parts.push(entry.encrypted);
      if (entry.encrypted === true) kinds.push(entry.encryption);
    }
    if (budget.reported < o.maxReportedEntries) {
      budget.reported++;
      entries.push(entry);
    } else truncated = true;
  }
  if (truncated) addReason(reasons, `listing truncated at ${o.maxReportedEntries} entries (all were checked)`);
  const encrypted = combine(parts);
  return { encrypted, encryption: encrypted === true ? weakestEncryption(kinds) : null, executable, entries, reasons };
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
  const cannotTell = (why: string) => {
    if (entry.executable !== true) {
      entry.executable = null;
      addReason(reasons, `${item.name}: cannot tell whether it runs code (${why})`);
    }
  };
  const byName = (why: string) => {
    entry.encrypted = entry.executable || PLAIN_BY_NAME.has(ext) ? false : null;
    if (entry.encrypted === null) addReason(reasons, `${item.name}: cannot tell (${why})`);
    if (!VIEWED_BY_NAME.has(ext)) cannotTell(why);
  };
  if (item.opaque) {
    entry.encrypted = entry.executable || PLAIN_BY_NAME.has(ext) ? false : null;
    return cannotTell(item.opaque);
  }
  if (!item.head) return byName('contents not decompressed');
  if (budget.headReads >= o.maxHeadReads) return byName('too many entries to read them all');
  budget.headReads++;
  const head = await item.head(ENTRY_HEAD_BYTES);
  if (isUnreadable(head)) {
    if (!head.damaged) return byName(head.unreadable);
    // Damaged bytes: a tool writes out what it decodes before the damage, whatever the name says.
    entry.encrypted = entry.executable || PLAIN_BY_NAME.has(ext) ? false : null;
    return cannotTell(head.unreadable);
  }
  const s = sniff(head, item.size || head.length);
  if (s.kind === 'leaf') {
    entry.format = s.format;
    entry.encrypted = s.encrypted;
    if (s.encryption) entry.encryption = s.encryption;
    if (s.executable) {
      entry.executable = true;
      addReason(reasons, `${item.name}: ${s.reason ?? 'executable'}`);
    } else if (s.executable === null) cannotTell(s.reason ?? 'packed contents not opened');
    if (s.encrypted === null && s.format === 'unknown' && !PLAIN_BY_NAME.has(ext))
      addReason(reasons, `${item.name}: cannot tell (${s.reason ?? 'unrecognised'})`);
    else if (s.encrypted === null) entry.encrypted = false;
    return;
  }
  entry.format = s.format;
  if (depth + 1 > o.maxDepth) {
    addReason(reasons, `${item.name}: nested deeper than ${o.maxDepth} levels, not opened`);
    return cannotTell('not opened');
  }
  if (!item.content) return cannotTell('contents not decompressed');
  const content = await item.content();
  if (isUnreadable(content)) {
    addReason(reasons, `${item.name}: cannot tell (${content.unreadable})`);
    return cannotTell(content.unreadable);
  }
  const nested = await inspect(content, item.name, budget, depth + 1);
  entry.format = nested.format;
  entry.encrypted = nested.encrypted;
  if (nested.encryption) entry.encryption = nested.encryption;
  entry.executable = combineExecutable([entry.executable, nested.executable]);
  if (nested.entries.length) entry.entries = nested.entries;
  for (const r of nested.reasons) addReason(reasons, `${item.name} › ${r}`);
}
