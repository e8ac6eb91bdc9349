import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64Source } from '../../../shared/files/base64-source.ts';
import { blobSource } from '../../../shared/files/byte-source.ts';
import { inflateRaw, InflateError } from '../../../shared/files/inflate.ts';
import { inspectFile } from '../../../shared/files/inspect.ts';
import { lzma2Decode } from '../../../shared/files/lzma.ts';
import { fileVerdict } from '../../../shared/files/verdict.ts';
import { fixture, inspectBytes, inspectFixture } from './helpers/fixtures.ts';
import { concat, elf, iso, lnk, macho, pe } from './helpers/format-builders.ts';
import { buildZip } from './helpers/zip-builder.ts';

const text = (s: string) => new TextEncoder().encode(s);
// Buffer comparison: vitest's deep equality walks typed arrays element by element, slowly.
const same = (a: Uint8Array, b: Uint8Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

describe('executables by bytes', () => {
  it.each([
    ['PE', pe(), 'pe'],
    ['PE with a far e_lfanew', pe(0x400, 0x800), 'pe'],
    ['ELF', elf(), 'elf'],
    ['Mach-O 32', macho([0xfe, 0xed, 0xfa, 0xce]), 'macho'],
    ['Mach-O 64 LE', macho([0xcf, 0xfa, 0xed, 0xfe]), 'macho'],
    ['Mach-O universal', macho([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]), 'macho'],
    ['Java class', macho([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]), 'jar'],
    ['shebang', text('#!/usr/bin/env python3\nprint(1)\n'), 'script'],
    ['LNK', lnk(), 'lnk'],
    ['ISO 9660', iso(), 'iso'],
    ['VHDX', concat('vhdxfile', new Uint8Array(100)), 'iso'],
  ])('%s under a harmless name → executable', async (_, bytes, format) => {
    const r = await inspectBytes(bytes, 'document.pdf');
    expect(r).toMatchObject({ format, executable: true, encrypted: false });
  });

  it('random bytes are not taken for a program or an encrypted message', async () => {
    const { sniff } = await import('../../../shared/files/sniff.ts');
    // Seeded, so a failure can be reproduced: the same 10 MB of noise on every run.
    let seed = 0x5eed;
    const pool = new Uint8Array(20_000 * 512).map(() => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24));
    const flagged: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = sniff(pool.subarray(i * 512, (i + 1) * 512), 100_000);
      if (s.kind === 'leaf' && (s.executable || s.encrypted === true)) flagged.push(s.format);
    }
    expect(flagged).toEqual([]);
  }, 30_000);

  it('text starting with "MZ" is not a program', async () => {
    expect(await inspectBytes(text('MZ Corporation annual report\n'.repeat(5)), 'a.txt')).toMatchObject({
      format: 'text',
      executable: false,
    });
  });
});

describe('plain formats', () => {
  it.each([
    ['hello.txt', 'text'],
    ['page.html', 'html'],
  ])('%s → %s, not encrypted, allowed', async (name, format) => {
    const r = await inspectFixture(name);
    expect(r).toMatchObject({ format, encrypted: false, executable: false });
    expect(fileVerdict(r).verdict).toBe('allow');
  });

  it('a script by name and content', async () => {
    expect(await inspectFixture('run.sh')).toMatchObject({ format: 'script', executable: true });
    expect(await inspectBytes(text('@echo off\r\ndel *.*\r\n'), 'clean.bat')).toMatchObject({
      format: 'script',
      executable: true,
    });
  });

  it('empty, media, unknown, OpenPGP', async () => {
    expect(await inspectBytes(new Uint8Array(0), 'x.bin')).toMatchObject({ format: 'empty', encrypted: false });
    const png = concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], new Uint8Array(100));
    expect(await inspectBytes(png, 'a.png')).toMatchObject({ format: 'unknown', encrypted: false });
    expect(await inspectBytes(new Uint8Array(randomBytes(5000)), 'x.bin')).toMatchObject({
      format: 'unknown',
      encrypted: null,
    });
    expect(await inspectBytes(text('-----BEGIN PGP MESSAGE-----\n\nhQEMA...\n'), 'x.asc')).toMatchObject({
      encrypted: true,
    });
    const skesk = concat([0xc3, 0x0d, 0x04, 0x09, 0x03, 0x08], new Uint8Array(40));
    expect(await inspectBytes(skesk, 'x.gpg')).toMatchObject({ encrypted: true });
  });

  it('a zip behind other data still opens as a zip', async () => {
    const z = buildZip([{ name: 'run.exe', data: pe() }]);
    const r = await inspectBytes(concat(text('GIF89a but not really an image\n'), z), 'image.gif');
    expect(r).toMatchObject({ format: 'zip', executable: true });
  });

  it('the display name carries the marker and the executable extension', async () => {
    const r = await inspectFixture('hello.txt', '【秘】hello.txt');
    expect(r.confidentialMarker).toBe(true);
    expect(fileVerdict(r).verdict).toBe('block');
    expect((await inspectFixture('hello.txt', 'hello.exe')).executable).toBe(true);
  });
});

