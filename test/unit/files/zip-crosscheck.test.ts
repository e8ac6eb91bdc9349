// Issue 12 §1, ZIP with an intact directory: each directory record is checked against its local
// header (zip-crosscheck.ts). A disagreement is judged by both names and both readings; damaged
// bytes are not judged by a document name; room the directory does not account for (a local header
// it does not list, records that overlap) makes it untrusted. The cases come from what the 7z/unzip
// fuzz oracle found (7-Zip extracted a program from each while the engine said "no program").
// Honest archives from zip(1), Python's zipfile (also streaming, with data descriptors, as Windows
// Explorer writes them) and 7-Zip stay "no program".
import { describe, expect, it } from 'vitest';
import { fixture, inspectBytes } from './helpers/fixtures.ts';
import { concat, pe } from './helpers/format-builders.ts';
import { hasTool, inWorkdir } from './helpers/tools.ts';
import { buildZip } from './helpers/zip-builder.ts';

const enc = new TextEncoder();
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const findSig = (b: Uint8Array, sig: number, from = 0) => {
  for (let i = from; i + 4 <= b.length; i++) if (view(b).getUint32(i, true) === sig) return i;
  return -1;
};
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** The central record of entry `k` (0-based). */
function central(z: Uint8Array, k: number): number {
  let at = findSig(z, CENTRAL);
  for (let i = 0; i < k; i++) at = findSig(z, CENTRAL, at + 4);
  return at;
}

/** Blanks a central record's name bytes and sets its sizes (what the fuzzer's mutants do). */
function mangle(z: Uint8Array, k: number, sizes: { csize?: number; size?: number }, name?: number): Uint8Array {
  const out = z.slice();
  const c = central(out, k);
  const d = view(out);
  if (sizes.csize !== undefined) d.setUint32(c + 20, sizes.csize, true);
  if (sizes.size !== undefined) d.setUint32(c + 24, sizes.size, true);
  if (name !== undefined) out.fill(name, c + 46, c + 46 + d.getUint16(c + 28, true));
  return out;
}

describe('a directory record that disagrees with its local header', () => {
  it('must block: a record with size 0 and a zeroed name over a local run.exe', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'hello' },
      { name: 'run.exe', data: pe() },
    ]);
    const r = await inspectBytes(mangle(z, 1, { csize: 0, size: 0 }, 0), 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/local header disagrees \(name "run\.exe"/);
  });

  it('must block: a record with size 0 over a local invoice.pdf holding a program (read by the local sizes)', async () => {
    const z = buildZip([{ name: 'invoice.pdf', data: pe() }]);
    const r = await inspectBytes(mangle(z, 0, { csize: 0, size: 0 }), 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/Windows program/);
  });

  it('must block: a record of size 0 that both headers agree on, with data behind it, is read', async () => {
    const z = buildZip([{ name: 'invoice.pdf', data: pe(), declaredSize: 0, declaredInLocal: true }]);
    expect((await inspectBytes(z, 'a.zip')).executable).toBe(true);
  });

  it('must block: a method the directory garbles, the local header says deflate', async () => {
    const z = buildZip([{ name: 'invoice.pdf', data: pe() }]).slice();
    view(z).setUint16(central(z, 0) + 10, 0xff08, true);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/method 8 \(directory: 65288\)/);
  });

  it('must block: a compressed size far too large in the directory, right in the local header', async () => {
    const z = buildZip([{ name: 'invoice.pdf', data: pe() }]).slice();
    view(z).setUint32(central(z, 0) + 20, 2068578328, true);
    expect((await inspectBytes(z, 'a.zip')).executable).toBe(true);
  });

  it('must block: a folder record whose local header is a program', async () => {
    const z = buildZip([{ name: 'docs/', localName: 'run.exe', data: pe(), method: 0 }]);
    expect((await inspectBytes(z, 'a.zip')).executable).toBe(true);
  });

  it('must not pass: disagreeing flags and bytes that do not decode → null, whatever the name', async () => {
    const z = buildZip([
      { name: 'invoice.pdf', raw: new Uint8Array([0xff, 0xff, 0xff, 0xff]), method: 8, localFlags: 0x2b00 },
    ]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBeNull();
  });
});

