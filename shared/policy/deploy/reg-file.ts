// A `.reg` file (regedit's "Version 5.00" format: UTF-16LE with a byte-order mark, CRLF) that first
// deletes the extension's policy key, so items removed from the policy do not linger as old subkeys.
import type { RegKey, RegValue } from './registry.ts';
import type { Bilingual } from './types.ts';

const HIVE = 'HKEY_LOCAL_MACHINE';

function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// A quoted .reg string cannot hold a line break or other control character: such strings go as hex(1).
function hexSz(text: string): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  const withNul = text + '\0';
  const bytes: string[] = [];
  for (let i = 0; i < withNul.length; i++)
    bytes.push(hex(withNul.charCodeAt(i) & 0xff), hex(withNul.charCodeAt(i) >> 8));
  return `hex(1):${bytes.join(',')}`;
}

function valueLine(v: RegValue): string {
  if (v.type === 'REG_DWORD') return `${quoted(v.name)}=dword:${v.data.toString(16).padStart(8, '0')}`;
  return `${quoted(v.name)}=${/[\u0000-\u001f]/.test(v.data) ? hexSz(v.data) : quoted(v.data)}`;
}

export interface RegFileInput {
  title: Bilingual;
  /** Deleted first, then rewritten from `keys`. */
  replaceKey: string;
  keys: RegKey[];
  /** Extra keys written as they are (the force-install entry). */
  extra: RegKey[];
}

export function regFileText({ title, replaceKey, keys, extra }: RegFileInput): string {
  const lines = ['Windows Registry Editor Version 5.00', '', `; ${title.ja}`, `; ${title.en}`, ''];
  lines.push(`[-${HIVE}\\${replaceKey}]`, '');
  for (const key of [...keys, ...extra]) {
    lines.push(`[${HIVE}\\${key.path}]`, ...key.values.map(valueLine), '');
  }
  return lines.join('\r\n');
}

/** UTF-16LE with a byte-order mark: what regedit writes and reads for Version 5.00 files. */
export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[2 + i * 2] = code & 0xff;
    out[3 + i * 2] = code >> 8;
  }
  return out;
}
