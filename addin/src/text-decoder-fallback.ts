// TextDecoder for a runtime without one (older JavaScript-only runtimes): UTF-8 (with `fatal`) and
// UTF-16LE, what the attachment engine asks for; other encodings throw RangeError as the real one
// does for an unknown label, and the engine then uses its own fallback (Shift_JIS → ASCII only).

const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const UTF16LE = new Set(['utf-16le', 'utf-16']);

function decodeUtf8(b: Uint8Array, fatal: boolean): string {
  let out = '';
  let i = 0;
  const bad = () => {
    if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-8');
    out += '\ufffd';
  };
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? (c <= 0xef ? 2 : 0) : c >= 0xc2 && c <= 0xdf ? 1 : 0;
    if (need === 0) {
      bad();
      i++;
      continue;
    }
    let cp = c & (0xff >> (need + 2));
    let j = 1;
    for (; j <= need; j++) {
      const t = b[i + j];
      if (t === undefined || (t & 0xc0) !== 0x80) break;
      cp = (cp << 6) | (t & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      bad();
      i += Math.max(1, j);
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function decodeUtf16le(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
  return out;
}

export class FallbackTextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  constructor(label = 'utf-8', options: { fatal?: boolean } = {}) {
    const l = label.trim().toLowerCase();
    if (UTF8.has(l)) this.encoding = 'utf-8';
    else if (UTF16LE.has(l)) this.encoding = 'utf-16le';
    else throw new RangeError(`The encoding label provided ('${label}') is invalid.`);
    this.fatal = options.fatal === true;
  }
  decode(input?: ArrayBuffer | ArrayBufferView): string {
    if (!input) return '';
    const b =
      input instanceof Uint8Array
        ? input
        : ArrayBuffer.isView(input)
          ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
          : new Uint8Array(input);
    return this.encoding === 'utf-8' ? decodeUtf8(b, this.fatal) : decodeUtf16le(b);
  }
}
