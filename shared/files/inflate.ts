// DEFLATE (RFC 1951) decoding with an output limit, written for inspection rather than extraction:
// it stops at `maxOut` bytes (a head peek, or the size cap that defuses a zip bomb), and a
// truncated input ends the output instead of failing, so a cut-off entry still shows its head.

export class InflateError extends Error {
  override name = 'InflateError';
}

export interface InflateResult {
  readonly data: Uint8Array;
  /** The final block ended: the whole stream was decoded. */
  readonly complete: boolean;
  /** Decoding stopped because the output reached maxOut. */
  readonly overLimit: boolean;
  /** The input ran out before the stream ended. */
  readonly inputEnded: boolean;
  /** Compressed bytes used. */
  readonly consumed: number;
}

const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * A Huffman decoding table: codes up to FAST_BITS long are looked up directly (entry = symbol << 4 |
 * length, 0 = none); longer ones are decoded canonically from the per-length counts. Small tables
 * keep a head peek from allocating 128 KB per block.
 */
interface Table {
  readonly fast: Uint16Array;
  readonly count: Uint16Array;
  readonly symbols: Uint16Array;
  readonly maxLen: number;
}

const FAST_BITS = 9;

function buildTable(lengths: Uint8Array, n: number): Table {
  const count = new Uint16Array(16);
  let maxLen = 0;
  for (let i = 0; i < n; i++) {
    const l = lengths[i] ?? 0;
    count[l] = (count[l] ?? 0) + 1;
    if (l > maxLen) maxLen = l;
  }
  count[0] = 0;
  let left = 1;
  for (let l = 1; l < 16; l++) {
    left = left * 2 - (count[l] ?? 0);
    if (left < 0) throw new InflateError('over-subscribed Huffman code');
  }
  // Symbols in canonical order (by length, then by value), and each length's first code.
  const offs = new Uint16Array(16);
  for (let l = 1; l < 15; l++) offs[l + 1] = (offs[l] ?? 0) + (count[l] ?? 0);
  const symbols = new Uint16Array(n);
  for (let sym = 0; sym < n; sym++) {
    const l = lengths[sym] ?? 0;
    if (l) {
      const at = offs[l] ?? 0;
      symbols[at] = sym;
      offs[l] = at + 1;
    }
  }
  const fast = new Uint16Array(1 << FAST_BITS);
  let code = 0;
  let index = 0;
  for (let l = 1; l <= Math.min(maxLen, FAST_BITS); l++) {
    for (let k = 0; k < (count[l] ?? 0); k++, code++, index++) {
      let r = 0;
      for (let i = 0; i < l; i++) r |= ((code >>> i) & 1) << (l - 1 - i);
      const e = ((symbols[index] ?? 0) << 4) | l;
      for (let f = r; f < 1 << FAST_BITS; f += 1 << l) fast[f] = e;
    }
    code <<= 1;
  }
  return { fast, count, symbols, maxLen };
}

let fixed: [Table, Table] | undefined;
function fixedTables(): [Table, Table] {
  if (!fixed) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144);
    l.fill(9, 144, 256);
    l.fill(7, 256, 280);
    l.fill(8, 280, 288);
    const d = new Uint8Array(30).fill(5);
    fixed = [buildTable(l, 288), buildTable(d, 30)];
  }
  return fixed;
}

