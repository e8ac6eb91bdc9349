// Issue 12 §1, ZIP: what cannot be read fully is never "no executable", and "encrypted" rests on
// more than one flag bit. Real archives from zip(1) and 7z, damaged here byte by byte, and
// archives built from APPNOTE where the damage must be exact.
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../shared/files/byte-source.ts';
import { inspectFile } from '../../../shared/files/inspect.ts';
import { fixture, inspectBytes } from './helpers/fixtures.ts';
import { pe } from './helpers/format-builders.ts';
import { inWorkdir } from './helpers/tools.ts';
import { aesExtra, buildZip } from './helpers/zip-builder.ts';

const enc = new TextEncoder();
const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
const findSig = (b: Uint8Array, sig: number, from = 0) => {
  for (let i = from; i + 4 <= b.length; i++) if (u32(b, i) === sig) return i;
  return -1;
};
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const END = 0x06054b50;

/** zip(1) of a program and a text file (program first, so its central record comes first). */
function toolZip(): Promise<Uint8Array> {
  return inWorkdir(async (w) =>
    w
      .write('tool.exe', pe())
      .write('notes.txt', 'nothing secret here\n'.repeat(20))
      .run('zip', '-q', '-X', 'a.zip', 'tool.exe', 'notes.txt')
      .read('a.zip'),
  );
}

describe('executable is three-valued: damaged directories are never "no executable"', () => {
  it('must pass: an intact plain zip from zip(1) is executable false', async () => {
    const r = await inWorkdir(async (w) =>
      inspectBytes(
        w.write('a.txt', 'hello\n').write('b.csv', '1,2\n').run('zip', '-q', 'p.zip', 'a.txt', 'b.csv').read('p.zip'),
        'p.zip',
      ),
    );
    expect(r).toMatchObject({ format: 'zip', executable: false, encrypted: false, encryption: null });
  });

  it('must block: a central directory whose first record is damaged still shows the program by its local header', async () => {
    const z = (await toolZip()).slice();
    const cd = findSig(z, CENTRAL);
    z[cd] = 0x00; // the first central record (tool.exe) is unreadable now
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/tool\.exe.*local header/);
  });

  it('must pass: a damaged directory whose local headers account for the whole file is false (zip-accounting.ts)', async () => {
    const z = await inWorkdir(async (w) =>
      w.write('a.txt', 'hello\n').write('b.txt', 'world\n').run('zip', '-q', 'p.zip', 'a.txt', 'b.txt').read('p.zip'),
    );
    const d = z.slice();
    d[findSig(d, CENTRAL, findSig(d, CENTRAL) + 4)] = 0; // the second record
    const r = await inspectBytes(d, 'p.zip');
    expect(r.executable).toBe(false);
    expect(r.reasons.join(' ')).toMatch(/damaged/);
    expect(r.reasons.join(' ')).toMatch(/accounted for by 2 local entries/);
  });

  it('must not pass: fewer entries than the end record declares → null unless accounted for; a program listed → true', async () => {
    const short = buildZip([{ name: 'a.txt', data: 'x' }], { declaredEntries: 2 });
    // The end record claims 2 but the directory holds room for one, and the file holds one entry
    // only (no other local header or record anywhere): nothing else to extract.
    expect((await inspectBytes(short, 'a.zip')).executable).toBe(false);
    // The same with the entry's data cut short: "cannot tell".
    const cutShort = buildZip([{ name: 'a.txt', data: 'x'.repeat(300), method: 0 }], { declaredEntries: 2 });
    const r = await inspectBytes(cutShort.subarray(0, 150), 'a.zip');
    expect(r.executable).toBeNull();
    const listed = buildZip([
      { name: 'a.txt', data: 'x' },
      { name: 'run.exe', data: pe() },
    ]);
    const end = findSig(listed, END);
    const fewer = listed.slice();
    fewer[end + 8] = 3; // declares 3 entries on this disk …
    fewer[end + 10] = 3; // … and in total
    const f = await inspectBytes(fewer, 'a.zip');
    expect(f.executable).toBe(true);
  });

  it('must block: no end record at all (cut short), the program found by its local header', async () => {
    const z = await toolZip();
    const cut = z.subarray(0, findSig(z, CENTRAL));
    const r = await inspectBytes(cut, 'a.zip');
    expect(r).toMatchObject({ format: 'zip', executable: true });
    expect(r.encrypted).not.toBe(true);
    const plain = await inWorkdir(async (w) =>
      w.write('a.txt', 'hello\n').run('zip', '-q', 'p.zip', 'a.txt').read('p.zip'),
    );
    // Cut where the directory began: the one local entry is whole and accounts for the file.
    const cutPlain = await inspectBytes(plain.subarray(0, findSig(plain, CENTRAL)), 'p.zip');
    expect(cutPlain.executable).toBe(false);
    // Cut inside the entry's data: "cannot tell".
    const inData = await inspectBytes(plain.subarray(0, findSig(plain, CENTRAL) - 3), 'p.zip');
    expect(inData.executable).toBeNull();
  });

  it('must not pass: an entry the engine cannot judge (unknown method, no telling name) → null', async () => {
    const lzma = { raw: new Uint8Array(64).fill(7), method: 14, declaredSize: 64, declaredInLocal: true };
    const z = buildZip([{ name: 'payload', ...lzma }]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBeNull();
    expect(r.entries[0]?.executable).toBeNull();
    // A document's name still answers when both headers agree on it: a viewer opens it, it does not run.
    const doc = buildZip([{ name: 'report.txt', ...lzma }]);
    expect((await inspectBytes(doc, 'a.zip')).executable).toBe(false);
    // Not when the local header disagrees on the size: which tool believes which is not known.
    const lying = buildZip([{ name: 'report.txt', ...lzma, declaredInLocal: false }]);
    expect((await inspectBytes(lying, 'a.zip')).executable).toBeNull();
  });

  it('must block: a size running past the end does not hide a renamed program (unzip still extracts it)', async () => {
    const z = buildZip([{ name: 'invoice.pdf', data: pe() }]).slice();
    const cd = findSig(z, CENTRAL);
    new DataView(z.buffer).setUint32(cd + 20, 0xffffff00, true); // compressed size far past the end
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
  });

  it('must not pass: nested deeper than the limit, or too large to open, is null', async () => {
    let z = buildZip([{ name: 'a.txt', data: 'x' }]);
    for (let i = 0; i < 4; i++) z = buildZip([{ name: `l${i}.zip`, data: z }]);
    expect((await inspectBytes(z, 'a.zip')).executable).toBeNull();
    const inner = buildZip([{ name: 'a.txt', data: 'x'.repeat(5000) }]);
    const outer = buildZip([{ name: 'inner.zip', data: inner }]);
    expect((await inspectBytes(outer, 'a.zip', { maxNestedSize: 100 })).executable).toBeNull();
  });
});

