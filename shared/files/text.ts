// Text decoding for names inside archives. Shift_JIS (CP932) needs the runtime's TextDecoder;
// where it is missing, a fallback keeps ASCII and half-width katakana and marks the rest U+FFFD,
// which is enough to read extensions (always ASCII) for the executable check.
import { latin1 } from './bytes.ts';

// TextDecoder where the runtime has it; a small decoder of our own where it does not.
const hasTextDecoder = typeof TextDecoder !== 'undefined';
const utf8Fatal = hasTextDecoder ? new TextDecoder('utf-8', { fatal: true }) : null;
const utf8Lenient = hasTextDecoder ? new TextDecoder('utf-8') : null;
const utf16le = hasTextDecoder ? new TextDecoder('utf-16le') : null;

/** UTF-8 by hand: null on the first invalid sequence when `strict`, else U+FFFD for it. */
function decodeUtf8(b: Uint8Array, strict: boolean): string | null {
  const units: number[] = [];
  let s = '';
  for (let i = 0; i < b.length;) {
    const c = b[i] ?? 0;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    let cp = need === 0 ? c : need === 1 ? c & 0x1f : need === 2 ? c & 0x0f : c & 0x07;
    let ok = need >= 0 && i + need < b.length + (need === 0 ? 1 : 0);
    for (let k = 1; ok && k <= need; k++) {
      const t = b[i + k] ?? 0;
      if ((t & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (t & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need] ?? 0;
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      if (strict) return null;
      units.push(0xfffd);
      i++;
    } else {
      if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      else units.push(cp);
      i += need + 1;
    }
    if (units.length >= 4096) s += String.fromCharCode(...units.splice(0));
  }
  return s + String.fromCharCode(...units);
}

let sjis: TextDecoder | null | undefined;
function sjisDecoder(): TextDecoder | null {
  if (sjis === undefined) {
    try {
      sjis = hasTextDecoder ? new TextDecoder('shift_jis') : null;
    } catch {
      sjis = null;
    }
  }
  return sjis;
}

/** For tests: pretend the runtime has no Shift_JIS decoder (true) or restore detection (false). */
export function simulateMissingShiftJis(missing: boolean): void {
  sjis = missing ? null : undefined;
}

export function isAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if ((b[i] ?? 0) >= 0x80) return false;
  return true;
}

/** UTF-8 if the bytes are valid UTF-8, else null. */
export function utf8Strict(b: Uint8Array): string | null {
  if (!utf8Fatal) return decodeUtf8(b, true);
  try {
    return utf8Fatal.decode(b);
  } catch {
    return null;
  }
}

export function utf8(b: Uint8Array): string {
  return utf8Lenient ? utf8Lenient.decode(b) : (decodeUtf8(b, false) ?? '');
}

export function utf16leText(b: Uint8Array): string {
  const even = b.length % 2 ? b.subarray(0, b.length - 1) : b;
  if (utf16le) return utf16le.decode(even);
  let s = '';
  for (let i = 0; i + 1 < even.length; i += 2) s += String.fromCharCode((even[i] ?? 0) | ((even[i + 1] ?? 0) << 8));
  return s;
}

/** CP932 (Shift_JIS as Windows writes it), with the fallback above where the runtime lacks it. */
export function cp932(b: Uint8Array): string {
  const d = sjisDecoder();
  if (d) return d.decode(b);
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i] ?? 0;
    if (c < 0x80) s += String.fromCharCode(c);
    else if (c >= 0xa1 && c <= 0xdf) s += String.fromCharCode(0xff61 + c - 0xa1);
    else {
      // A lead byte takes its trail byte with it, so an ASCII-range trail is not read as a dot.
      if ((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) i++;
      s += '\ufffd';
    }
  }
  return s;
}

/**
 * A name from an archive without an encoding flag: ASCII as is; valid UTF-8 as UTF-8 (macOS and
 * Linux tools write UTF-8 without setting the flag, and CP932 Japanese is almost never valid
 * UTF-8); otherwise CP932, what Windows in Japan writes.
 */
export function legacyName(b: Uint8Array): string {
  if (isAscii(b)) return latin1(b);
  return utf8Strict(b) ?? cp932(b);
}
