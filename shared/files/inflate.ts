// DEFLATE (RFC 1951) for inspection, on fflate's streaming Inflate: the input is pushed in chunks
// small enough that one chunk cannot blow far past `maxOut` (DEFLATE expands at most ~1032:1), so
// decoding stops at the cap (a head peek, or the size limit that defuses a zip bomb); a truncated
// input ends the output instead of failing, so a cut-off entry still shows its head.
import { FlateErrorCode, Inflate, inflateSync } from 'fflate';

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
  /** Compressed bytes pushed to the decoder (all of them unless it stopped early). */
  readonly consumed: number;
}

const MAX_RATIO = 1032;
const MIN_CHUNK = 1024;
const MAX_CHUNK = 64 * 1024;

/** Decodes a raw DEFLATE stream, stopping at maxOut bytes of output. Throws InflateError on corrupt data. */
export function inflateRaw(input: Uint8Array, maxOut: number, sizeHint = 0): InflateResult {
  let out = new Uint8Array(Math.max(0, Math.min(maxOut, sizeHint || 1024)));
  let op = 0;
  let complete = false;
  let overLimit = false;
  const inflater = new Inflate((chunk, final) => {
    if (final) complete = true;
    const take = Math.min(chunk.length, maxOut - op);
    if (take < chunk.length) overLimit = true;
    if (op + take > out.length) {
      const grown = new Uint8Array(Math.min(maxOut, Math.max(out.length * 2, op + take)));
      grown.set(out.subarray(0, op));
      out = grown;
    }
    out.set(chunk.subarray(0, take), op);
    op += take;
  });
  let pos = 0;
  try {
    while (pos < input.length && !complete && !overLimit && op < maxOut) {
      const room = Math.ceil((maxOut - op) / MAX_RATIO);
      const n = Math.min(input.length - pos, Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, room)));
      inflater.push(input.subarray(pos, pos + n), false);
      pos += n;
    }
  } catch (e) {
    throw new InflateError(e instanceof Error ? e.message : String(e));
  }
  // fflate tells the end of the stream only on a final push, which fails on a cut-off input; its
  // state says it directly (final block seen, no block open). Should that state ever change shape,
  // the stream counts as cut off: stricter, never looser.
  const st = (inflater as unknown as { s?: { f?: number; l?: unknown } }).s;
  if (st && st.f && !st.l) complete = true;
  // Output past maxOut that fflate already produced was cut off above; reaching maxOut exactly
  // with more stream left is "over the limit" too.
  if (!complete && op >= maxOut && pos < input.length) overLimit = true;
  return {
    data: out.subarray(0, op),
    complete,
    overLimit,
    inputEnded: pos >= input.length && !complete,
    consumed: pos,
  };
}

/** Streams up to this long are read whole for a head peek (one decode, no second pass). */
export const WHOLE_PEEK_LIMIT = 4096;

/**
 * The first `n` bytes of a raw DEFLATE stream, from a complete stream or only its beginning. fflate
 * decodes into a buffer of the head's size (what does not fit is dropped, nothing grows); a cut-off
 * stream stops it with "unexpected EOF", and how far it got is read from two decodes into buffers
 * prefilled differently (bytes it wrote agree, the rest do not). A first stored block (what zlib
 * writes for incompressible data) is its own bytes: fflate copies a stored block only when it is
 * whole, so its head is taken from the input directly. Damaged data throws InflateError.
 */
export function inflateHead(input: Uint8Array, n: number): Uint8Array {
  if (n <= 0 || input.length === 0) return new Uint8Array(0);
  const first = input[0] ?? 0;
  if ((first & 6) === 0 && input.length >= 5) {
    const len = (input[1] ?? 0) | ((input[2] ?? 0) << 8);
    const nlen = (input[3] ?? 0) | ((input[4] ?? 0) << 8);
    if ((len ^ nlen) !== 0xffff) throw new InflateError('stored block length check fails');
    const have = Math.min(len, input.length - 5);
    // Enough for the head, cut inside the block, or the last block: its bytes are the head.
    if (have >= n || have < len || first & 1) return input.subarray(5, 5 + Math.min(have, n));
  }
  const a = new Uint8Array(n);
  try {
    return inflateSync(input, { out: a });
  } catch (e) {
    const code = (e as { code?: number }).code;
    // A stored block that does not fit the head-sized buffer (fflate copies it whole): stream it.
    if (code === undefined) return inflateRaw(input, n, n).data;
    if (code !== FlateErrorCode.UnexpectedEOF) throw new InflateError(e instanceof Error ? e.message : String(e));
  }
  const b = new Uint8Array(n).fill(0xff);
  try {
    inflateSync(input, { out: b });
  } catch {
    // The same cut: expected.
  }
  let k = 0;
  while (k < n && a[k] === b[k]) k++;
  return a.subarray(0, k);
}