describe('"encrypted" is not one flag bit', () => {
  it('must pass: the zip2 case — stored plaintext with the encryption bit set is not encrypted', async () => {
    const z = buildZip([
      {
        name: 'plaintext.txt',
        data: 'This file is not encrypted.',
        method: 0,
        flags: 1,
        raw: enc.encode('This file is not encrypted.'),
      },
    ]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.encrypted).toBe(false);
    expect(r.encryption).toBeNull();
    expect(r.entries[0]?.format).toBe('text');
  });

  it('must pass: a zip(1) archive with one flipped bit (central flag only) is read as plain', async () => {
    const z = (await toolZip()).slice();
    const cd = findSig(z, CENTRAL);
    z[cd + 8] = (z[cd + 8] ?? 0) | 1;
    const r = await inspectBytes(z, 'a.zip');
    expect(r.encrypted).toBe(false);
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/not encrypted after all/);
  });

  it('must pass: both flags flipped on deflated plaintext — it inflates to its size and CRC, so it is plain', async () => {
    const z = (await toolZip()).slice();
    const local = findSig(z, LOCAL, findSig(z, LOCAL) + 4); // notes.txt, deflated
    const cd = findSig(z, CENTRAL, findSig(z, CENTRAL) + 4);
    z[local + 6] = (z[local + 6] ?? 0) | 1;
    z[cd + 8] = (z[cd + 8] ?? 0) | 1;
    const r = await inspectBytes(z, 'a.zip');
    expect(r.encrypted).toBe(false);
  });

  it('must block (stay encrypted): real ZipCrypto from zip -P, real AES-256 from 7z', async () => {
    const zc = await inWorkdir(async (w) =>
      w
        .write('a.txt', 'secret\n'.repeat(50))
        .write('b.txt', 'x')
        .run('zip', '-q', '-P', 'pw', 'z.zip', 'a.txt', 'b.txt')
        .read('z.zip'),
    );
    expect(await inspectBytes(zc, 'z.zip')).toMatchObject({ encrypted: true, encryption: 'zipcrypto' });
    const aes = await inWorkdir(async (w) =>
      w
        .write('a.txt', 'secret\n')
        .run('7z', 'a', '-bso0', '-bsp0', '-tzip', '-mem=AES256', '-ppw', 'z.zip', 'a.txt')
        .read('z.zip'),
    );
    expect(await inspectBytes(aes, 'z.zip')).toMatchObject({ encrypted: true, encryption: 'aes-256' });
    const aes128 = await inWorkdir(async (w) =>
      w
        .write('a.txt', 'secret\n')
        .run('7z', 'a', '-bso0', '-bsp0', '-tzip', '-mem=AES128', '-ppw', 'z.zip', 'a.txt')
        .read('z.zip'),
    );
    expect(await inspectBytes(aes128, 'z.zip')).toMatchObject({ encrypted: true, encryption: 'aes-128' });
  });

  it('AES needs method 99 and its extra field in both headers; otherwise it is not "encrypted"', async () => {
    const ok = buildZip([
      { name: 'a.txt', raw: new Uint8Array(40), method: 99, flags: 1, extra: aesExtra(), declaredSize: 10 },
    ]);
    expect((await inspectBytes(ok, 'a.zip')).encryption).toBe('aes-256');
    const noLocalExtra = buildZip([
      {
        name: 'a.txt',
        raw: new Uint8Array(40),
        method: 99,
        flags: 1,
        extra: aesExtra(),
        localExtra: new Uint8Array(0),
        declaredSize: 10,
      },
    ]);
    expect((await inspectBytes(noLocalExtra, 'a.zip')).encrypted).not.toBe(true);
    const tooShort = buildZip([
      { name: 'a.txt', raw: new Uint8Array(8), method: 99, flags: 1, extra: aesExtra(), declaredSize: 10 },
    ]);
    expect((await inspectBytes(tooShort, 'a.zip')).encrypted).not.toBe(true);
  });

  it('the local header claiming encryption that the directory does not: plain, judged by its bytes', async () => {
    const z = buildZip([{ name: 'invoice.pdf', data: pe(), localFlags: 1 }]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.encrypted).toBe(false);
    expect(r.executable).toBe(true);
  });

  it('for a container, encryption names the weakest scheme of its parts', async () => {
    const both = buildZip([
      { name: 'zc.zip', data: fixture('zipcrypto.zip'), method: 0 },
      { name: 'aes.zip', data: fixture('aes256.zip'), method: 0 },
    ]);
    expect(await inspectBytes(both, 'o.zip')).toMatchObject({ encrypted: true, encryption: 'zipcrypto' });
    const mixed = await inspectFile(bytesSource(fixture('mixed.zip')), 'mixed.zip');
    expect(mixed).toMatchObject({ encrypted: false, encryption: null });
  });
});

