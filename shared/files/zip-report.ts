// A zip and the formats built on it, told apart by the entries they must have: OOXML
// ([Content_Types].xml), ODF (mimetype), JAR and APK (Java bytecode), MSIX/APPX and VSIX installers.
import type { ByteSource } from './byte-source.ts';
import { addReason, combineExecutable, judgeItems, type ArchiveItem, type NestedInspect } from './archive.ts';
import { weakestEncryption } from './encryption.ts';
import type { Budget, EncryptionKind, EntryReport, Executable, FileFormat, FileReport } from './types.ts';
import { listZip, ZipFormatError, type ZipEntry, type ZipListing } from './zip.ts';
import { checkEncryption } from './zip-crypto.ts';
import { isUnreadable, zipEntryContent, zipEntryHead, type Unreadable } from './zip-entry.ts';
import { crossCheck } from './zip-crosscheck.ts';
import { sniffExecutable, ENTRY_HEAD_BYTES } from './executable-bytes.ts';
import { sniff } from './sniff.ts';
import { scanLocalHeaders } from './zip-local.ts';
import { accountZip, type Accounting } from './zip-accounting.ts';
import { judgeName } from './executable-names.ts';
import { legacyName, utf8 } from './text.ts';
import { u16le } from './bytes.ts';

interface Kind {
  format: FileFormat;
  executable: string | null;
}

function kindOf(entries: ZipEntry[]): Kind {
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (names.has('appxmanifest.xml') || names.has('appxmetadata/appxbundlemanifest.xml')) {
    return { format: 'zip', executable: 'Windows app installer package (MSIX/APPX)' };
  }
  if (names.has('extension.vsixmanifest'))
    return { format: 'zip', executable: 'Visual Studio extension installer (VSIX)' };
  if (names.has('androidmanifest.xml') && names.has('classes.dex'))
    return { format: 'jar', executable: 'Android application package (APK)' };
  if (names.has('meta-inf/manifest.mf') || entries.some((e) => e.name.toLowerCase().endsWith('.class'))) {
    return { format: 'jar', executable: 'Java archive (JAR) with runnable code' };
  }
  if (names.has('[content_types].xml')) return { format: 'ooxml', executable: null };
  if (entries[0]?.name === 'mimetype' || (names.has('mimetype') && names.has('meta-inf/manifest.xml')))
    return { format: 'odf', executable: null };
  return { format: 'zip', executable: null };
}

const xmlUnescape = (s: string) =>
  s.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '',
  );

interface OdfEncryption {
  paths: Set<string>;
  scheme: EncryptionKind | null;
}

/** Paths an ODF manifest lists with encryption data (password-protected parts), and the cipher. */
async function odfEncryptedPaths(
  src: ByteSource,
  entries: ZipEntry[],
  budget: Budget,
): Promise<OdfEncryption | string> {
  const m = entries.find((e) => e.name === 'META-INF/manifest.xml');
  if (!m) return 'ODF manifest missing';
  if (m.size > 1024 * 1024) return 'ODF manifest too large';
  const content = await zipEntryContent(src, m, budget);
  if (isUnreadable(content)) return `ODF manifest unreadable (${content.unreadable})`;
  const xml = utf8(await content.read(0, content.size));
  const paths = new Set<string>();
  const schemes: EncryptionKind[] = [];
  const re = /<(?:[\w.-]+:)?file-entry\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?file-entry>)/g;
  for (let m2 = re.exec(xml); m2; m2 = re.exec(xml)) {
    const path = /full-path\s*=\s*"([^"]*)"/.exec(m2[1] ?? '');
    if (path && /<(?:[\w.-]+:)?encryption-data\b/.test(m2[2] ?? '')) {
      paths.add(xmlUnescape(path[1] ?? ''));
      const alg = /algorithm-name\s*=\s*"([^"]*)"/.exec(m2[2] ?? '')?.[1] ?? '';
      if (/aes256/i.test(alg)) schemes.push('aes-256');
      else if (/aes192/i.test(alg)) schemes.push('aes-192');
      else if (/aes128/i.test(alg)) schemes.push('aes-128');
      else if (/blowfish/i.test(alg)) schemes.push('blowfish');
    }
  }
  return { paths, scheme: weakestEncryption(schemes) };
}

