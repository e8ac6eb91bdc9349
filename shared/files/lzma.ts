// LZMA and LZMA2 decoding (from Igor Pavlov's LZMA specification and the LZMA2 chunk format),
// for 7z: its headers are LZMA-compressed by default, so even listing names needs this. Output is
// capped by the caller; corrupt input throws LzmaError, never loops.

export class LzmaError extends Error {
  override name = 'LzmaError';
}

const PROB_INIT = 1024;

class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    if (buf[start] !== 0) throw new LzmaError('range coder must start with 0');
    this.pos = start + 1;
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.byte()) >>> 0;
    if (this.code === this.range) throw new LzmaError('bad range coder start');
  }

  private byte(): number {
    if (this.pos >= this.end) {
      // Past the end: a few bytes of slack are normal at the very end; beyond that the input is cut.
      if (this.pos++ > this.end + 8) throw new LzmaError('input ended');
      return 0;
    }
    return this.buf[this.pos++] ?? 0;
  }

  bit(probs: Uint16Array, i: number): number {
    const p = probs[i] ?? PROB_INIT;
    const bound = (this.range >>> 11) * p;
    let b: number;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      b = 0;
    } else {
      this.range = (this.range - bound) >>> 0;
      this.code = (this.code - bound) >>> 0;
      probs[i] = p - (p >>> 5);
      b = 1;
    }
    if (this.range < 0x1000000) {
      this.range = (this.range << 8) >>> 0;
      this.code = ((this.code << 8) | this.byte()) >>> 0;
    }
    return b;
  }

  direct(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      this.range >>>= 1;
      let b = 0;
      if (this.code >= this.range) {
        this.code = (this.code - this.range) >>> 0;
        b = 1;
      }
      v = v * 2 + b;
      if (this.range < 0x1000000) {
        this.range = (this.range << 8) >>> 0;
        this.code = ((this.code << 8) | this.byte()) >>> 0;
      }
    }
    return v;
  }

  tree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(probs, base + m);
    return m - (1 << bits);
  }

  reverse(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let s = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(probs, base + m);
      m = (m << 1) | b;
      s |= b << i;
    }
    return s;
  }
}

