import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Source, Base64Error, decodeBase64 } from '../../../shared/files/base64-source.ts';
import { blobSource, bytesSource, sliceSource, WindowReader } from '../../../shared/files/byte-source.ts';
import { inspectFile } from '../../../shared/files/inspect.ts';
import { buildZip } from './helpers/zip-builder.ts';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('bytesSource, blobSource, sliceSource', () => {
  const data = new Uint8Array(randomBytes(1000));

  it('read ranges and clamp at the ends', async () => {
    for (const src of [bytesSource(data), blobSource(new Blob([data]))]) {
      expect(src.size).toBe(1000);
      expect(await src.read(10, 5)).toEqual(data.subarray(10, 15));
      expect((await src.read(990, 50)).length).toBe(10);
      expect((await src.read(2000, 5)).length).toBe(0);
      expect((await src.read(-5, 10)).length).toBe(5);
    }
  });

  it('slices a window of another source', async () => {
    const s = sliceSource(bytesSource(data), 100, 50);
    expect(s.size).toBe(50);
    expect(await s.read(0, 10)).toEqual(data.subarray(100, 110));
    expect((await s.read(45, 20)).length).toBe(5);
  });

  it('WindowReader serves sequential records from one read', async () => {
    let reads = 0;
    const src = bytesSource(data);
    const counted = { size: src.size, read: (o: number, n: number) => (reads++, src.read(o, n)) };
    const r = new WindowReader(counted, 256);
    for (let i = 0; i < 200; i += 10) expect(await r.bytes(i, 10)).toEqual(data.subarray(i, i + 10));
    expect(reads).toBe(1);
  });
});

describe('base64Source', () => {
  it('gives the same bytes as a full decode for every length and padding', async () => {
    for (let n = 0; n < 40; n++) {
      const data = new Uint8Array(randomBytes(n));
      const s = base64Source(b64(data));
      expect(s.size).toBe(n);
      expect(await s.read(0, n)).toEqual(data);
      for (let o = 0; o < n; o++) expect(await s.read(o, 3)).toEqual(data.subarray(o, o + 3));
      // Unpadded input (base64url style) works too.
      const unpadded = base64Source(b64(data).replace(/=+$/, ''));
      expect(await unpadded.read(0, n)).toEqual(data);
    }
  });

  it('reads MIME-wrapped base64 (76 characters a line, LF or CRLF) without unwrapping it', async () => {
    const data = new Uint8Array(randomBytes(5000));
    const flat = b64(data);
    for (const eol of ['\n', '\r\n']) {
      const wrapped = flat.replace(/.{76}/g, (l) => l + eol) + eol;
      const s = base64Source(wrapped);
      expect(s.size).toBe(5000);
      expect(await s.read(1234, 777)).toEqual(data.subarray(1234, 2011));
      expect(await s.read(4990, 10)).toEqual(data.subarray(4990));
    }
  });

  it('falls back to stripping irregular whitespace', async () => {
    const data = new Uint8Array(randomBytes(300));
    const messy = b64(data)
      .replace(/(.{10})/g, '$1 ')
      .replace(/(.{37})/g, '$1\n');
    expect(await base64Source(messy).read(0, 300)).toEqual(data);
  });

  it('accepts a data: URL', async () => {
    const s = base64Source('data:application/zip;base64,' + b64(new Uint8Array([1, 2, 3])));
    expect(await s.read(0, 3)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('rejects what is not base64', async () => {
    await expect(base64Source('abc!').read(0, 3)).rejects.toBeInstanceOf(Base64Error);
    await expect(base64Source('abcde').read(0, 3)).rejects.toBeInstanceOf(Base64Error); // length 5 ≡ 1 (mod 4)
    await expect(base64Source('ab=c').read(0, 3)).rejects.toBeInstanceOf(Base64Error);
    expect(() => decodeBase64('a!bc')).toThrow(Base64Error);
    const report = await inspectFile(base64Source('UEsDBBQ!!!!'), 'x.zip');
    expect(report.encrypted).toBeNull();
    expect(report.reasons.join(' ')).toMatch(/base64/);
  });

  it('decodes only the slices asked for: the ZIP tail of a big string matches a full decode', async () => {
    // A 3 MB stored entry, so the central directory sits far from the start.
    const big = new Uint8Array(randomBytes(3 * 1024 * 1024));
    const zip = buildZip([
      { name: 'big.bin', data: big, method: 0 },
      { name: 'a.txt', data: 'hello' },
    ]);
    const text = b64(zip);
    const s = base64Source(text);
    const full = new Uint8Array(Buffer.from(text, 'base64'));
    expect(s.size).toBe(full.length);
    expect(await s.read(full.length - 200, 200)).toEqual(full.subarray(full.length - 200));
    // Garbage in the middle of the string is never touched by the engine's reads.
    const mid = Math.floor(text.length / 2 / 4) * 4;
    const poisoned = text.slice(0, mid) + '!!!!'.repeat(1000) + text.slice(mid + 4000);
    const report = await inspectFile(base64Source(poisoned), 'x.zip');
    expect(report.format).toBe('zip');
    expect(report.encrypted).toBe(false);
    expect(report.entries.map((e) => e.name)).toEqual(['big.bin', 'a.txt']);
    // …while reading the poisoned middle itself fails, as it should.
    await expect(base64Source(poisoned).read((mid / 4) * 3 + 30, 10)).rejects.toBeInstanceOf(Base64Error);
  });
});