/**
 * Whether the directory leaves room for entries it does not list: a local header ("PK\3\4")
 * where no listed entry is — before the first one (data "prepended" to the archive included),
 * between the end of one entry's data (at the least: header, name, data) and the start of the
 * next, or before the directory — or two listed entries that overlap (which no writer makes: the
 * records are lying about where entries are). Streaming extractors and 7-Zip would find such
 * entries; the directory does not list them. A string says why.
 */
async function hidesData(src: ByteSource, listing: ZipListing): Promise<string | null> {
  if (listing.entries.length > 5000) return null;
  const spans = listing.entries
    .map((e) => ({ at: e.localOffset, end: e.localOffset + 30 + e.nameLength + e.compressedSize, name: e.name }))
    .sort((a, b) => a.at - b.at);
  const regions: [number, number][] = [];
  let covered = 0;
  let last = '';
  for (const sp of spans) {
    if (sp.at < covered) return `the directory records of ${last || '(no name)'} and ${sp.name || '(no name)'} overlap`;
    if (sp.at - covered >= 30) regions.push([covered, sp.at]);
    covered = Math.max(covered, sp.end);
    last = sp.name;
  }
  if (listing.cdStart - covered >= 30) regions.push([covered, listing.cdStart]);
  let read = 0;
  for (const [from, to] of regions) {
    if ((read += to - from) > 64 * 1024 * 1024) return 'too much of the file lies outside the listed entries to read';
    const b = await src.read(from, to - from);
    for (let i = b.indexOf(0x50); i >= 0 && i + 4 <= b.length; i = b.indexOf(0x50, i + 1)) {
      if (b[i + 1] === 0x4b && b[i + 2] === 3 && b[i + 3] === 4) {
        const h = await src.read(from + i, 30 + 256);
        const name = h.length >= 30 ? legacyName(h.subarray(30, 30 + Math.min(256, u16le(h, 26)))) : '';
        return `${name || '(no name)'}: a local header at offset ${from + i} that the directory does not list`;
      }
    }
  }
  return null;
}

/**
 * The items of entries found by their local headers, judged like listed ones — except that here a
 * head that cannot be read is not judged by the entry's name: the accounting needs every head read
 * (a tool may still write out what it decodes before damaged data stops it). `unread` collects
 * the entries whose bytes were not had.
 */
async function localItems(
  src: ByteSource,
  entries: ZipEntry[],
  budget: Budget,
  unread: Set<ZipEntry>,
): Promise<ArchiveItem[]> {
  const items: ArchiveItem[] = [];
  for (const listed of entries) {
    let e = listed;
    if (e.encrypted && !e.directory) {
      // A flag bit is not proof: plain data under it is read as plain (zip-crypto.ts).
      const c = await checkEncryption(src, e);
      if (c.kind === 'plain') e = { ...e, encrypted: false };
      else if (c.kind === 'unknown') unread.add(listed);
    }
    const entry = e;
    // A declared size of 0 with data behind it is not "empty": read what is there.
    const empty = entry.compressedSize === 0;
    if (!entry.directory && !entry.encrypted && !empty) unread.add(listed);
    items.push({
      name: entry.name,
      directory: entry.directory,
      encrypted: entry.encrypted,
      ...(empty || entry.size > 0 ? { size: entry.size } : {}),
      head: async (n: number) => {
        const h = await zipEntryHead(src, entry, n);
        if (!isUnreadable(h)) unread.delete(listed);
        return h;
      },
      content: () => zipEntryContent(src, entry, budget),
    });
  }
  return items;
}

/**
 * The verdict of a complete accounting (zip-accounting.ts): the local entries judged like listed
 * ones, the names of the directory records still in the file judged by name. `reasons` gets why.
 */
