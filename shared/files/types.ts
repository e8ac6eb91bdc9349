// The engine's answer (DESIGN §5) and the limits that keep hostile files cheap.

/** Format names: a contract the CLI and its tests rely on (DESIGN §5). */
// prettier-ignore
export type FileFormat =
  | 'zip' | '7z' | 'rar' | 'pdf' | 'ooxml' | 'odf' | 'cfb' | 'p7m' | 'pe' | 'elf' | 'macho' | 'jar' | 'lnk'
  | 'iso' | 'script' | 'html' | 'text' | 'empty' | 'tar' | 'gzip' | 'xz' | 'bzip2' | 'cab' | 'unknown';

/** true: every part that holds content is encrypted; false: some part is readable; null: cannot tell. */
export type Encrypted = boolean | null;

/** true: it (or something inside it) runs code; false: nothing does; null: cannot tell (not all of it was read). */
export type Executable = boolean | null;

/**
 * How a file is protected (DESIGN §5 `encryption`). The no-secret kinds open for anyone (a PDF with
 * only an owner password, an Excel workbook under the built-in default password): `encrypted` is false.
 */
// prettier-ignore
export type EncryptionKind =
  | 'zipcrypto' | 'aes-128' | 'aes-192' | 'aes-256' | 'rc4' | 'agile' | 'standard' | 'smime' | 'irm'
  | 'openpgp' | 'blowfish' | 'xor' | 'pdf-owner-only' | 'xls-default-password';

export interface EntryReport {
  name: string;
  encrypted: Encrypted;
  executable: Executable;
  encryption?: EncryptionKind;
  size?: number;
  format?: FileFormat;
  entries?: EntryReport[];
}

export interface FileReport {
  format: FileFormat;
  encrypted: Encrypted;
  /** The scheme that protects it; for a container the weakest of its parts'. null: not encrypted, or cannot tell. */
  encryption: EncryptionKind | null;
  executable: Executable;
  confidentialMarker: boolean;
  entries: EntryReport[];
  reasons: string[];
}

export interface InspectOptions {
  /** How deep archives inside archives are opened (the file itself is depth 0). */
  maxDepth?: number;
  /** Entries listed in the report, all levels together; the rest are checked but not listed. */
  maxReportedEntries?: number;
  /** Entries an archive may declare before it is judged hostile ("cannot tell"). */
  maxEntries?: number;
  /** Largest nested file that is decompressed in full to be inspected. */
  maxNestedSize?: number;
  /** Decompressed bytes allowed for one inspection, all entries together. */
  maxInflateTotal?: number;
  /** Decompressed / compressed above this (for more than 1 MiB of output) is a bomb. */
  maxRatio?: number;
  /** Entries whose first bytes are read and sniffed, all levels together. */
  maxHeadReads?: number;
  /** Wall-clock budget; past it the engine stops and says "cannot tell". */
  timeLimitMs?: number;
  /** More extensions to treat as executable (the policy's list). */
  executableExtensions?: readonly string[];
}

export const DEFAULT_OPTIONS: Required<InspectOptions> = {
  maxDepth: 3,
  maxReportedEntries: 1000,
  maxEntries: 100_000,
  maxNestedSize: 16 * 1024 * 1024,
  maxInflateTotal: 48 * 1024 * 1024,
  maxRatio: 200,
  maxHeadReads: 5000,
  timeLimitMs: 3000,
  executableExtensions: [],
};

/** Shared state of one inspection: counters against the limits above. */
export interface Budget {
  readonly options: Required<InspectOptions>;
  reported: number;
  inflated: number;
  headReads: number;
  readonly deadline: number;
}

export function newBudget(options: InspectOptions = {}): Budget {
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  return { options: o, reported: 0, inflated: 0, headReads: 0, deadline: now() + o.timeLimitMs };
}

function stripUndefined(o: InspectOptions): InspectOptions {
  const r: Record<string, unknown> = {};
  for (const k of Object.keys(o))
    if ((o as Record<string, unknown>)[k] !== undefined) r[k] = (o as Record<string, unknown>)[k];
  return r as InspectOptions;
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Thrown inside the engine when a limit is hit; caught where the "cannot tell" is reported. */
export class LimitError extends Error {
  override name = 'LimitError';
}

export function checkTime(b: Budget): void {
  if (now() > b.deadline) throw new LimitError('time limit reached');
}