describe('verdicts', () => {
  it('every rule has a case that is flagged and one that passes', () => {
    expect(fileVerdict({ executable: true, encrypted: true, confidentialMarker: false }).verdict).toBe('block');
    expect(fileVerdict({ executable: false, encrypted: true, confidentialMarker: false }).verdict).toBe('allow');
    expect(fileVerdict({ executable: false, encrypted: false, confidentialMarker: true }).verdict).toBe('block');
    expect(fileVerdict({ executable: false, encrypted: null, confidentialMarker: true }).verdict).toBe('block');
    expect(fileVerdict({ executable: false, encrypted: true, confidentialMarker: true }).verdict).toBe('allow');
    expect(fileVerdict({ executable: false, encrypted: null, confidentialMarker: false }).verdict).toBe('warn');
    expect(fileVerdict({ executable: false, encrypted: false, confidentialMarker: false }).verdict).toBe('allow');
  });

  it('a marked file: encrypted zip passes, plain zip is blocked', async () => {
    expect(fileVerdict(await inspectFixture('zipcrypto.zip', '機密性2_報告.zip')).verdict).toBe('allow');
    expect(fileVerdict(await inspectFixture('plain.zip', '機密性2_報告.zip')).verdict).toBe('block');
    expect(fileVerdict(await inspectFixture('mixed.zip', '要機密_名簿.zip')).verdict).toBe('block');
  });
});

describe('sources and robustness', () => {
  it('gives the same report from bytes, a Blob and base64', async () => {
    for (const name of ['nested-exe.zip', 'encrypted.7z', 'encrypted-aes256.pdf']) {
      const b = fixture(name);
      const a = await inspectBytes(b, name);
      expect(await inspectFile(blobSource(new Blob([new Uint8Array(b)])), name)).toEqual(a);
      expect(await inspectFile(base64Source(Buffer.from(b).toString('base64')), name)).toEqual(a);
    }
  });

  it('a source that fails to read gives "cannot tell", not a throw', async () => {
    const broken = { size: 1000, read: () => Promise.reject(new Error('disk on fire')) };
    const r = await inspectFile(broken, 'x.exe');
    expect(r).toMatchObject({ encrypted: null, executable: true });
    expect(r.reasons.join(' ')).toMatch(/disk on fire/);
  });

  it('stops at the time limit with "cannot tell"', async () => {
    const specs = Array.from({ length: 3000 }, (_, i) => ({ name: `f${i}.txt`, data: 'x', flags: 1 }));
    const r = await inspectBytes(buildZip(specs), 'a.zip', { timeLimitMs: 0 });
    expect(r.encrypted).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/time limit/);
  });
});

describe('inflate and LZMA2', () => {
  it('inflates what zlib deflates, stops at the limit, and survives a cut', () => {
    const data = new Uint8Array(Buffer.from('ssk-guard '.repeat(5000) + randomBytes(5000).toString('hex')));
    for (const level of [0, 1, 6, 9]) {
      const packed = new Uint8Array(deflateRawSync(data, { level }));
      const full = inflateRaw(packed, data.length + 10);
      expect(full.complete).toBe(true);
      expect(same(full.data, data)).toBe(true);
      const head = inflateRaw(packed, 100);
      expect(head.overLimit).toBe(true);
      expect(same(head.data, data.subarray(0, 100))).toBe(true);
      const cut = inflateRaw(packed.subarray(0, packed.length >> 1), data.length);
      expect(cut.inputEnded).toBe(true);
      expect(same(cut.data, data.subarray(0, cut.data.length))).toBe(true);
    }
    expect(() => inflateRaw(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 100)).toThrow(InflateError);
  });

  it('decodes LZMA2 stored chunks', () => {
    const out = lzma2Decode(new Uint8Array([0x01, 0x00, 0x02, 0x61, 0x62, 0x63, 0x00]), 3, 100);
    expect(new TextDecoder().decode(out)).toBe('abc');
  });
});

describe('inflateHead (fflate into a head-sized buffer)', () => {
  it('gives the head of whole and cut streams, stored blocks longer than the head, and rejects damage', async () => {
    const { inflateHead } = await import('../../../shared/files/inflate.ts');
    const text = new Uint8Array(Buffer.from('ssk-guard head peek '.repeat(400)));
    const mixed = new Uint8Array(Buffer.concat([Buffer.from(randomBytes(3000)), Buffer.from(text)]));
    for (const data of [text, mixed]) {
      for (const level of [0, 1, 9]) {
        const packed = new Uint8Array(deflateRawSync(data, { level }));
        for (const cut of [packed.length, 700, 64]) {
          const head = inflateHead(packed.subarray(0, cut), 512);
          // A cut inside the Huffman tables gives nothing yet; whatever comes out is the true head.
          if (cut >= 700) expect(head.length).toBeGreaterThan(0);
          expect(same(head, data.subarray(0, head.length))).toBe(true);
          if (cut === packed.length) expect(head.length).toBe(512);
        }
      }
    }
    expect(() => inflateHead(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), 100)).toThrow();
  });
});