async function judgeAccounted(
  src: ByteSource,
  acc: Extract<Accounting, { complete: true }>,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
  reasons: string[],
): Promise<{ executable: Executable; encrypted: boolean | null; entries: EntryReport[] }> {
  const kind = kindOf([...acc.entries, ...acc.centralNames.map((name) => ({ name }) as ZipEntry)]);
  const unread = new Set<ZipEntry>();
  const items = await localItems(src, acc.entries, budget, unread);
  const verdict = await judgeItems(items, budget, depth, inspect);
  for (const r of verdict.reasons) addReason(reasons, r);
  for (const en of verdict.entries)
    if (en.executable === true) addReason(reasons, `${en.name}: runs code (found by its local header)`);
  let executable: Executable = verdict.executable;
  if (unread.size && executable === false) {
    executable = null;
    addReason(
      reasons,
      `cannot tell: the bytes of ${[...unread]
        .slice(0, 5)
        .map((e) => e.name)
        .join(', ')} could not be read`,
    );
  }
  if (kind.executable) {
    addReason(reasons, kind.executable);
    executable = true;
  }
  for (const name of acc.centralNames) {
    const nj = judgeName(name, budget.options.executableExtensions);
    if (nj.executable) {
      executable = true;
      addReason(
        reasons,
        `${name}: ${nj.reasons[0] ?? 'executable by name'} (named by a directory record or a header with no data)`,
      );
    }
  }
  if (executable === false)
    addReason(
      reasons,
      `all of the file is accounted for by ${acc.entries.length} local entries` +
        (acc.empty ? ` (and ${acc.empty} header${acc.empty > 1 ? 's' : ''} with no data in the file)` : '') +
        ': nothing a tool could extract runs code',
    );
  // "Encrypted" is never claimed on a damaged directory; "some of it is readable" is.
  return { executable, encrypted: verdict.encrypted === false ? false : null, entries: verdict.entries };
}

/**
 * A zip whose directory cannot be used at all: judged by its local headers when they account for
 * the whole file (zip-accounting.ts); else what they show, and "cannot tell" for the rest.
 */
async function brokenZip(
  src: ByteSource,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
  why: string,
): Promise<FileReport> {
  const acc = await accountZip(src, budget);
  if (acc.complete) {
    const reasons = [`the central directory cannot be used: ${why}`];
    const v = await judgeAccounted(src, acc, budget, depth, inspect, reasons);
    return {
      format: 'zip',
      encrypted: v.encrypted,
      encryption: null,
      executable: v.executable,
      confidentialMarker: false,
      entries: v.entries,
      reasons,
    };
  }
  const reasons = [`cannot tell: ${why}`, `cannot tell: ${acc.why}`];
  const scan = await scanLocalHeaders(src, budget, budget.options.executableExtensions);
  for (const x of scan.executables) addReason(reasons, `${x.name}: ${x.reason} (found by its local header)`);
  if (scan.headers) addReason(reasons, `${scan.headers} local headers found behind the damaged directory`);
  return {
    format: 'zip',
    encrypted: null,
    encryption: null,
    executable: scan.executables.length ? true : null,
    confidentialMarker: false,
    entries: scan.executables.map((x) => ({ name: x.name, encrypted: null, executable: true })),
    reasons,
  };
}

/**
 * An entry whose directory record and local header disagree, read both ways (zip-crosscheck.ts):
 * a way that shows a program wins; else a way that cannot be read (encrypted ways excepted: they
 * give a tool nothing without the password) makes it "cannot tell"; else a way that opens as a
 * container is the one opened; else the directory's way.
 */
async function readBothWays(
  src: ByteSource,
  central: ZipEntry,
  local: ZipEntry,
): Promise<{ head: (n: number) => Promise<Uint8Array | Unreadable>; variant: ZipEntry; opaque?: string }> {
  const ways = [central, local].filter((w) => !w.encrypted);
  const heads: { way: ZipEntry; head: Uint8Array }[] = [];
  let unreadable: string | null = null;
  for (const way of ways) {
    const h = await zipEntryHead(src, way, ENTRY_HEAD_BYTES);
    if (isUnreadable(h)) unreadable ??= h.unreadable;
    else heads.push({ way, head: h });
  }
  const fixed = (x: { way: ZipEntry; head: Uint8Array }) => ({
    head: async (n: number) => x.head.subarray(0, n),
    variant: x.way,
  });
  const exe = heads.find((x) => sniffExecutable(x.head) !== null);
  if (exe) return fixed(exe);
  if (unreadable !== null || !heads.length)
    return {
      ...fixed(heads[0] ?? { way: central, head: new Uint8Array(0) }),
      opaque: `its local header disagrees with the directory and one way of reading it fails (${unreadable ?? 'encrypted'})`,
    };
  const container = heads.find((x) => sniff(x.head, x.head.length).kind === 'container');
  return fixed(container ?? (heads[0] as { way: ZipEntry; head: Uint8Array }));
}