describe('an intact directory whose entry cannot be read', () => {
  it('must not pass: damaged deflate data under a document name → null (7-Zip writes what it decodes)', async () => {
    const z = buildZip([{ name: 'invoice.pdf', raw: new Uint8Array([0xff, 0xff, 0xff, 0xff]), method: 8 }]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/invoice\.pdf: cannot tell whether it runs code \(deflate data is damaged/);
  });

  it('must not pass: a method number no writer uses, under a document name → null', async () => {
    const z = buildZip([{ name: 'report.pdf', raw: new Uint8Array(64).fill(7), method: 0x4242 }]);
    expect((await inspectBytes(z, 'a.zip')).executable).toBeNull();
  });
});

describe('room the directory does not account for', () => {
  it('must block: an end record that lists no entries, over a renamed program', async () => {
    const z = buildZip([{ name: 'invoice.pdf', data: pe() }]).slice();
    const e = findSig(z, END);
    view(z).setUint16(e + 8, 0, true);
    view(z).setUint16(e + 10, 0, true);
    view(z).setUint32(e + 12, 0, true);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/invoice\.pdf: a local header at offset 0 that the directory does not list/);
  });

  it('must block: two records pointing at one local header, the next entry a program', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'hello' },
      { name: 'run.exe', data: pe() },
    ]).slice();
    const c = central(z, 1);
    view(z).setUint32(c + 42, 0, true); // the second record points at a.txt's header
    z.fill(0, c + 46, c + 46 + 7); // and its name is gone
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
  });

  it('must block: a zip behind other data whose directory offset is past its end (not "unrecognised")', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'hello' },
      { name: 'run.exe', data: pe() },
    ]);
    const cut = concat(enc.encode('x'.repeat(30)), z.subarray(42)); // a.txt's entry replaced by other bytes
    const r = await inspectBytes(cut, 'a.zip');
    expect(r.executable).toBe(true);
  });
});

describe('honest archives stay "no program"', () => {
  const sample = (w: { write(n: string, d: string | Uint8Array): unknown }) => {
    w.write('a.txt', 'hello\n');
    w.write('empty.txt', '');
    w.write('b.csv', 'x,y\n'.repeat(2000));
    w.write('inner.zip', buildZip([{ name: 'n.txt', data: 'nested' }], {}));
  };

  it('must pass: zip(1), also streaming to a pipe (data descriptors) and with a stored nested zip', async () => {
    const out = await inWorkdir(async (w) => {
      sample(w);
      w.run('sh', '-c', 'mkdir d && echo x > d/c.txt');
      w.run('zip', '-q', '-r', 'p.zip', 'a.txt', 'empty.txt', 'b.csv', 'inner.zip', 'd');
      w.run('sh', '-c', 'zip -q -r - a.txt empty.txt b.csv inner.zip d | cat > s.zip');
      w.run('zip', '-q', '-0', 'z0.zip', 'a.txt', 'inner.zip');
      return [w.read('p.zip'), w.read('s.zip'), w.read('z0.zip')];
    });
    for (const z of out) expect(await inspectBytes(z, 'p.zip')).toMatchObject({ executable: false, encrypted: false });
  });

  it('must pass: Python zipfile, seekable and streaming (zero local sizes and data descriptors, as Explorer writes)', async () => {
    const script = [
      'import zipfile, sys, io',
      'def fill(z):',
      "    z.writestr('a.txt', 'hello')",
      "    z.writestr('empty.txt', '')",
      "    z.writestr(zipfile.ZipInfo('dir/'), '')",
      "    z.writestr('b.csv', 'x,y\\n' * 2000, compress_type=zipfile.ZIP_DEFLATED)",
      "    z.writestr('e.bin', b'', compress_type=zipfile.ZIP_DEFLATED)",
      "with zipfile.ZipFile('f.zip', 'w') as z: fill(z)",
      'class Pipe(io.RawIOBase):',
      '    def __init__(self, f): self.f = f',
      '    def writable(self): return True',
      '    def write(self, b): return self.f.write(b)',
      "with open('s.zip', 'wb') as raw:",
      "    with zipfile.ZipFile(Pipe(raw), 'w', zipfile.ZIP_DEFLATED) as z: fill(z)",
    ].join('\n');
    const out = await inWorkdir(async (w) => {
      w.write('make.py', script).run('python3', 'make.py');
      return [w.read('f.zip'), w.read('s.zip')];
    });
    // The streaming one really has data descriptors with zero sizes in its local headers.
    const s = out[1] as Uint8Array;
    expect(view(s).getUint16(6, true) & 8).toBe(8);
    expect(view(s).getUint32(18, true)).toBe(0);
    for (const z of out) expect(await inspectBytes(z, 'p.zip')).toMatchObject({ executable: false, encrypted: false });
  });

  it.runIf(hasTool('7z'))('must pass: 7-Zip made zips (deflate, store, a folder, an empty file)', async () => {
    const out = await inWorkdir(async (w) => {
      sample(w);
      w.run('sh', '-c', 'mkdir d && echo x > d/c.txt');
      w.run('7z', 'a', '-bso0', '-bsp0', '-tzip', 'a.zip', 'a.txt', 'empty.txt', 'b.csv', 'inner.zip', 'd');
      w.run('7z', 'a', '-bso0', '-bsp0', '-tzip', '-mx=0', 'b.zip', 'a.txt', 'empty.txt', 'inner.zip');
      return [w.read('a.zip'), w.read('b.zip')];
    });
    for (const z of out) expect(await inspectBytes(z, 'p.zip')).toMatchObject({ executable: false, encrypted: false });
  });

  it('must pass: the zip fixtures with no program in them stay false', async () => {
    const honest = [
      'plain.zip',
      'mixed.zip',
      'cp932-names.zip',
      'minimal.docx',
      'minimal.odt',
      'aes256.zip',
      'zipcrypto.zip',
    ];
    for (const n of honest) expect([n, (await inspectBytes(fixture(n), n)).executable]).toEqual([n, false]);
  });
});
