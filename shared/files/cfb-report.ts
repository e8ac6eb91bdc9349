// What a compound file is and whether it is encrypted: password-protected OOXML ([MS-OFFCRYPTO]
// EncryptionInfo + EncryptedPackage), IRM/DRM data spaces, Word's FIB fEncrypted bit, Excel's
// FILEPASS record, PowerPoint's encrypted CurrentUserAtom; MSI/MSP/MST installers are executable.
import type { ByteSource } from './byte-source.ts';
import { addReason } from './archive.ts';
import { hex, latin1, u16le, u32le } from './bytes.ts';
import { Cfb, type CfbEntry } from './cfb.ts';
import { judgeName } from './executable-names.ts';
import { sniffExecutable } from './executable-bytes.ts';
import { utf16leText } from './text.ts';
import { opensWithDefaultPassword } from './office-default-password.ts';
import type { Budget, Encrypted, EncryptionKind, EntryReport, FileReport } from './types.ts';

// Root storage CLSIDs of Windows Installer files, as stored (little-endian GUID fields).
const INSTALLER_CLSIDS: Record<string, string> = {
  '84100c0000000000c000000000000046': 'Windows Installer package (MSI)',
  '86100c0000000000c000000000000046': 'Windows Installer patch (MSP)',
  '82100c0000000000c000000000000046': 'Windows Installer transform (MST)',
};

interface Judgement {
  encrypted: Encrypted;
  reason: string;
  encryption?: EncryptionKind;
}

/** [MS-OFFCRYPTO] EncryptionInfo version: 4.4 is Agile, x.2 (x = 2, 3, 4) Standard, x.3 extensible. */
async function officeScheme(cfb: Cfb): Promise<EncryptionKind | undefined> {
  const info = cfb.find('EncryptionInfo');
  if (!info) return undefined;
  const b = await cfb.readStream(info, 8);
  const major = u16le(b, 0);
  const minor = u16le(b, 2);
  if (major === 4 && minor === 4) return 'agile';
  if (minor === 2 && major >= 2 && major <= 4) return 'standard';
  return undefined;
}

async function wordEncrypted(cfb: Cfb, e: CfbEntry): Promise<Judgement> {
  const fib = await cfb.readStream(e, 32);
  if (fib.length < 12) return { encrypted: null, reason: 'Word document header (FIB) is truncated' };
  const ident = u16le(fib, 0);
  if (ident !== 0xa5ec && ident !== 0xa5dc)
    return { encrypted: null, reason: 'Word document header (FIB) is not recognised' };
  const flags = u16le(fib, 0x0a);
  if (flags & 0x0100) {
    // fObfuscated: XOR obfuscation; otherwise RC4 (plain or CryptoAPI): both weak.
    return {
      encrypted: true,
      reason: 'Word document encrypted with a password (FIB fEncrypted)',
      encryption: flags & 0x8000 ? 'xor' : 'rc4',
    };
  }
  return { encrypted: false, reason: 'Word document (not encrypted)' };
}

async function excelEncrypted(cfb: Cfb, e: CfbEntry): Promise<Judgement> {
  const b = await cfb.readStream(e, 8192);
  // FILEPASS sits among the first records of the workbook globals, right after BOF.
  for (let p = 0, n = 0; p + 4 <= b.length && n < 64; n++) {
    const type = u16le(b, p);
    const len = u16le(b, p + 2);
    if (n === 0 && type !== 0x0809 && type !== 0x0409 && type !== 0x0209 && type !== 0x0009) {
      return { encrypted: null, reason: 'Excel workbook stream does not start with BOF' };
    }
    if (type === 0x002f) return filePass(b.subarray(p + 4, p + 4 + len));
    // BOUNDSHEET or later records come after where FILEPASS would be.
    if (type === 0x0085 || type === 0x00fc || type === 0x000a) break;
    p += 4 + len;
  }
  return { encrypted: false, reason: 'Excel workbook (not encrypted)' };
}

/**
 * Excel FILEPASS: XOR obfuscation (type 0) or RC4 (type 1: RC4 or CryptoAPI RC4). A workbook
 * whose password is Excel's built-in "VelvetSweatshop" opens for anyone: not encrypted.
 */
function filePass(body: Uint8Array): Judgement {
  const type = u16le(body, 0);
  const scheme: EncryptionKind = type === 0 ? 'xor' : 'rc4';
  if (opensWithDefaultPassword(body)) {
    return {
      encrypted: false,
      encryption: 'xls-default-password',
      reason: 'Excel workbook protected only by the built-in default password (VelvetSweatshop): opens for anyone',
    };
  }
  return { encrypted: true, encryption: scheme, reason: 'Excel workbook encrypted with a password (FILEPASS)' };
}

async function powerPointEncrypted(cfb: Cfb): Promise<Judgement> {
  if (cfb.find('EncryptedSummary'))
    return { encrypted: true, encryption: 'rc4', reason: 'PowerPoint presentation encrypted with a password' };
  const cu = cfb.find('Current User');
  if (!cu) return { encrypted: null, reason: 'PowerPoint presentation without a Current User stream' };
  const b = await cfb.readStream(cu, 16);
  const token = u32le(b, 12);
  if (token === 0xf3d1c4df)
    return { encrypted: true, encryption: 'rc4', reason: 'PowerPoint presentation encrypted with a password' };
  if (token === 0xe391c05f) return { encrypted: false, reason: 'PowerPoint presentation (not encrypted)' };
  return { encrypted: null, reason: 'PowerPoint Current User stream is not recognised' };
}