export async function inspectZip(
  src: ByteSource,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
  /** The file starts as a zip: a directory that cannot be used is "damaged" (scan the local headers), not "not a zip". */
  startsAsZip = false,
): Promise<FileReport> {
  let listing: ZipListing;
  try {
    listing = await listZip(src, budget);
  } catch (e) {
    if (!(e instanceof ZipFormatError)) throw e;
    if (startsAsZip) return brokenZip(src, budget, depth, inspect, e.message);
    // Behind other data, an end record with no usable directory: the local headers may still hold
    // what 7-Zip and unzip find by them. Unless they show a program or leave it open, not a zip.
    const broken = await brokenZip(src, budget, depth, inspect, e.message);
    if (broken.executable !== false) return broken;
    throw e;
  }
  const kind = kindOf(listing.entries);
  const reasons: string[] = [];
  let encryptedPaths = new Set<string>();
  let odfScheme: EncryptionKind | null = null;
  if (kind.format === 'odf') {
    const r = await odfEncryptedPaths(src, listing.entries, budget);
    if (typeof r === 'string') addReason(reasons, r);
    else ((encryptedPaths = r.paths), (odfScheme = r.scheme));
    if (encryptedPaths.size)
      addReason(reasons, `ODF document encrypted with a password (${encryptedPaths.size} parts)`);
  }
  const schemes = new Set<string>();
  const items: ArchiveItem[] = [];
  // Streaming extractors (libarchive, Java's ZipInputStream) name files by their local headers.
  const localNames: { central: string; local: string }[] = [];
  const missingLocal: string[] = [];
  for (const listed of listing.entries) {
    let e = listed;
    let encryption: EncryptionKind | undefined;
    let unknown: string | null = null;
    if (e.encrypted && !e.directory) {
      // One flag bit is not proof: the local header must agree and the encryption must be there.
      const c = budget.headReads < budget.options.maxHeadReads ? await checkEncryption(src, e) : null;
      budget.headReads++;
      if (!c) unknown = 'too many entries to check them all';
      else if (c.kind === 'plain') {
        addReason(reasons, `${e.name}: not encrypted after all (${c.why})`);
        e = { ...e, encrypted: false };
      } else if (c.kind === 'unknown') unknown = c.why;
      else {
        if (c.scheme) encryption = c.scheme;
        schemes.add(
          c.scheme === 'zipcrypto'
            ? 'ZipCrypto (legacy, weak)'
            : c.scheme
              ? `WinZip ${c.scheme.toUpperCase()}`
              : 'PKWARE strong encryption',
        );
      }
    }
    const entry = e;
    const odfPart = encryptedPaths.has(e.name);
    // The local header this record points to must say the same (zip-crosscheck.ts).
    const check = unknown === null ? await crossCheck(src, entry) : null;
    if (check?.kind === 'missing' && !missingLocal.includes(entry.name)) missingLocal.push(entry.name);
    let conflict: { head: (n: number) => Promise<Uint8Array | Unreadable>; variant: ZipEntry; opaque?: string } | null =
      null;
    if (check && check.kind !== 'missing' && check.local.name !== entry.name)
      localNames.push({ central: entry.name, local: check.local.name });
    if (check?.kind === 'disagrees') {
      addReason(reasons, `${entry.name || '(no name)'}: its local header disagrees (${check.what.join(', ')})`);
      conflict = await readBothWays(src, entry, check.asLocal);
    }
    const item: ArchiveItem = {
      name: e.name,
      // A record named as a folder whose local header says otherwise is a file to some tool.
      directory: e.directory && !conflict,
      encrypted: (entry.encrypted && unknown === null) || odfPart,
      ...(odfPart && odfScheme ? { encryption: odfScheme } : encryption ? { encryption } : {}),
      ...(conflict?.opaque ? { opaque: conflict.opaque } : {}),
      size: e.size,
      // A size of 0 is believed only with no data behind it and a local header that agrees.
      readEmpty: conflict !== null || (e.size === 0 && e.compressedSize > 0),
      metadata: kind.format === 'odf' && (e.name === 'mimetype' || e.name === 'META-INF/manifest.xml'),
      head:
        unknown !== null
          ? async () => ({ unreadable: `encryption cannot be confirmed (${unknown})` })
          : conflict
            ? conflict.head
            : async (n) => {
                const h = await zipEntryHead(src, entry, n);
                if (isUnreadable(h) && h.unreadable === 'local header missing' && !missingLocal.includes(entry.name)) {
                  // The directory points where no entry starts: unzip shifts its offsets, 7-Zip walks the
                  // local headers — this directory is not the whole truth.
                  missingLocal.push(entry.name);
                }
                return h;
              },
      content:
        unknown !== null
          ? async () => ({ unreadable: `encryption cannot be confirmed (${unknown})` })
          : () => zipEntryContent(src, conflict?.variant ?? entry, budget),
    };
    items.push(item);
  }
  const verdict = await judgeItems(items, budget, depth, inspect);
  for (const sc of schemes) addReason(reasons, `entries encrypted with ${sc}`);
  if (kind.executable) addReason(reasons, kind.executable);
  if (kind.format === 'ooxml' && listing.entries.some((e) => /vbaproject\.bin$/i.test(e.name)))
    addReason(reasons, 'contains VBA macros');
  for (const p of listing.problems) addReason(reasons, p);
  for (const r of verdict.reasons) addReason(reasons, r);
  let encrypted = verdict.encrypted;
  let executable = kind.executable !== null ? true : verdict.executable;
  const entries = verdict.entries;
  if (missingLocal.length)
    addReason(reasons, `the directory points at no local header for ${missingLocal.slice(0, 5).join(', ')}`);
  let damaged = listing.problems.length > 0 || listing.entries.length < listing.declared || missingLocal.length > 0;
  // A damaged directory hides entries: "readable" still stands (if something was read), "all encrypted" does not.
  if (listing.problems.length && (encrypted === true || listing.entries.length === 0)) encrypted = null;
  if (listing.entries.length < listing.declared) {
    if (encrypted !== false) encrypted = null;
    addReason(reasons, `only ${listing.entries.length} of ${listing.declared} entries could be read`);
  }
  for (const m of localNames) {
    addReason(reasons, `${m.central || '(no name)'}: its local header names it ${JSON.stringify(m.local)}`);
    if (judgeName(m.local, budget.options.executableExtensions).executable) {
      executable = true;
      addReason(reasons, `${m.local}: executable by the name in its local header`);
    }
  }
  if (!damaged && executable !== true) {
    // Room in the file the directory does not account for: entries it does not list. The directory
    // is then not the whole truth, like a damaged one.
    const hidden = await hidesData(src, listing);
    if (hidden) {
      damaged = true;
      addReason(reasons, `the directory does not account for the whole file: ${hidden}`);
    }
  }
  let accounted = false;
  if (damaged && executable !== true) {
    // The directory cannot be trusted: the verdict stands only if the local headers account for the file.
    const acc = await accountZip(src, budget);
    if (acc.complete) {
      const v = await judgeAccounted(src, acc, budget, depth, inspect, reasons);
      executable = combineExecutable([executable, v.executable]);
      if (v.encrypted === false && encrypted !== false) encrypted = false;
      accounted = executable !== null;
      if (v.executable === true)
        for (const en of v.entries)
          if (en.executable === true && !entries.some((x) => x.name === en.name)) entries.push(en);
    } else addReason(reasons, `cannot tell: ${acc.why}`);
  }
  if (damaged && executable !== true && !accounted) {
    // What the directory hides, the local headers may still show (unzip and zipfile find entries by them).
    const scan = await scanLocalHeaders(src, budget, budget.options.executableExtensions);
    for (const x of scan.executables) {
      addReason(reasons, `${x.name}: ${x.reason} (found by its local header)`);
      if (!entries.some((en) => en.name === x.name)) entries.push({ name: x.name, encrypted: null, executable: true });
    }
    executable = scan.executables.length ? true : null;
    if (executable === null) addReason(reasons, 'cannot tell whether it holds a program: the directory is damaged');
  }
  return {
    format: kind.format,
    encrypted,
    encryption: encrypted === true ? verdict.encryption : null,
    executable,
    confidentialMarker: false,
    entries,
    reasons,
  };
}
