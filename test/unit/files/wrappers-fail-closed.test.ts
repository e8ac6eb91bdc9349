// Issue 12 §1: what the engine does not open is "cannot tell", never "no executable". tar, gzip
// and xz are opened (tar, gzip, xz from the real tools), 7z coder chains are decoded (7z with
// BCJ, ARM, ARM Thumb, PPC, SPARC, Delta, Deflate), and what stays closed (bzip2, BCJ2, PPMd,
// hidden names) is null.
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../shared/files/byte-source.ts';
import { decodeFolder, listSevenZip } from '../../../shared/files/seven-zip.ts';
import { newBudget } from '../../../shared/files/types.ts';
import { inspectBytes } from './helpers/fixtures.ts';
import { pe } from './helpers/format-builders.ts';
import { inWorkdir, type Workdir } from './helpers/tools.ts';

/** A "program": a PE header, then code-like bytes full of x86 calls and ARM/PPC/SPARC branches. */
function program(): Uint8Array {
  const b = new Uint8Array(64 * 1024);
  b.set(pe(), 0);
  let s = 12345;
  for (let i = 0x200; i < b.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    b[i] = s >>> 24;
    if (i % 37 === 0) b[i] = 0xe8; // call rel32
    if (i % 64 === 3) b[i] = 0xeb; // ARM BL
    if (i % 64 === 17) b[i] = 0x48; // PPC bl
    if (i % 64 === 18) ((b[i] = 0xf0), (b[i + 2] = 0xf8)); // Thumb BL pair
  }
  return b;
}

const text = 'Quarterly figures, nothing secret.\n'.repeat(200);

describe('tar, gzip, xz, bzip2', () => {
  const tarOf = (w: Workdir, out: string, ...files: string[]) => w.run('tar', '--format=ustar', '-cf', out, ...files);

  it('must block: a program in a tar, a tar.gz, a tar.xz, and a gzipped program', async () => {
    await inWorkdir(async (w) => {
      w.write('setup.exe', pe()).write('notes.txt', text);
      tarOf(w, 'a.tar', 'setup.exe', 'notes.txt');
      expect(await inspectBytes(w.read('a.tar'), 'a.tar')).toMatchObject({ format: 'tar', executable: true });
      w.run('gzip', '-k', 'a.tar').run('xz', '-k', 'a.tar');
      expect(await inspectBytes(w.read('a.tar.gz'), 'a.tar.gz')).toMatchObject({ format: 'gzip', executable: true });
      expect(await inspectBytes(w.read('a.tar.xz'), 'a.tar.xz')).toMatchObject({ format: 'xz', executable: true });
      // A renamed program, found by its bytes once gzip is undone.
      w.write('invoice.pdf', program()).run('gzip', '-k', 'invoice.pdf');
      const g = await inspectBytes(w.read('invoice.pdf.gz'), 'invoice.pdf.gz');
      expect(g).toMatchObject({ format: 'gzip', executable: true });
      expect(g.entries[0]).toMatchObject({ name: 'invoice.pdf', format: 'pe' });
      // xz with the x86 BCJ filter in front of LZMA2.
      w.write('tool.bin', program()).run('xz', '-k', '--x86', '--lzma2', 'tool.bin');
      expect(await inspectBytes(w.read('tool.bin.xz'), 'tool.bin.xz')).toMatchObject({ executable: true });
    });
  });

  it('must pass: plain text in a tar, tar.gz and tar.xz is executable false', async () => {
    await inWorkdir(async (w) => {
      w.write('notes.txt', text).write('data.csv', '1,2,3\n');
      tarOf(w, 'p.tar', 'notes.txt', 'data.csv');
      w.run('gzip', '-k', 'p.tar').run('xz', '-k', 'p.tar');
      for (const [f, format] of [
        ['p.tar', 'tar'],
        ['p.tar.gz', 'gzip'],
        ['p.tar.xz', 'xz'],
      ] as const) {
        const r = await inspectBytes(w.read(f), f);
        expect(r, f).toMatchObject({ format, executable: false, encrypted: false });
      }
      const tgz = await inspectBytes(w.read('p.tar.gz'), 'p.tar.gz');
      expect(tgz.entries[0]?.entries?.map((e) => e.name)).toEqual(['notes.txt', 'data.csv']);
    });
  });

  it('must not pass: bzip2 (no decoder here), a cut gzip, a damaged tar are null', async () => {
    await inWorkdir(async (w) => {
      w.write('notes.txt', text);
      tarOf(w, 'p.tar', 'notes.txt');
      w.run('bzip2', '-k', 'p.tar').run('gzip', '-k', 'p.tar');
      expect(await inspectBytes(w.read('p.tar.bz2'), 'p.tar.bz2')).toMatchObject({ format: 'bzip2', executable: null });
      const gz = w.read('p.tar.gz');
      expect((await inspectBytes(gz.subarray(0, gz.length >> 1), 'p.tar.gz')).executable).toBeNull();
      const tar = w.read('p.tar').slice();
      tar[150] = (tar[150] ?? 0) ^ 0xff; // checksum no longer matches
      expect((await inspectBytes(tar, 'p.tar')).executable).toBeNull();
    });
  });
});