/** Growing output that doubles as the dictionary; never larger than `max`. */
export class Output {
  buf: Uint8Array;
  pos = 0;
  constructor(
    readonly max: number,
    hint: number,
  ) {
    this.buf = new Uint8Array(Math.max(256, Math.min(max, hint)));
  }
  ensure(n: number): void {
    if (this.pos + n > this.max) throw new LzmaError(`output larger than ${this.max} bytes`);
    if (this.pos + n > this.buf.length) {
      const b = new Uint8Array(Math.min(this.max, Math.max(this.buf.length * 2, this.pos + n)));
      b.set(this.buf.subarray(0, this.pos));
      this.buf = b;
    }
  }
  get data(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

// Probability array layout (offsets into one Uint16Array).
const IS_MATCH = 0;
const IS_REP = IS_MATCH + 192;
const IS_REP_G0 = IS_REP + 12;
const IS_REP_G1 = IS_REP_G0 + 12;
const IS_REP_G2 = IS_REP_G1 + 12;
const IS_REP0_LONG = IS_REP_G2 + 12;
const POS_SLOT = IS_REP0_LONG + 192; // 4 × 64
const SPEC_POS = POS_SLOT + 256; // 115
const ALIGN = SPEC_POS + 115; // 16
const LEN = ALIGN + 16; // choice, choice2, low 16×8, mid 16×8, high 256
const LEN_SIZE = 2 + 128 + 128 + 256;
const REP_LEN = LEN + LEN_SIZE;
const LITERAL = REP_LEN + LEN_SIZE;

export class LzmaDecoder {
  private lc = 3;
  private lp = 0;
  private pb = 2;
  private probs = new Uint16Array(LITERAL + 0x300 * 8);
  private state = 0;
  private reps = [0, 0, 0, 0];

  constructor(readonly out: Output) {}

  /** Sets lc/lp/pb from the properties byte; the caller resets the state afterwards. */
  setProps(d: number): void {
    if (d >= 9 * 5 * 5) throw new LzmaError('bad LZMA properties');
    this.lc = d % 9;
    this.lp = Math.floor(d / 9) % 5;
    this.pb = Math.floor(d / 45);
    if (this.lc + this.lp > 8) throw new LzmaError('LZMA lc + lp too large');
    const size = LITERAL + 0x300 * (1 << (this.lc + this.lp));
    if (this.probs.length !== size) this.probs = new Uint16Array(size);
  }

  resetState(): void {
    this.probs.fill(PROB_INIT);
    this.state = 0;
    this.reps = [0, 0, 0, 0];
  }

  private len(rc: RangeDecoder, base: number, posState: number): number {
    const p = this.probs;
    if (rc.bit(p, base) === 0) return rc.tree(p, base + 2 + posState * 8, 3);
    if (rc.bit(p, base + 1) === 0) return 8 + rc.tree(p, base + 130 + posState * 8, 3);
    return 16 + rc.tree(p, base + 258, 8);
  }

  /**
   * Decodes from input[start, end) until `size` bytes are out (or an end marker when size is
   * unknown, -1). Returns the input position reached.
   */
  decode(input: Uint8Array, start: number, end: number, size: number): number {
    const rc = new RangeDecoder(input, start, end);
    const out = this.out;
    const p = this.probs;
    const pbMask = (1 << this.pb) - 1;
    const lpMask = (1 << this.lp) - 1;
    const lc = this.lc;
    const target = size < 0 ? Infinity : out.pos + size;
    let state = this.state;
    let [rep0, rep1, rep2, rep3] = this.reps as [number, number, number, number];
    while (out.pos < target) {
      const posState = out.pos & pbMask;
      if (rc.bit(p, IS_MATCH + (state << 4) + posState) === 0) {
        const prev = out.pos > 0 ? (out.buf[out.pos - 1] ?? 0) : 0;
        const base = LITERAL + 0x300 * (((out.pos & lpMask) << lc) + (prev >>> (8 - lc)));
        let sym = 1;
        if (state >= 7) {
          let match = out.buf[out.pos - rep0 - 1] ?? 0;
          while (sym < 0x100) {
            const mb = (match >>> 7) & 1;
            match <<= 1;
            const b = rc.bit(p, base + ((1 + mb) << 8) + sym);
            sym = (sym << 1) | b;
            if (mb !== b) break;
          }
        }
        while (sym < 0x100) sym = (sym << 1) | rc.bit(p, base + sym);
        out.ensure(1);
        out.buf[out.pos++] = sym & 0xff;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let len: number;
      if (rc.bit(p, IS_REP + state) !== 0) {
        if (out.pos === 0) throw new LzmaError('repeat match at the start');
        if (rc.bit(p, IS_REP_G0 + state) === 0) {
          if (rc.bit(p, IS_REP0_LONG + (state << 4) + posState) === 0) {
            state = state < 7 ? 9 : 11;
            out.ensure(1);
            out.buf[out.pos] = out.buf[out.pos - rep0 - 1] ?? 0;
            out.pos++;
            continue;
          }
        } else {
          let dist: number;
          if (rc.bit(p, IS_REP_G1 + state) === 0) dist = rep1;
          else {
            if (rc.bit(p, IS_REP_G2 + state) === 0) dist = rep2;
            else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = this.len(rc, REP_LEN, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = this.len(rc, LEN, posState);
        state = state < 7 ? 7 : 10;
        const slot = rc.tree(p, POS_SLOT + Math.min(len, 3) * 64, 6);
        if (slot < 4) rep0 = slot;
        else {
          const direct = (slot >>> 1) - 1;
          let dist = (2 | (slot & 1)) * 2 ** direct;
          if (slot < 14) dist += rc.reverse(p, SPEC_POS + dist - slot, direct);
          else dist += rc.direct(direct - 4) * 16 + rc.reverse(p, ALIGN, 4);
          rep0 = dist;
        }
        if (rep0 === 0xffffffff) {
          if (size >= 0 && out.pos !== target) throw new LzmaError('end marker before the declared size');
          break;
        }
        if (rep0 >= out.pos) throw new LzmaError('match distance before the start');
      }
      len += 2;
      const n = Math.min(len, target - out.pos);
      out.ensure(n);
      const b = out.buf;
      for (let k = 0; k < n; k++, out.pos++) b[out.pos] = b[out.pos - rep0 - 1] ?? 0;
    }
    this.state = state;
    this.reps = [rep0, rep1, rep2, rep3];
    return rc.pos;
  }
}

/** Decodes a 7z LZMA stream: 5 property bytes (from the coder), then the range-coded data. */
export function lzmaDecode(props: Uint8Array, input: Uint8Array, size: number, max: number): Uint8Array {
  if (props.length < 5) throw new LzmaError('LZMA properties too short');
  if (size > max) throw new LzmaError(`output larger than ${max} bytes`);
  const out = new Output(max, size);
  const d = new LzmaDecoder(out);
  d.setProps(props[0] ?? 0);
  d.resetState();
  d.decode(input, 0, input.length, size);
  return out.data;
}

/** Decodes an LZMA2 stream: chunks of LZMA or stored data with their own control bytes. */
export function lzma2Decode(input: Uint8Array, size: number, max: number): Uint8Array {
  const out = new Output(max, size);
  const d = new LzmaDecoder(out);
  let p = 0;
  let propsSet = false;
  for (;;) {
    const c = input[p++];
    if (c === undefined) throw new LzmaError('LZMA2 input ended');
    if (c === 0) break;
    if (c === 1 || c === 2) {
      const n = (((input[p] ?? 0) << 8) | (input[p + 1] ?? 0)) + 1;
      p += 2;
      if (p + n > input.length) throw new LzmaError('LZMA2 stored chunk cut off');
      out.ensure(n);
      out.buf.set(input.subarray(p, p + n), out.pos);
      out.pos += n;
      p += n;
      continue;
    }
    if (c < 0x80) throw new LzmaError('bad LZMA2 control byte');
    const unpacked = ((c & 0x1f) << 16) + (((input[p] ?? 0) << 8) | (input[p + 1] ?? 0)) + 1;
    const packed = (((input[p + 2] ?? 0) << 8) | (input[p + 3] ?? 0)) + 1;
    p += 4;
    const mode = (c >>> 5) & 3;
    if (mode >= 2) {
      d.setProps(input[p++] ?? 0);
      propsSet = true;
    }
    if (!propsSet) throw new LzmaError('LZMA2 chunk without properties');
    if (mode >= 1) d.resetState();
    if (p + packed > input.length) throw new LzmaError('LZMA2 chunk cut off');
    d.decode(input, p, p + packed, unpacked);
    p += packed;
  }
  if (size >= 0 && out.pos !== size) throw new LzmaError('LZMA2 output size differs from the declared size');
  return out.data;
}