/** Decodes a raw DEFLATE stream, stopping at maxOut bytes of output. Throws InflateError on corrupt data. */
export function inflateRaw(input: Uint8Array, maxOut: number, sizeHint = 0): InflateResult {
  let pos = 0;
  let bb = 0; // bit buffer, LSB first
  let bc = 0; // bits in the buffer
  let pad = 0; // zero bits added past the end of the input (they sit at the top of the buffer)
  const inLen = input.length;

  let out = new Uint8Array(Math.max(1024, Math.min(maxOut, sizeHint || inLen * 4)));
  let op = 0;
  let overLimit = false;
  let inputEnded = false;
  let complete = false;

  const need = (n: number) => {
    while (bc < n) {
      if (pos < inLen) bb |= (input[pos++] ?? 0) << bc;
      else pad += 8;
      bc += 8;
    }
  };
  const drop = (n: number) => {
    bb >>>= n;
    bc -= n;
    if (bc < pad) inputEnded = true;
  };
  const bits = (n: number) => {
    if (n === 0) return 0;
    need(n);
    const v = bb & ((1 << n) - 1);
    drop(n);
    return v;
  };
  const decode = (t: Table) => {
    need(t.maxLen);
    const e = t.fast[bb & ((1 << FAST_BITS) - 1)] ?? 0;
    if (e) {
      drop(e & 15);
      return e >>> 4;
    }
    // A code longer than FAST_BITS: walk the lengths canonically, one bit at a time (MSB first).
    let code = 0;
    let first = 0;
    let index = 0;
    for (let l = 1; l <= t.maxLen; l++) {
      code |= (bb >>> (l - 1)) & 1;
      const c = t.count[l] ?? 0;
      if (code - first < c) {
        drop(l);
        return t.symbols[index + code - first] ?? 0;
      }
      index += c;
      first = (first + c) << 1;
      code <<= 1;
    }
    throw new InflateError('invalid Huffman code');
  };
  const room = (n: number): boolean => {
    if (op + n > maxOut) {
      overLimit = true;
      return false;
    }
    if (op + n > out.length) {
      const grown = new Uint8Array(Math.min(maxOut, Math.max(out.length * 2, op + n)));
      grown.set(out.subarray(0, op));
      out = grown;
    }
    return true;
  };

  outer: for (;;) {
    const final = bits(1);
    const type = bits(2);
    if (inputEnded) break;
    if (type === 0) {
      drop(bc & 7);
      const len = bits(16);
      const nlen = bits(16);
      if (inputEnded) break;
      if ((len ^ 0xffff) !== nlen) throw new InflateError('stored block length check failed');
      let n = len;
      // Whole bytes still in the bit buffer come first, then straight from the input.
      while (n > 0 && bc - pad >= 8) {
        if (!room(1)) break outer;
        out[op++] = bits(8);
        n--;
      }
      if (n === 0) {
        if (final) {
          complete = true;
          break;
        }
        continue;
      }
      // The buffer holds no whole byte now (the block is byte-aligned): read on from the input.
      bb = 0;
      bc = 0;
      pad = 0;
      const avail = Math.min(n, inLen - pos);
      const take = Math.min(avail, maxOut - op);
      room(take);
      out.set(input.subarray(pos, pos + take), op);
      op += take;
      pos += take;
      if (take < n) {
        if (take < avail) overLimit = true;
        else inputEnded = true;
        break;
      }
    } else if (type === 1 || type === 2) {
      let lit: Table;
      let dist: Table;
      if (type === 1) [lit, dist] = fixedTables();
      else {
        const hlit = bits(5) + 257;
        const hdist = bits(5) + 1;
        const hclen = bits(4) + 4;
        const cl = new Uint8Array(19);
        for (let i = 0; i < hclen; i++) cl[CL_ORDER[i] ?? 0] = bits(3);
        const clt = buildTable(cl, 19);
        const lens = new Uint8Array(hlit + hdist);
        for (let i = 0; i < hlit + hdist;) {
          if (inputEnded) break outer;
          const sym = decode(clt);
          if (sym < 16) lens[i++] = sym;
          else {
            let rep: number;
            let v = 0;
            if (sym === 16) {
              if (i === 0) throw new InflateError('repeat with no previous length');
              v = lens[i - 1] ?? 0;
              rep = 3 + bits(2);
            } else if (sym === 17) rep = 3 + bits(3);
            else rep = 11 + bits(7);
            if (i + rep > hlit + hdist) throw new InflateError('code lengths overflow');
            lens.fill(v, i, i + rep);
            i += rep;
          }
        }
        if (!lens[256]) throw new InflateError('no end-of-block code');
        lit = buildTable(lens.subarray(0, hlit), hlit);
        dist = buildTable(lens.subarray(hlit), hdist);
      }
      for (;;) {
        const sym = decode(lit);
        if (inputEnded) break outer;
        if (sym < 256) {
          if (!room(1)) break outer;
          out[op++] = sym;
        } else if (sym === 256) break;
        else {
          const li = sym - 257;
          if (li >= 29) throw new InflateError('invalid length symbol');
          const len = (LEN_BASE[li] ?? 0) + bits(LEN_EXTRA[li] ?? 0);
          const ds = decode(dist);
          if (ds >= 30) throw new InflateError('invalid distance symbol');
          const d = (DIST_BASE[ds] ?? 0) + bits(DIST_EXTRA[ds] ?? 0);
          if (inputEnded) break outer;
          if (d > op) throw new InflateError('distance reaches before the start');
          const n = Math.min(len, maxOut - op);
          room(n);
          for (let k = 0; k < n; k++, op++) out[op] = out[op - d] ?? 0;
          if (n < len) {
            overLimit = true;
            break outer;
          }
        }
      }
    } else throw new InflateError('invalid block type');
    if (final) {
      complete = true;
      break;
    }
  }
  const consumed = Math.min(inLen, pos - Math.max(0, Math.floor((bc - pad) / 8)));
  return { data: out.subarray(0, op), complete, overLimit, inputEnded, consumed };
}
