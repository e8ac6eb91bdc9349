// Executable by bytes: the magic numbers the loaders themselves check, so a renamed program is
// still found (PE/COFF, ELF, Mach-O, shebang scripts, Windows shortcuts, Java classes, disk images).
import type { ByteSource } from './byte-source.ts';
import { hasAscii, hasBytes, u16le, u32be, u32le } from './bytes.ts';

export type ExecutableFormat = 'pe' | 'elf' | 'macho' | 'script' | 'lnk' | 'jar' | 'iso';

export interface ExecutableSniff {
  readonly format: ExecutableFormat;
  readonly reason: string;
}

const LNK = [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00];
const MACHO = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
];

/** How many bytes of the head the sniffers below want to see. */
export const HEAD_BYTES = 4096;
/**
 * For entries inside archives, where each head costs a read (and maybe an inflate): the magic
 * numbers, and the PE signature of linkers' usual layouts (e_lfanew ≤ 0x1F8; a PE whose header
 * lies further is still caught as an MZ program).
 */
export const ENTRY_HEAD_BYTES = 512;

/** Judges the first bytes of a file (HEAD_BYTES of them, or the whole file if smaller). */
export function sniffExecutable(head: Uint8Array): ExecutableSniff | null {
  if (head[0] === 0x4d && head[1] === 0x5a) {
    const lfanew = u32le(head, 0x3c);
    if (head.length >= 0x40 && lfanew >= 0x40 && hasBytes(head, lfanew, [0x50, 0x45, 0, 0])) {
      return { format: 'pe', reason: 'Windows program (PE: MZ header with PE signature)' };
    }
    // A DOS program, or a PE whose header lies past what we read: either way a program, if the DOS
    // header is plausible (header size in paragraphs, e_lfanew past it) or carries the DOS stub text.
    const paragraphs = u16le(head, 8);
    const plausible = paragraphs >= 2 && paragraphs <= 0x100 && lfanew >= 0x40 && lfanew < 0x1000000;
    if (head.length >= 0x40 && ((plausible && lfanew >= head.length) || hasAscii(head, 0x4e, 'This program'))) {
      return { format: 'pe', reason: 'DOS/Windows program (MZ header)' };
    }
  }
  if (hasBytes(head, 0, [0x7f, 0x45, 0x4c, 0x46])) return { format: 'elf', reason: 'ELF program' };
  for (const m of MACHO) if (hasBytes(head, 0, m)) return { format: 'macho', reason: 'Mach-O program' };
  if (hasBytes(head, 0, [0xca, 0xfe, 0xba, 0xbe]) || hasBytes(head, 0, [0xca, 0xfe, 0xba, 0xbf])) {
    // The same magic opens a Java class file: a fat Mach-O counts architectures (a few), a class
    // file has its version there (major 45 and up).
    const n = u32be(head, 4);
    if (head[3] === 0xbf || (n > 0 && n < 45)) return { format: 'macho', reason: 'Mach-O universal program' };
    return { format: 'jar', reason: 'Java class file' };
  }
  // "#!/path" or "#! /path" (optionally after a UTF-8 BOM): the kernel's interpreter line.
  const bang = hasBytes(head, 0, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const path = head[bang + 2] === 0x2f || (head[bang + 2] === 0x20 && head[bang + 3] === 0x2f);
  if (head[bang] === 0x23 && head[bang + 1] === 0x21 && path) {
    return { format: 'script', reason: 'script with an interpreter line (#!)' };
  }
  if (hasBytes(head, 0, LNK)) return { format: 'lnk', reason: 'Windows shortcut (.lnk)' };
  if (hasAscii(head, 0, 'vhdxfile')) return { format: 'iso', reason: 'disk image (VHDX)' };
  if (hasAscii(head, 0, 'conectix')) return { format: 'iso', reason: 'disk image (VHD)' };
  return null;
}

/** Disk images are recognised by descriptors past the head: ISO 9660/UDF at 32 KiB, VHD and DMG footers. */
export async function sniffDiskImage(source: ByteSource): Promise<ExecutableSniff | null> {
  if (source.size >= 0x8006) {
    for (const at of [0x8001, 0x8801, 0x9001]) {
      const id = await source.read(at, 5);
      if (hasAscii(id, 0, 'CD001')) return { format: 'iso', reason: 'disk image (ISO 9660)' };
      if (hasAscii(id, 0, 'BEA01') || hasAscii(id, 0, 'NSR02') || hasAscii(id, 0, 'NSR03')) {
        return { format: 'iso', reason: 'disk image (UDF)' };
      }
    }
  }
  if (source.size >= 512) {
    const tail = await source.read(source.size - 512, 512);
    if (hasAscii(tail, 0, 'conectix')) return { format: 'iso', reason: 'disk image (VHD)' };
    if (hasAscii(tail, 0, 'koly') && u32be(tail, 4) === 4) return { format: 'iso', reason: 'Apple disk image (DMG)' };
  }
  return null;
}
