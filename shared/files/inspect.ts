// The engine's entry point: three answers about a file (executable? encrypted? marked 要機密?)
// from the few byte ranges they need. It never throws: what it cannot read is "cannot tell" (null).
import type { ByteSource } from './byte-source.ts';
import { addReason } from './archive.ts';
import { inspectCfb } from './cfb-report.ts';
import { ENTRY_HEAD_BYTES, HEAD_BYTES, sniffDiskImage } from './executable-bytes.ts';
import { extensionOf, judgeName } from './executable-names.ts';
import { inspectPdf } from './pdf.ts';
import { inspectRar } from './rar-report.ts';
import { inspectSevenZip } from './seven-zip-report.ts';
import { sniff, type ContainerFormat } from './sniff.ts';
import { checkTime, newBudget, type Budget, type FileFormat, type FileReport, type InspectOptions } from './types.ts';
import { hasZipEnd } from './zip.ts';
import { inspectZip } from './zip-report.ts';
import { inspectBzip2, inspectGzip, inspectTar, inspectXz } from './wrappers.ts';
import { inspectCab } from './cab.ts';
import { confidentialMarkers } from '../markers/confidential.ts';

// Text that runs when opened: reported as "script" rather than "text".
// prettier-ignore
const SCRIPT_EXTENSIONS = new Set([
  'bat', 'cmd', 'ps1', 'psm1', 'psd1', 'vbs', 'vbe', 'vb', 'js', 'jse', 'mjs', 'wsf', 'wsh', 'wsc', 'sct',
  'hta', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'command', 'py', 'pyw', 'pl', 'rb', 'php', 'reg', 'inf', 'scf',
  'url', 'ahk', 'au3', 'applescript',
]);

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function inspectContainer(
  format: ContainerFormat,
  src: ByteSource,
  name: string,
  budget: Budget,
  depth: number,
): Promise<FileReport> {
  switch (format) {
    case 'zip':
      return inspectZip(src, budget, depth, inspectSource, true);
    case 'tar':
      return inspectTar(src, budget, depth, inspectSource);
    case 'gzip':
      return inspectGzip(src, name, budget, depth, inspectSource);
    case 'xz':
      return inspectXz(src, name, budget, depth, inspectSource);
    case 'bzip2':
      return inspectBzip2();
    case 'cab':
      return inspectCab(src, budget, depth, inspectSource);
    case '7z':
      return inspectSevenZip(src, budget, depth, inspectSource);
    case 'rar':
      return inspectRar(src, budget, depth, inspectSource);
    case 'pdf':
      return inspectPdf(src);
    case 'cfb':
      return inspectCfb(src, budget);
  }
}

/** Sniffs the head and hands the file to its parser; `seen.format` keeps what it was taken for. */
async function judgeSource(
  src: ByteSource,
  name: string,
  budget: Budget,
  depth: number,
  seen: { format: FileFormat },
): Promise<FileReport> {
  checkTime(budget);
  // Containers show their magic in the first bytes: read a little first, the full head only for leaves.
  let head = await src.read(0, ENTRY_HEAD_BYTES);
  let s = sniff(head, src.size);
  if (s.kind === 'leaf' && src.size > head.length) {
    head = await src.read(0, HEAD_BYTES);
    s = sniff(head, src.size);
  }
  if (s.kind === 'leaf' && s.format === 'unknown' && s.encrypted === null && src.size > head.length) {
    // Disk images are recognised from descriptors deep inside or footers at the end.
    const disk = await sniffDiskImage(src);
    if (disk) s = { kind: 'leaf', format: disk.format, encrypted: false, executable: true, reason: disk.reason };
  }
  if (s.kind === 'container') {
    seen.format = s.format;
    return inspectContainer(s.format, src, name, budget, depth);
  }
  seen.format = s.format;
  if (!s.executable && s.format !== 'empty' && (await hasZipEnd(src))) {
    // A zip behind other data (a text or image "polyglot", a self-extractor stub) still opens as a zip.
    try {
      const z = await inspectZip(src, budget, depth, inspectSource);
      z.reasons.unshift(`a zip archive follows ${s.format === 'unknown' ? 'other' : s.format} data`);
      return z;
    } catch {
      // Not a usable zip after all: the head's verdict stands.
    }
  }
  return {
    format: s.format,
    encrypted: s.encrypted,
    encryption: s.encryption ?? null,
    executable: s.executable,
    confidentialMarker: false,
    entries: [],
    reasons: s.reason ? [s.reason] : [],
  };
}

/** Inspects one file or nested entry; `depth` counts archive levels above it. Never throws. */
export async function inspectSource(src: ByteSource, name: string, budget: Budget, depth: number): Promise<FileReport> {
  const seen: { format: FileFormat } = { format: 'unknown' };
  let report: FileReport;
  try {
    report = await judgeSource(src, name, budget, depth, seen);
  } catch (e) {
    // Whatever stopped the parser (damage, a limit, the clock) leaves what the file holds unknown.
    report = {
      format: seen.format,
      encrypted: null,
      encryption: null,
      executable: null,
      confidentialMarker: false,
      entries: [],
      reasons: [`cannot tell: ${describe(e)}`],
    };
  }
  const nj = judgeName(name, budget.options.executableExtensions);
  // Entries of an archive have their names judged (and reported) by the archive's listing.
  if (depth === 0) {
    if (nj.executable) report.executable = true;
    report.reasons.unshift(...nj.reasons);
  }
  if (
    (report.format === 'text' || report.format === 'html') &&
    nj.executable &&
    SCRIPT_EXTENSIONS.has(extensionOf(nj.name))
  ) {
    report.format = 'script';
  }
  return report;
}

/**
 * Inspects a file: its format, whether it (or anything inside it) is executable, whether all of
 * its content is encrypted (null: cannot tell), and whether its display name carries a 要機密 marker.
 */
export async function inspectFile(
  source: ByteSource,
  displayName: string,
  options: InspectOptions = {},
): Promise<FileReport> {
  const budget = newBudget(options);
  let report: FileReport;
  try {
    report = await inspectSource(source, displayName, budget, 0);
  } catch (e) {
    // inspectSource catches its own errors; this guards against the unforeseen all the same.
    report = {
      format: 'unknown',
      encrypted: null,
      encryption: null,
      executable: judgeName(displayName).executable || null,
      confidentialMarker: false,
      entries: [],
      reasons: [`cannot tell: ${describe(e)}`],
    };
  }
  const markers = confidentialMarkers(displayName);
  const reasons = report.reasons;
  if (markers.length) addReason(reasons, `confidentiality marker in the name (${markers.join(', ')})`);
  // A fresh object in the documented field order, whatever order the parsers built.
  return {
    format: report.format,
    encrypted: report.encrypted,
    encryption: report.encryption,
    executable: report.executable,
    confidentialMarker: markers.length > 0,
    entries: report.entries,
    reasons,
  };
}