/** An OLE Package object (Ole10Native): the embedded file's name and the head of its data. */
async function packagedFile(cfb: Cfb, e: CfbEntry): Promise<EntryReport | null> {
  const b = await cfb.readStream(e, 8192);
  const zstr = (from: number) => {
    const end = b.indexOf(0, from);
    return end < 0 ? null : { text: latin1(b, from, end), next: end + 1 };
  };
  const label = zstr(6);
  if (!label) return null;
  const path = zstr(label.next);
  const name = label.text || (path ? path.text : 'package');
  const entry: EntryReport = { name, encrypted: false, executable: judgeName(name).executable };
  if (path) {
    if (judgeName(path.text).executable) entry.executable = true;
    const tmpLen = u32le(b, path.next + 4);
    const dataAt = path.next + 8 + tmpLen + 4;
    if (tmpLen < 4096 && dataAt < b.length) {
      const exe = sniffExecutable(b.subarray(dataAt));
      if (exe) {
        entry.executable = true;
        entry.format = exe.format;
      }
    }
  }
  return entry;
}

export async function inspectCfb(src: ByteSource, budget: Budget): Promise<FileReport> {
  const cfb = await Cfb.open(src);
  const reasons: string[] = [];
  const entries: EntryReport[] = [];
  let executable = false;
  const names = new Set(cfb.entries.map((e) => e.name));
  const root = cfb.root;
  const installer = root ? INSTALLER_CLSIDS[hex(root.clsid)] : undefined;
  // MSI tables are streams whose names are packed into U+3800–U+4840.
  const msiStreams = cfb.entries.some((e) => /^[\u3800-\u4840]/.test(e.name));
  if (installer || (msiStreams && names.has('\u0005SummaryInformation'))) {
    executable = true;
    addReason(reasons, installer ?? 'Windows Installer package (MSI tables)');
  }

  let j: Judgement;
  const dataSpaces = names.has('\u0006DataSpaces');
  if (names.has('EncryptedPackage') && names.has('EncryptionInfo')) {
    const scheme = await officeScheme(cfb);
    j = {
      encrypted: true,
      reason: 'password-protected Office document (EncryptionInfo + EncryptedPackage)',
      ...(scheme ? { encryption: scheme } : {}),
    };
  } else if (
    dataSpaces &&
    (names.has('\u0009DRMContent') || names.has('EncryptedPackage') || [...names].some((n) => /DRM/i.test(n)))
  ) {
    j = { encrypted: true, encryption: 'irm', reason: 'rights-managed (IRM/DRM) protected document' };
  } else if (dataSpaces) {
    j = { encrypted: true, encryption: 'irm', reason: 'document with a protected data space' };
  } else if (cfb.find('WordDocument')) {
    j = await wordEncrypted(cfb, cfb.find('WordDocument') as CfbEntry);
  } else if (cfb.find('Workbook') || cfb.find('Book')) {
    j = await excelEncrypted(cfb, (cfb.find('Workbook') ?? cfb.find('Book')) as CfbEntry);
  } else if (cfb.find('PowerPoint Document')) {
    j = await powerPointEncrypted(cfb);
  } else if (names.has('__properties_version1.0')) {
    j = { encrypted: false, reason: 'Outlook message (.msg)' };
  } else if (executable) {
    j = { encrypted: false, reason: 'installer' };
  } else {
    j = { encrypted: null, reason: 'compound file of a kind not recognised here' };
  }
  addReason(reasons, j.reason);

  // Attachment names of an Outlook message (PidTagAttachLongFilename / PidTagAttachFilename).
  let listed = 0;
  for (const e of cfb.entries) {
    if (listed >= 500) break;
    if (e.type === 2 && /^__substg1\.0_370[47]001[EF]$/.test(e.name) && e.size < 4096) {
      const b = await cfb.readStream(e, 2048);
      const name = (e.name.endsWith('F') ? utf16leText(b) : latin1(b)).replace(/\0+$/, '');
      if (!name) continue;
      listed++;
      const nj = judgeName(name, budget.options.executableExtensions);
      if (!entries.some((x) => x.name === name)) entries.push({ name, encrypted: null, executable: nj.executable });
      if (nj.executable) {
        executable = true;
        addReason(reasons, `attachment ${name}: ${nj.reasons[0] ?? 'executable'}`);
      }
    } else if (e.type === 2 && e.name === '\u0001Ole10Native') {
      const p = await packagedFile(cfb, e);
      if (p) {
        listed++;
        entries.push(p);
        if (p.executable) {
          executable = true;
          addReason(reasons, `embedded package ${p.name} is executable`);
        }
      }
    }
  }
  return {
    format: 'cfb',
    encrypted: j.encrypted,
    encryption: j.encryption ?? null,
    executable,
    confidentialMarker: false,
    entries,
    reasons,
  };
}
