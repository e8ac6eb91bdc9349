// SHA-256 (FIPS 180-4 §6.2), small and synchronous: the backstop's grant digest is computed in the service
// worker's blocking webRequest listener (no await there) and in the form guard of every frame, where a hash
// library would weigh on each page's load and crypto.subtle is missing on http pages. Pure.

/** The first 32 bits of the fractional part of a number (§4.2.2, §5.3.3: of square and cube roots of primes). */
const fraction = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
const K = new Uint32Array(64);
const H0 = new Uint32Array(8);
/** Made on first use, not as the module loads: the form guard loads in every frame and rarely hashes. */
function constants() {
  for (let n = 0, p = 2; n < 64; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
    if (!prime) continue;
    if (n < 8) H0[n] = fraction(Math.sqrt(p));
    K[n++] = fraction(Math.cbrt(p));
  }
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** The SHA-256 of some bytes, as 64 lower-case hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  if (!K[0]) constants();
  const length = bytes.length;
  // The message, a 1 bit, zeros, and its length in bits as 64 bits: a whole number of 64-byte blocks (§5.1.1).
  const padded = new Uint8Array((((length + 8) >> 6) + 1) * 64);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 2 ** 29));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  const h = H0.slice();
  const w = new Uint32Array(64);
  for (let at = 0; at < padded.length; at += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(at + t * 4);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = w[t - 16]! + s0 + w[t - 7]! + s1;
    }
    let a = h[0]!,
      b = h[1]!,
      c = h[2]!,
      d = h[3]!,
      e = h[4]!,
      f = h[5]!,
      g = h[6]!,
      k = h[7]!;
    for (let t = 0; t < 64; t++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0]! += a;
    h[1]! += b;
    h[2]! += c;
    h[3]! += d;
    h[4]! += e;
    h[5]! += f;
    h[6]! += g;
    h[7]! += k;
  }
  let hex = '';
  for (const word of h) hex += word.toString(16).padStart(8, '0');
  return hex;
}
