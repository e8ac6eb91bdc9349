// When a zip's central directory is missing, damaged or short of what its end record declares,
// standard tools still find entries by their local headers ("PK\3\4" before each one's data).
// This walks the file for them, so a program that `unzip` or Python's zipfile could still pull out
// is found: the answer for such an archive is then "executable" or "cannot tell" — "no" only when
// zip-accounting.ts accounts for every byte of the file by its local headers.
import type { ByteSource } from './byte-source.ts';
import { u16le, u32le } from './bytes.ts';
import { judgeName } from './executable-names.ts';
import { sniffExecutable } from './executable-bytes.ts';
import { inflateRaw } from './inflate.ts';
import { legacyName, utf8 } from './text.ts';
import { checkTime, type Budget } from './types.ts';

export interface LocalFinding {
  name: string;
  /** Why it is executable (by name or by bytes). */
  reason: string;
}

export interface LocalScan {
  /** Local headers found. */
  headers: number;
  executables: LocalFinding[];
  names: string[];
}

const WINDOW = 256 * 1024;
/** Files larger than this are scanned only this far (the budget's time limit stops the rest). */
const MAX_SCAN = 64 * 1024 * 1024;
const MAX_HEADERS = 20_000;

export async function scanLocalHeaders(
  src: ByteSource,
  budget: Budget,
  extensions: readonly string[],
): Promise<LocalScan> {
  const scan: LocalScan = { headers: 0, executables: [], names: [] };
  const end = Math.min(src.size, MAX_SCAN);
  for (let base = 0; base < end && scan.headers < MAX_HEADERS; base += WINDOW - 64) {
    checkTime(budget);
    const buf = await src.read(base, Math.min(WINDOW, end - base));
    const stop = base + WINDOW - 64 >= end ? buf.length : WINDOW - 64;
    for (let i = buf.indexOf(0x50); i >= 0 && i < stop; i = buf.indexOf(0x50, i + 1)) {
      if (u32le(buf, i) !== 0x04034b50) continue;
      const at = base + i;
      const h = await src.read(at, 30 + 1024);
      if (h.length < 30) continue;
      const flags = u16le(h, 6);
      const method = u16le(h, 8);
      const csize = u32le(h, 18);
      const nameLen = u16le(h, 26);
      const extraLen = u16le(h, 28);
      if (nameLen === 0 || nameLen > 1024 || 30 + nameLen > h.length) continue;
      scan.headers++;
      const raw = h.subarray(30, 30 + nameLen);
      const name = flags & 0x800 ? utf8(raw) : legacyName(raw);
      if (scan.names.length < 1000) scan.names.push(name);
      const nj = judgeName(name, extensions);
      if (nj.executable) {
        scan.executables.push({ name, reason: nj.reasons[0] ?? 'executable by name' });
        continue;
      }
      if (flags & 1 || (method !== 0 && method !== 8)) continue;
      const dataAt = at + 30 + nameLen + extraLen;
      const want = csize && !(flags & 8) ? Math.min(csize, 4096) : 4096;
      const data = await src.read(dataAt, want);
      let head: Uint8Array = data;
      if (method === 8) {
        try {
          head = inflateRaw(data, 512, 512).data;
        } catch {
          continue;
        }
      }
      const exe = sniffExecutable(head.subarray(0, 512));
      if (exe) scan.executables.push({ name, reason: exe.reason });
    }
  }
  return scan;
}
