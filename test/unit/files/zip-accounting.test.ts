// A zip whose central directory cannot be trusted is "no program" only when its local headers
// account for the whole file (shared/files/zip-accounting.ts); anything less stays "cannot tell",
// and a program found by the local scan alone is "executable". And a 7z whose header lies past
// the end of the file (7-Zip itself extracts nothing) is "no program".
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../shared/files/bytes.ts';
import { fixture, inspectBytes } from './helpers/fixtures.ts';
import { concat, pe } from './helpers/format-builders.ts';
import { inWorkdir } from './helpers/tools.ts';
import { buildZip } from './helpers/zip-builder.ts';

const enc = new TextEncoder();
const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
const findSig = (b: Uint8Array, sig: number, from = 0) => {
  for (let i = from; i + 4 <= b.length; i++) if (u32(b, i) === sig) return i;
  return -1;
};
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** The same zip with its end record's signature broken: no tool finds the directory by it. */
function noEnd(z: Uint8Array): Uint8Array {
  const d = z.slice();
  d[findSig(d, END) + 2] = 0;
  return d;
}

/** A stored local entry, header and data, written by hand. */
function localEntry(name: string, data: Uint8Array, declared = data.length): Uint8Array {
  const h = new Uint8Array(30);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, 20, true);
  v.setUint32(14, crc32(data), true);
  v.setUint32(18, declared, true);
  v.setUint32(22, declared, true);
  v.setUint16(26, name.length, true);
  return concat(h, enc.encode(name), data);
}

