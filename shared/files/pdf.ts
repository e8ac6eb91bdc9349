// PDF (ISO 32000): a file is encrypted when its last trailer, or its last cross-reference stream
// dictionary, has an /Encrypt entry. Incremental updates append a new trailer each time, so the
// one `startxref` at the end points to is the one that counts; only the tail and that section are read.
import type { ByteSource } from './byte-source.ts';
import { latin1 } from './bytes.ts';
import { judgeEncryptDict, pdfString } from './pdf-crypt.ts';
import type { Encrypted, EncryptionKind, FileReport } from './types.ts';

const TAIL = 64 * 1024;
const WINDOW = 64 * 1024;

/** The dictionary "<< … >>" starting at or after `from` in `text`, strings and hex strings skipped. */
export function dictionaryAt(text: string, from: number): string | null {
  const start = text.indexOf('<<', from);
  if (start < 0 || start - from > 256) return null;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '<') {
      if (text[i + 1] === '<') {
        depth++;
        i++;
      } else {
        const close = text.indexOf('>', i);
        if (close < 0) return null;
        i = close;
      }
    } else if (c === '>' && text[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return text.slice(start, i + 1);
    } else if (c === '(') {
      // A literal string: balanced parentheses, backslash escapes.
      let n = 1;
      for (i++; i < text.length && n > 0; i++) {
        const d = text[i];
        if (d === '\\') i++;
        else if (d === '(') n++;
        else if (d === ')') n--;
      }
      i--;
    } else if (c === '%') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    }
  }
  return null;
}

/** Whether a dictionary has the /Encrypt key (not /EncryptMetadata or another name that starts alike). */
export function hasEncryptKey(dict: string): boolean {
  return /\/Encrypt(?![A-Za-z0-9#._-])/.test(dict);
}

interface Found {
  encrypted: Encrypted;
  reason: string;
  /** The trailer (or xref stream) dictionary holding /Encrypt, to judge what it protects with. */
  dict?: string;
}

function judgeDict(dict: string | null, what: string): Found | null {
  if (dict === null) return null;
  return hasEncryptKey(dict)
    ? { encrypted: true, reason: `PDF encryption dictionary (/Encrypt) in the ${what}`, dict }
    : { encrypted: false, reason: `no /Encrypt in the ${what}` };
}

/** The object `n g obj` anywhere in the file (the encryption dictionary is never inside an object stream). */
async function findObject(src: ByteSource, n: number, g: number): Promise<string | null> {
  const re = new RegExp(`(?:^|[^0-9])${n}\\s+${g}\\s+obj\\b`);
  const step = 1024 * 1024;
  for (let end = src.size; end > 0; end -= step - 256) {
    const start = Math.max(0, end - step);
    const text = latin1(await src.read(start, end - start));
    const m = re.exec(text);
    if (m) {
      const at = m.index + m[0].length;
      const local = dictionaryAt(text, at);
      if (local) return local;
      return dictionaryAt(latin1(await src.read(start + at, 64 * 1024)), 0);
    }
    if (start === 0) break;
  }
  return null;
}

interface Protection {
  encrypted: Encrypted;
  encryption: EncryptionKind | null;
  reason: string;
}

/** What the /Encrypt entry of `trailer` protects with, and whether opening needs a secret. */
async function protection(src: ByteSource, trailer: string): Promise<Protection> {
  const at = /\/Encrypt(?![A-Za-z0-9#._-])\s*/.exec(trailer);
  if (!at) return { encrypted: true, encryption: null, reason: 'PDF encryption dictionary (/Encrypt)' };
  const rest = trailer.slice(at.index + at[0].length);
  const ref = /^(\d+)\s+(\d+)\s+R/.exec(rest);
  const dict = ref ? await findObject(src, Number(ref[1]), Number(ref[2])) : dictionaryAt(rest, 0);
  if (!dict) return { encrypted: null, encryption: null, reason: 'PDF encryption dictionary not found' };
  const idAt = /\/ID\s*\[\s*/.exec(trailer);
  const id = idAt ? pdfString(trailer.slice(idAt.index + idAt[0].length)) : null;
  const j = await judgeEncryptDict(dict, id);
  return { encrypted: j.secret, encryption: j.scheme, reason: j.reason };
}

/** The last trailer or cross-reference stream dictionary in the tail, when startxref cannot be followed. */
function fromTail(text: string, before: number): Found | null {
  const t = text.lastIndexOf('trailer', before);
  const x = text.lastIndexOf('/XRef', before);
  if (t < 0 && x < 0) return null;
  if (t > x) return judgeDict(dictionaryAt(text, t + 7), 'last trailer');
  const open = text.lastIndexOf('<<', x);
  return open < 0 ? null : judgeDict(dictionaryAt(text, open), 'last cross-reference stream');
}

async function judgePdf(src: ByteSource): Promise<Found> {
  const tailStart = Math.max(0, src.size - TAIL);
  const text = latin1(await src.read(tailStart, src.size - tailStart));
  const sx = text.lastIndexOf('startxref');
  if (sx < 0) {
    return fromTail(text, text.length) ?? { encrypted: null, reason: 'PDF without startxref or trailer (truncated?)' };
  }
  const m = /^startxref\s+(\d{1,15})/.exec(text.slice(sx, sx + 40));
  const off = m ? Number(m[1]) : -1;
  if (off < 0 || off >= src.size) {
    return fromTail(text, sx) ?? { encrypted: null, reason: 'PDF startxref points outside the file' };
  }
  const local = off >= tailStart;
  const win = local ? text.slice(off - tailStart) : latin1(await src.read(off, WINDOW));
  const lead = win.slice(0, 64).replace(/^\s+/, '');
  if (lead.startsWith('xref')) {
    const t = win.indexOf('trailer');
    if (t >= 0)
      return (
        judgeDict(dictionaryAt(win, t + 7), 'last trailer') ?? { encrypted: null, reason: 'PDF trailer is damaged' }
      );
    return fromTail(text, sx) ?? { encrypted: null, reason: 'PDF trailer not found' };
  }
  if (/^\d+\s+\d+\s+obj\b/.test(lead)) {
    const dict = dictionaryAt(win, win.indexOf('obj') + 3);
    const found = dict && /\/Type\s*\/XRef\b/.test(dict) ? judgeDict(dict, 'last cross-reference stream') : null;
    if (found) return found;
  }
  return fromTail(text, sx) ?? { encrypted: null, reason: 'PDF startxref does not point to a cross-reference section' };
}

export async function inspectPdf(src: ByteSource): Promise<FileReport> {
  const found = await judgePdf(src);
  const p = found.dict ? await protection(src, found.dict) : null;
  return {
    format: 'pdf',
    encrypted: p ? p.encrypted : found.encrypted,
    encryption: p ? p.encryption : null,
    executable: false,
    confidentialMarker: false,
    entries: [],
    reasons: p ? [found.reason, p.reason] : [found.reason],
  };
}