describe('7z coder chains', () => {
  const sevenZip = (w: Workdir, out: string, ...args: string[]) => w.run('7z', 'a', '-bso0', '-bsp0', out, ...args);

  it.each([
    ['BCJ', '-mf=BCJ'],
    ['ARM', '-mf=ARM'],
    ['ARM Thumb', '-mf=ARMT'],
    ['PowerPC', '-mf=PPC'],
    ['SPARC', '-mf=SPARC'],
    ['Delta', '-mf=Delta:4'],
    ['Deflate', '-m0=Deflate'],
  ])('%s: decoded back to the very bytes 7z was given', async (_, flag) => {
    await inWorkdir(async (w) => {
      const original = program();
      w.write('invoice.pdf', original);
      sevenZip(w, 'a.7z', flag, 'invoice.pdf');
      const bytes = w.read('a.7z');
      const listing = await listSevenZip(bytesSource(bytes), newBudget());
      const f = listing.folders[0];
      expect(f).toBeDefined();
      // The filter really is in the chain (coders: the filter, then LZMA), or Deflate is the coder.
      expect(f!.coders.map((c) => c.id)).toContain(flag === '-m0=Deflate' ? '040108' : f!.coders[0]!.id);
      if (flag !== '-m0=Deflate') expect(f!.coders.length).toBe(2);
      const decoded = await decodeFolder(bytesSource(bytes), f!, 1 << 24);
      expect(Buffer.compare(Buffer.from(decoded), Buffer.from(original))).toBe(0);
      // Named like a document, a program by its bytes.
      expect(await inspectBytes(bytes, 'a.7z')).toMatchObject({ format: '7z', executable: true });
    });
  });

  it('must pass: text behind BCJ + LZMA is read and is executable false', async () => {
    await inWorkdir(async (w) => {
      w.write('notes.txt', text);
      sevenZip(w, 'a.7z', '-mf=BCJ', 'notes.txt');
      expect(await inspectBytes(w.read('a.7z'), 'a.7z')).toMatchObject({ executable: false, encrypted: false });
    });
  });

  it('must not pass: a coder not decoded here (BCJ2, PPMd) is null, whatever the name', async () => {
    await inWorkdir(async (w) => {
      w.write('notes.txt', text).write('tool.bin', program());
      sevenZip(w, 'bcj2.7z', '-mf=BCJ2', 'tool.bin');
      const bcj2 = await inspectBytes(w.read('bcj2.7z'), 'bcj2.7z');
      expect(bcj2.executable).toBeNull();
      expect(bcj2.reasons.join(' ')).toMatch(/BCJ2|multi-stream/);
      sevenZip(w, 'ppmd.7z', '-m0=PPMd', 'notes.txt');
      expect((await inspectBytes(w.read('ppmd.7z'), 'ppmd.7z')).executable).toBeNull();
    });
  });

  it('must not pass: hidden names (7z -mhe) are executable null, encrypted with AES-256', async () => {
    await inWorkdir(async (w) => {
      w.write('notes.txt', text);
      sevenZip(w, 'h.7z', '-ppw', '-mhe=on', 'notes.txt');
      expect(await inspectBytes(w.read('h.7z'), 'h.7z')).toMatchObject({
        encrypted: true,
        encryption: 'aes-256',
        executable: null,
      });
      sevenZip(w, 'p.7z', '-ppw', 'notes.txt');
      expect(await inspectBytes(w.read('p.7z'), 'p.7z')).toMatchObject({
        encrypted: true,
        encryption: 'aes-256',
        executable: false,
      });
    });
  });
});

describe('cabinet (gcab)', () => {
  it('must block: a program in an MSZIP cabinet, found by its bytes behind 100 KB of text (window carried over)', async () => {
    await inWorkdir(async (w) => {
      w.write('big.txt', text.repeat(15)).write('invoice.pdf', program());
      w.run('gcab', '-c', '-z', 'a.cab', 'big.txt', 'invoice.pdf');
      const r = await inspectBytes(w.read('a.cab'), 'a.cab');
      expect(r).toMatchObject({ format: 'cab', executable: true });
      expect(r.entries.find((e) => e.name === 'invoice.pdf')).toMatchObject({ format: 'pe', executable: true });
      expect(r.entries.find((e) => e.name === 'big.txt')).toMatchObject({ format: 'text' });
    });
  });

  it('must pass: text in a stored and an MSZIP cabinet is executable false', async () => {
    await inWorkdir(async (w) => {
      w.write('notes.txt', text).write('data', 'no extension, plain text\n');
      w.run('gcab', '-c', 's.cab', 'notes.txt', 'data').run('gcab', '-c', '-z', 'z.cab', 'notes.txt', 'data');
      for (const f of ['s.cab', 'z.cab'])
        expect(await inspectBytes(w.read(f), f), f).toMatchObject({
          format: 'cab',
          executable: false,
          encrypted: false,
        });
    });
  });

  it('must not pass: a cut cabinet is "cannot tell"', async () => {
    await inWorkdir(async (w) => {
      w.write('data', text);
      w.run('gcab', '-c', '-z', 'z.cab', 'data');
      const b = w.read('z.cab');
      expect((await inspectBytes(b.subarray(0, b.length - 200), 'z.cab')).executable).toBeNull();
    });
  });
});

describe('packed formats not opened here', () => {
  it('must not pass: a zstd stream inside a zip is "cannot tell" for the zip too', async () => {
    const { buildZip } = await import('./helpers/zip-builder.ts');
    const zstd = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x61, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f]);
    const r = await inspectBytes(buildZip([{ name: 'data.zst', data: zstd }]), 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.entries[0]?.executable).toBeNull();
    expect((await inspectBytes(zstd, 'data.zst')).executable).toBeNull();
  });
});