describe('damaged zip, complete accounting by local headers', () => {
  it('must pass: plain entries, end record gone → false (every byte accounted for)', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'hello\n'.repeat(50) },
      { name: 'b.csv', data: '1,2\n', method: 0 },
    ]);
    const r = await inspectBytes(noEnd(z), 'a.zip');
    expect(r).toMatchObject({ format: 'zip', executable: false, encrypted: false });
    expect(r.reasons.join(' ')).toMatch(/accounted for by 2 local entries/);
    // Cut where the directory starts: the same.
    expect((await inspectBytes(z.subarray(0, findSig(z, CENTRAL)), 'a.zip')).executable).toBe(false);
  });

  it('must pass: entries with data descriptors (zip(1) writing to a pipe), directory cut off → false', async () => {
    const z = await inWorkdir(async (w) =>
      w
        .write('a.txt', 'some text\n'.repeat(40))
        .write('b.txt', 'more\n')
        .run('sh', '-c', 'zip -q - a.txt | cat > d.zip')
        .read('d.zip'),
    );
    expect((z[6] ?? 0) & 8).toBe(8); // flag bit 3: sizes come after the data
    const r = await inspectBytes(z.subarray(0, findSig(z, CENTRAL)), 'a.zip');
    expect(r.executable).toBe(false);
    const s = await inWorkdir(async (w) =>
      w.write('b.txt', 'more\n').run('sh', '-c', 'zip -q -0 - b.txt | cat > s.zip').read('s.zip'),
    );
    expect((await inspectBytes(s.subarray(0, findSig(s, CENTRAL)), 'a.zip')).executable).toBe(false);
  });

  it('must pass: a file with a local signature but no entry in it (header cut before its data) → false', async () => {
    const h = localEntry('a.txt', new Uint8Array(0), 5000);
    const r = await inspectBytes(h, 'a.zip');
    expect(r).toMatchObject({ format: 'zip', executable: false });
    expect((await inspectBytes(h.subarray(0, 20), 'a.zip')).executable).toBe(false);
    // 7-Zip still writes out an empty file under such a header's name: a program's name is judged.
    expect((await inspectBytes(localEntry('run.exe', new Uint8Array(0), 5000), 'a.zip')).executable).toBe(true);
  });

  it("must not pass: an extra local entry hidden inside another entry's data → null", async () => {
    const hidden = localEntry('c.txt', enc.encode('hidden'));
    const z = buildZip([
      { name: 'a.txt', raw: concat(enc.encode('text '), hidden, enc.encode(' more')), method: 0 },
      { name: 'b.txt', data: 'x', method: 0 },
    ]);
    // With an intact directory, that is the hidden-data check's business; with none, this one's.
    const r = await inspectBytes(noEnd(z), 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/inside another entry/);
  });

  it('must not pass: an entry cut short by the end of the file → null', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'x' },
      { name: 'b.txt', data: 'y'.repeat(400), method: 0 },
    ]);
    const r = await inspectBytes(z.subarray(0, findSig(z, CENTRAL) - 100), 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/past the end of the file/);
  });

  it('must not pass: an unexplained PK signature (a header overlapping the next entry) → null', async () => {
    const a = localEntry('a.txt', enc.encode('hello'));
    // "PK\3\4" in the gap, declaring 200 bytes of data: it runs over b.txt's header.
    const stray = localEntry('x', new Uint8Array(0), 200).subarray(0, 31);
    const b = localEntry('b.txt', enc.encode('world'));
    const r = await inspectBytes(concat(a, stray, b, new Uint8Array(200)), 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/inside another entry/);
  });

  it('must not pass: a directory record that disagrees with its local header (method) → null', async () => {
    // zipfile reads the directory: it would inflate what the local header calls stored.
    const z = buildZip([{ name: 'a.txt', data: 'hello', method: 0 }]).slice();
    const cd = findSig(z, CENTRAL);
    z[cd + 10] = 8;
    z[findSig(z, END) + 4] = 1; // and the end record says "disk 1": the directory is not trusted
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/disagrees/);
  });

  it('must not pass: local headers masked by an encrypted directory (placeholder names) → null', async () => {
    // PKWARE strong encryption with flag bit 13: the local name "1" is not the real one.
    const z = buildZip([{ name: '1', raw: new Uint8Array(64).fill(0x5a), method: 0, flags: 0x2041 }]);
    const r = await inspectBytes(noEnd(z), 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/masked/);
  });

  it('must not pass: a damaged entry whose head cannot be decoded is not judged by its name → null', async () => {
    const z = buildZip([{ name: 'invoice.pdf', raw: new Uint8Array([0xff, 0xff, 0xff, 0xff]), method: 8 }]);
    const r = await inspectBytes(noEnd(z), 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/invoice\.pdf: cannot tell whether it runs code \(deflate data is damaged/);
  });

  it('must block: a program found only by the local scan (not listed, directory damaged) → true', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'x' },
      { name: 'setup.exe', data: pe(), hidden: true },
    ]);
    const r = await inspectBytes(noEnd(z), 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/setup\.exe.*local header/);
    // By bytes: a program named as text.
    const t = buildZip([{ name: 'notes.txt', data: pe() }]);
    const rt = await inspectBytes(noEnd(t), 'a.zip');
    expect(rt.executable).toBe(true);
  });

  it("must block: a directory pointing beside a renamed program's local header (7-Zip and unzip still find it) → true", async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'x' },
      { name: 'notes.txt', data: pe(), method: 0 },
    ]).slice();
    const second = findSig(z, CENTRAL, findSig(z, CENTRAL) + 4);
    const v = new DataView(z.buffer);
    v.setUint32(second + 42, v.getUint32(second + 42, true) + 3, true); // its offset, 3 bytes off
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/no local header for notes\.txt/);
  });

  it('must block: a program named only by a directory record still in the file → true', async () => {
    const z = buildZip([{ name: 'a.txt', data: 'hello', method: 0 }]).slice();
    const cd = findSig(z, CENTRAL);
    z.set(enc.encode('a.exe'), cd + 46); // the directory (which zipfile reads) names it a.exe
    z[findSig(z, END) + 4] = 1;
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
  });
});

describe('7z whose header lies past the end of the file', () => {
  /** plain.7z with its start header pointing `extra` bytes further, CRC kept valid. */
  function repointed(extra: number): Uint8Array {
    const b = fixture('plain.7z').slice();
    const v = new DataView(b.buffer);
    v.setUint32(12, v.getUint32(12, true) + extra, true);
    v.setUint32(8, crc32(b.subarray(12, 32)), true);
    return b;
  }

  it('must pass: next header past the end, start header intact → false (7-Zip opens nothing)', async () => {
    const r = await inspectBytes(repointed(1000), 'a.7z');
    expect(r).toMatchObject({ format: '7z', executable: false, encrypted: null });
    const b = fixture('plain.7z');
    expect((await inspectBytes(b.subarray(0, b.length - 5), 'a.7z')).executable).toBe(false);
  });

  it('must not pass: a zeroed start header (7-Zip searches the file for a header) stays null', async () => {
    const b = fixture('plain.7z').slice();
    b.fill(0, 8, 32);
    expect((await inspectBytes(b, 'a.7z')).executable).toBeNull();
  });
});