describe('a central directory that disagrees with the local headers', () => {
  it('must block: the local header names the entry .exe (what streaming extractors write)', async () => {
    const z = buildZip([{ name: 'report.txt', data: 'hello', localName: 'report.exe' }]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/local header names it "report\.exe"/);
  });

  it('must block: a program stored between listed entries that the directory does not list', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'hello' },
      { name: 'payload.exe', data: pe(), hidden: true },
      { name: 'b.txt', data: 'world' },
    ]);
    const r = await inspectBytes(z, 'a.zip');
    // The directory is not the whole truth: the entries found by their local headers are judged (and listed).
    expect(r.entries.map((e) => e.name)).toEqual(['a.txt', 'b.txt', 'payload.exe']);
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/payload\.exe.*does not list/);
  });

  it('must pass: zip(1) with its extra fields, a docx, an odt: nothing hidden, nothing renamed', async () => {
    const plain = await inWorkdir(async (w) =>
      w
        .write('a.txt', 'hello\n')
        .write('b.txt', 'x'.repeat(3000))
        .run('zip', '-q', 'p.zip', 'a.txt', 'b.txt')
        .read('p.zip'),
    );
    const r = await inspectBytes(plain, 'p.zip');
    expect(r).toMatchObject({ executable: false, encrypted: false });
    expect(r.reasons.join(' ')).not.toMatch(/local header/);
    for (const f of ['minimal.docx', 'minimal.odt', 'nested-exe.zip', 'cp932-names.zip']) {
      const x = await inspectBytes(fixture(f), f);
      expect(x.reasons.join(' '), f).not.toMatch(/local header/);
    }
  });
});
