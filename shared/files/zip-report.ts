// A zip and the formats built on it, told apart by the entries they must have: OOXML
// ([Content_Types].xml), ODF (mimetype), JAR and APK (Java bytecode), MSIX/APPX and VSIX installers.
import type { ByteSource } from './byte-source.ts';
import { addReason, judgeItems, type ArchiveItem, type NestedInspect } from './archive.ts';
import { utf8 } from './text.ts';
import type { Budget, FileFormat, FileReport } from './types.ts';
import { listZip, type ZipEntry } from './zip.ts';
import { isUnreadable, zipEntryContent, zipEntryHead } from './zip-entry.ts';

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

/** Paths an ODF manifest lists with encryption data (password-protected parts). */
async function odfEncryptedPaths(src: ByteSource, entries: ZipEntry[], budget: Budget): Promise<Set<string> | string> {
  const m = entries.find((e) => e.name === 'META-INF/manifest.xml');
  if (!m) return 'ODF manifest missing';
  if (m.size > 1024 * 1024) return 'ODF manifest too large';
  const content = await zipEntryContent(src, m, budget);
  if (isUnreadable(content)) return `ODF manifest unreadable (${content.unreadable})`;
  const xml = utf8(await content.read(0, content.size));
  const paths = new Set<string>();
  const re = /<(?:[\w.-]+:)?file-entry\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?file-entry>)/g;
  for (let m2 = re.exec(xml); m2; m2 = re.exec(xml)) {
    const path = /full-path\s*=\s*"([^"]*)"/.exec(m2[1] ?? '');
    if (path && /<(?:[\w.-]+:)?encryption-data\b/.test(m2[2] ?? '')) paths.add(xmlUnescape(path[1] ?? ''));
  }
  return paths;
}

export async function inspectZip(
  src: ByteSource,
  budget: Budget,
  depth: number,
  inspect: NestedInspect,
): Promise<FileReport> {
  const listing = await listZip(src, budget);
  const kind = kindOf(listing.entries);
  const reasons: string[] = [];
  let encryptedPaths = new Set<string>();
  if (kind.format === 'odf') {
    const r = await odfEncryptedPaths(src, listing.entries, budget);
    if (typeof r === 'string') addReason(reasons, r);
    else encryptedPaths = r;
    if (encryptedPaths.size)
      addReason(reasons, `ODF document encrypted with a password (${encryptedPaths.size} parts)`);
  }
  const items: ArchiveItem[] = listing.entries.map((e) => {
    const item: ArchiveItem = {
      name: e.name,
      directory: e.directory,
      encrypted: e.encrypted || encryptedPaths.has(e.name),
      size: e.size,
      metadata: kind.format === 'odf' && (e.name === 'mimetype' || e.name === 'META-INF/manifest.xml'),
      head: (n) => zipEntryHead(src, e, n),
      content: () => zipEntryContent(src, e, budget),
    };
    return item;
  });
  const verdict = await judgeItems(items, budget, depth, inspect);
  const zipCrypto = listing.entries.some((e) => e.encrypted && !e.aes);
  const aes = listing.entries.some((e) => e.aes);
  if (zipCrypto) addReason(reasons, 'entries encrypted with ZipCrypto (legacy, weak)');
  if (aes) addReason(reasons, 'entries encrypted with WinZip AES');
  if (kind.executable) addReason(reasons, kind.executable);
  if (kind.format === 'ooxml' && listing.entries.some((e) => /vbaproject\.bin$/i.test(e.name)))
    addReason(reasons, 'contains VBA macros');
  for (const p of listing.problems) addReason(reasons, p);
  for (const r of verdict.reasons) addReason(reasons, r);
  let encrypted = verdict.encrypted;
  // A damaged directory hides entries: "readable" still stands, "all encrypted" does not.
  if (listing.problems.length && encrypted === true) encrypted = null;
  if (listing.entries.length < listing.declared && encrypted !== false) {
    encrypted = null;
    addReason(reasons, `only ${listing.entries.length} of ${listing.declared} entries could be read`);
  }
  return {
    format: kind.format,
    encrypted,
    executable: verdict.executable || kind.executable !== null,
    confidentialMarker: false,
    entries: verdict.entries,
    reasons,
  };
}
