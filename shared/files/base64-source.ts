// A ByteSource over base64 text (Outlook hands attachments over that way) that decodes only the
// quanta covering each requested range: the engine's few reads of a 25 MB attachment decode a few
// kilobytes, never the whole string.
import type { ByteSource } from './byte-source.ts';
import { clampRange } from './byte-source.ts';

/** Thrown (as a rejected read) where the text is not base64; the engine reports "cannot tell". */
export class Base64Error extends Error {
  override name = 'Base64Error';
}

const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  DECODE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
// The URL-safe alphabet too: the two never clash, and some producers use it.
DECODE[45] = 62;
DECODE[95] = 63;

// The same table over all 65,536 code units, so the fast path needs no range check: -1 = invalid.
const FAST = new Int8Array(65536).fill(-1);
for (let i = 0; i < 128; i++) FAST[i] = DECODE[i] ?? -1;

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * How data characters sit in the text: compact (no whitespace, as Outlook gives it) or wrapped in
 * lines of one fixed length (MIME). Anything else is made compact once, the slow way.
 */
interface Layout {
  text: string;
  start: number; // index of the first data character
  line: number; // data characters per line (Infinity when compact)
  stride: number; // line + terminator length
  chars: number; // data characters, padding included
}

function layout(input: string): Layout {
  let text = input;
  let start = 0;
  let end = text.length;
  if (text.startsWith('data:')) {
    const comma = text.indexOf(',', 0);
    if (comma > 0 && comma < 512 && text.slice(0, comma).endsWith(';base64')) start = comma + 1;
  }
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  // A first line longer than this is taken as "no line wrapping".
  const probeEnd = Math.min(end, start + 1024);
  let firstSpace = -1;
  for (let i = start; i < probeEnd; i++) {
    if (isSpace(text.charCodeAt(i))) {
      firstSpace = i;
      break;
    }
  }
  if (firstSpace < 0) return { text, start, line: Infinity, stride: Infinity, chars: end - start };
  const line = firstSpace - start;
  const crlf = text.charCodeAt(firstSpace) === 13 && text.charCodeAt(firstSpace + 1) === 10;
  const term = crlf ? 2 : 1;
  const stride = line + term;
  const total = end - start;
  const full = Math.floor((total - 1) / stride);
  const last = total - full * stride;
  const uniform =
    line > 0 && line % 4 === 0 && (text.charCodeAt(firstSpace) === 10 || crlf) && last >= 1 && last <= line;
  if (uniform) return { text, start, line, stride, chars: full * line + last };
  // Irregular whitespace: strip it once; correct but linear, and rare in practice.
  text = text.slice(start, end).replace(/[ \t\r\n]+/g, '');
  return { text, start: 0, line: Infinity, stride: Infinity, chars: text.length };
}

export function base64Source(input: string): ByteSource {
  const l = layout(input);
  const { text, start, line, stride } = l;
  const pos =
    line === Infinity ? (i: number) => start + i : (i: number) => start + Math.floor(i / line) * stride + (i % line);
  const at = (i: number) => text.charCodeAt(pos(i));

  let chars = l.chars;
  let pad = 0;
  while (pad < 2 && chars > 0 && at(chars - 1) === 61) {
    chars--;
    pad++;
  }
  // Data characters without padding: a remainder of 1 can never be valid base64.
  const rem = chars % 4;
  const valid = rem !== 1 && (pad === 0 || (chars + pad) % 4 === 0);
  const size = valid ? Math.floor(chars / 4) * 3 + (rem === 0 ? 0 : rem - 1) : 0;

  const sextet = (i: number): number => {
    const p = pos(i);
    const c = text.charCodeAt(p);
    const v = c < 128 ? (DECODE[c] ?? -1) : -1;
    if (v < 0) throw new Base64Error(`not base64 at character ${p}`);
    // Where a wrapped line ends, the expected terminator must be there, or the layout was wrong.
    if (line !== Infinity && i % line === line - 1 && i + 1 < chars && !isSpace(text.charCodeAt(p + 1))) {
      throw new Base64Error(`irregular line wrapping at character ${p + 1}`);
    }
    return v;
  };

  /** Decodes quanta [q0, q1) into `out`; a fast path for compact text, the checked path otherwise. */
  const decodeQuanta = (q0: number, q1: number, out: Uint8Array) => {
    let o = 0;
    let q = q0;
    if (line === Infinity) {
      // Whole quanta in one tight loop; any invalid character turns `bad` negative.
      const whole = Math.min(q1, Math.floor(chars / 4));
      for (let p = start + q * 4; q < whole; q++, p += 4) {
        const a = FAST[text.charCodeAt(p) & 0xffff] ?? -1;
        const b = FAST[text.charCodeAt(p + 1) & 0xffff] ?? -1;
        const c = FAST[text.charCodeAt(p + 2) & 0xffff] ?? -1;
        const d = FAST[text.charCodeAt(p + 3) & 0xffff] ?? -1;
        if ((a | b | c | d) < 0) throw new Base64Error(`not base64 near character ${p}`);
        const v = (a << 18) | (b << 12) | (c << 6) | d;
        out[o++] = v >>> 16;
        out[o++] = (v >>> 8) & 0xff;
        out[o++] = v & 0xff;
      }
    }
    for (; q < q1; q++) {
      const i = q * 4;
      const n = Math.min(4, chars - i); // 2..4 data characters in this quantum
      const a = sextet(i);
      const b = sextet(i + 1);
      const c = n > 2 ? sextet(i + 2) : 0;
      const d = n > 3 ? sextet(i + 3) : 0;
      const v = (a << 18) | (b << 12) | (c << 6) | d;
      out[o++] = v >>> 16;
      out[o++] = (v >>> 8) & 0xff;
      out[o++] = v & 0xff;
    }
  };

  return {
    size,
    read(offset, length) {
      if (!valid) return Promise.reject(new Base64Error('not base64: bad length or padding'));
      try {
        const [s, e] = clampRange(size, offset, length);
        if (s === e) return Promise.resolve(new Uint8Array(0));
        const q0 = Math.floor(s / 3);
        const q1 = Math.ceil(e / 3);
        const out = new Uint8Array((q1 - q0) * 3);
        decodeQuanta(q0, q1, out);
        return Promise.resolve(out.subarray(s - q0 * 3, e - q0 * 3));
      } catch (err) {
        return Promise.reject(err);
      }
    },
  };
}

/** Decodes short compact base64 (a few header bytes); throws Base64Error on anything else. */
export function decodeBase64(text: string): Uint8Array {
  const n = text.replace(/=+$/, '').length;
  if (n % 4 === 1) throw new Base64Error('not base64: bad length');
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (DECODE[c] ?? -1) : -1;
    if (v < 0) throw new Base64Error(`not base64 at character ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}
