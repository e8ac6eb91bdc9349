// DESIGN §6: a 25 MB attachment given as base64 — the engine's verdict against a full base64 decode
// of the same string, in the same run (bar ≤ 0.05), and the engine's extra memory (bar < 1 MB).
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { base64Source } from '../shared/files/base64-source.ts';
import { inspectFile } from '../shared/files/inspect.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MB = 1024 * 1024;

/** A zip from stored/deflated entries, written the way APPNOTE lays it out. */
function zip(entries: { name: string; data: Uint8Array; deflate?: boolean }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = e.deflate ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(e.deflate ? 8 : 0, 8);
    h.writeUInt32LE(body.length, 18);
    h.writeUInt32LE(e.data.length, 22);
    h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.deflate ? 8 : 0, 10);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(h, name, body);
    central.push(c, name);
    offset += 30 + name.length + body.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}

/** A plain JavaScript decode of the whole string: what an engine without range reads would pay. */
function jsDecode(s: string): Uint8Array {
  const map = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++)
    map['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
  const n = s.length - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  for (let i = 0; i + 4 <= n; i += 4) {
    const v =
      (map[s.charCodeAt(i)]! << 18) |
      (map[s.charCodeAt(i + 1)]! << 12) |
      (map[s.charCodeAt(i + 2)]! << 6) |
      map[s.charCodeAt(i + 3)]!;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Median time of `runs` calls; `gcEach` collects before each call (it helps the 25 MB decodes). */
async function time(f: () => unknown, runs: number, gcEach = true): Promise<number> {
  const ts: number[] = [];
  gc();
  for (let i = 0; i < runs; i++) {
    if (gcEach) gc();
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

async function scenario(label: string, bytes: Uint8Array, bar: boolean): Promise<void> {
  const s = Buffer.from(bytes).toString('base64');
  const mb = Math.round(bytes.length / MB);
  // The first call pays for compiling the engine: reported, then both sides are warmed up.
  const cold = await time(() => inspectFile(base64Source(s), 'x.zip'), 1);
  Buffer.from(s, 'base64');
  for (let i = 0; i < 30; i++) await inspectFile(base64Source(s), 'x.zip');
  const native = await time(() => Buffer.from(s, 'base64'), 9);
  const js = await time(() => jsDecode(s), 3);
  const engine = await time(() => inspectFile(base64Source(s), 'x.zip'), 15, false);
  // Extra memory: what one inspection allocates (measured before any collection) and what it keeps.
  gc();
  gc();
  const before = used();
  const report = await inspectFile(base64Source(s), 'x.zip');
  const during = used() - before;
  gc();
  const kept = used() - before;
  const ratio = engine / native;
  const jsRatio = engine / js;
  const mark = (r: number) => (bar ? ` (bar ≤ 0.05${r <= 0.05 ? '' : ' — missed'})` : ' (for information)');
  console.log(
    `files: ${label}: ${mb}MB as base64 (${(s.length / MB).toFixed(1)}M chars), verdict ${report.format}/${report.encrypted}/${report.executable ? 'exec' : 'no-exec'}, ${report.entries.length} entries listed`,
  );
  // Two baselines: a decode in JavaScript (what the add-in's runtimes have) and Node's native SIMD decoder.
  console.log(
    `files: ${mb}MB base64 verdict / full decode = ${jsRatio.toFixed(4)}${mark(jsRatio)}: engine ${engine.toFixed(2)} ms (median, warm; first cold call ${cold.toFixed(1)} ms), JS decode ${js.toFixed(1)} ms`,
  );
  console.log(
    `files: ${mb}MB base64 verdict / native Buffer.from decode = ${ratio.toFixed(4)}${mark(ratio)}: Buffer.from ${native.toFixed(1)} ms`,
  );
  const memTag = bar ? ` (bar < 1 MB${during < MB ? '' : ' — MISSED'})` : '';
  console.log(
    `files: ${mb}MB base64 engine extra memory = ${(during / 1024).toFixed(0)} KB allocated during the run, ${(Math.max(0, kept) / 1024).toFixed(0)} KB kept after gc${memTag}`,
  );
}

const big = new Uint8Array(randomBytes(25 * MB));
const small = (i: number) => new TextEncoder().encode(`line ${i}: ssk-guard benchmark text\n`.repeat(40));
await scenario(
  'one 25 MB stored entry + 8 small deflated entries',
  zip([
    { name: 'video.bin', data: big },
    ...Array.from({ length: 8 }, (_, i) => ({ name: `notes${i}.txt`, data: small(i), deflate: true })),
  ]),
  true,
);
// Many entries: every entry's first bytes are read and sniffed (up to the head-read budget).
const chunk = (25 * MB) / 2000;
await scenario(
  '2,000 entries of 12.5 KB (deflated, incompressible)',
  zip(
    Array.from({ length: 2000 }, (_, i) => ({
      name: `dir/file${i}.dat`,
      data: big.subarray(i * chunk, (i + 1) * chunk),
      deflate: true,
    })),
  ),
  false,
);

// The engine's DEFLATE decoding (shared/files/inflate.ts) against Node's native zlib on the same
// streams, same run: whole nested archives (4 MiB of mixed text) and 512-byte head peeks.
{
  const { inflateHead, inflateRaw } = await import('../shared/files/inflate.ts');
  const text = new TextEncoder().encode(
    Array.from({ length: 60000 }, (_, i) => `row ${i}, ${(i * 7919) % 10007}, ssk-guard ${i % 13}\n`).join(''),
  );
  const mixed = new Uint8Array(4 * MB);
  for (let o = 0; o < mixed.length; o += text.length) mixed.set(text.subarray(0, mixed.length - o), o);
  mixed.set(big.subarray(0, MB), 3 * MB); // one incompressible mebibyte
  const packed = new Uint8Array(deflateRawSync(mixed));
  const { inflateRawSync } = await import('node:zlib');
  const check = inflateRaw(packed, 8 * MB, mixed.length);
  if (check.data.length !== mixed.length || check.data[12345] !== mixed[12345]) throw new Error('inflate mismatch');
  const whole = await time(() => inflateRaw(packed, 8 * MB, mixed.length), 15);
  const nativeWhole = await time(() => inflateRawSync(packed), 15);
  let heads = 0;
  const peek = await time(() => {
    for (let i = 0; i < 2000; i++) heads += inflateHead(packed.subarray(0, 640), 512).length;
  }, 9);
  const nativePeek = await time(() => {
    for (let i = 0; i < 2000; i++)
      heads += inflateRawSync(packed.subarray(0, 640), { finishFlush: 2 }).subarray(0, 512).length;
  }, 9);
  console.log(
    `files: inflate 4 MiB whole / native zlib = ${(whole / nativeWhole).toFixed(2)} (for information): engine ${whole.toFixed(1)} ms, zlib ${nativeWhole.toFixed(1)} ms`,
  );
  console.log(
    `files: inflate 2,000 head peeks / native zlib = ${(peek / nativePeek).toFixed(2)} (for information): engine ${peek.toFixed(1)} ms, zlib ${nativePeek.toFixed(1)} ms (${heads} bytes)`,
  );
}
