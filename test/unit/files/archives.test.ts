// 7z (real tool) and RAR (built from RARLAB's technical notes: no rar tool ships in Debian main).
import { describe, expect, it } from 'vitest';
import { fixture, inspectBytes, inspectFixture } from './helpers/fixtures.ts';
import { concat, pe, rar4, rar5 } from './helpers/format-builders.ts';

describe('7z', () => {
  it('plain 7z (LZMA-compressed header) → listed, not encrypted', async () => {
    const r = await inspectFixture('plain.7z');
    expect(r).toMatchObject({ format: '7z', encrypted: false, executable: false });
    expect(r.entries.map((e) => e.name)).toEqual(['hello.txt', 'notes.md']);
    expect(r.entries.every((e) => e.format === 'text')).toBe(true); // decoded (LZMA2) and sniffed
  });

  it('7z -p (names visible, AES folders) → encrypted', async () => {
    const r = await inspectFixture('encrypted.7z');
    expect(r).toMatchObject({ format: '7z', encrypted: true });
    expect(r.entries.map((e) => e.name)).toEqual(['hello.txt', 'notes.md']);
  });

  it('7z -p -mhe=on (encrypted header) → encrypted, names hidden', async () => {
    const r = await inspectFixture('encrypted-names.7z');
    expect(r).toMatchObject({ format: '7z', encrypted: true, entries: [] });
    expect(r.reasons.join(' ')).toMatch(/names are hidden/);
  });

  it('finds an executable inside a zip inside a 7z, and a program stored in a 7z', async () => {
    const nested = await inspectFixture('nested-exe.7z');
    expect(nested.executable).toBe(true);
    expect(nested.entries[0]?.entries?.[0]).toMatchObject({ name: 'tool.exe', format: 'pe' });
    const stored = await inspectFixture('stored.7z');
    expect(stored.executable).toBe(true);
    expect(stored.entries.find((e) => e.name === 'tool.exe')?.format).toBe('pe');
  });

  it('a 7z whose next header points outside the file is "cannot tell"', async () => {
    const b = fixture('plain.7z').slice();
    b[12] = 0xff;
    b[13] = 0xff;
    const r = await inspectBytes(b, 'x.7z');
    expect(r).toMatchObject({ format: '7z', encrypted: null });
  });

  it('a 7z cut short is "cannot tell"', async () => {
    const b = fixture('encrypted.7z');
    expect((await inspectBytes(b.subarray(0, b.length - 20), 'x.7z')).encrypted).toBeNull();
  });
});

describe('RAR 4', () => {
  it('files without the password flag → not encrypted', async () => {
    const r = await inspectBytes(rar4([{ name: 'a.txt', data: new TextEncoder().encode('hello') }]), 'a.rar');
    expect(r).toMatchObject({ format: 'rar', encrypted: false, executable: false });
    expect(r.entries[0]).toMatchObject({ name: 'a.txt', format: 'text' }); // stored: sniffed
  });

  it('every file with flag 0x04 → encrypted; one without → not', async () => {
    const enc = rar4([
      { name: 'a.txt', data: new Uint8Array(16), flags: 0x04, method: 0x33 },
      { name: 'b.txt', data: new Uint8Array(16), flags: 0x04, method: 0x33 },
    ]);
    expect((await inspectBytes(enc, 'a.rar')).encrypted).toBe(true);
    const mixed = rar4([
      { name: 'a.txt', data: new Uint8Array(16), flags: 0x04, method: 0x33 },
      { name: 'b.txt', data: new TextEncoder().encode('plain') },
    ]);
    expect((await inspectBytes(mixed, 'a.rar')).encrypted).toBe(false);
  });

  it('archive header flag 0x0080 (encrypted headers) → encrypted', async () => {
    const r = await inspectBytes(rar4([], 0x0080), 'a.rar');
    expect(r).toMatchObject({ format: 'rar', encrypted: true });
  });

  it('names: an executable, a stored program, and RAR Unicode names', async () => {
    const r = await inspectBytes(rar4([{ name: 'setup.exe', data: new Uint8Array(8), method: 0x33 }]), 'a.rar');
    expect(r.executable).toBe(true);
    const stored = await inspectBytes(rar4([{ name: 'readme.txt', data: pe() }]), 'a.rar');
    expect(stored.executable).toBe(true);
    // "名.exe": OEM name "?.exe", then the packed UTF-16: high byte 0x54, flag byte 0b10_00_00_00 then
    // mode 2 (a full UTF-16 unit 0x540D), then mode 3 copying ".exe" from the OEM name.
    const field = concat('?.exe', [0], [0x54, 0b10110000, 0x0d, 0x54, 4 - 2]);
    const u = await inspectBytes(
      rar4([{ name: field, data: new Uint8Array(4), flags: 0x0200, method: 0x33 }]),
      'a.rar',
    );
    expect(u.entries[0]?.name).toBe('名.exe');
    expect(u.executable).toBe(true);
  });

  it('a block size pointing backwards or past the end stops the walk without a throw', async () => {
    const b = rar4([{ name: 'a.txt', data: new Uint8Array(16), flags: 0x04, method: 0x33 }]);
    const bad = b.slice();
    bad[7 + 13 + 5] = 3; // HEAD_SIZE of the file header: too small
    expect((await inspectBytes(bad, 'a.rar')).encrypted).toBeNull();
  });
});

describe('RAR 5', () => {
  it('plain files → not encrypted; stored data sniffed', async () => {
    const r = await inspectBytes(rar5([{ name: 'a.txt', data: new TextEncoder().encode('hello') }]), 'a.rar');
    expect(r).toMatchObject({ format: 'rar', encrypted: false });
    expect(r.entries[0]).toMatchObject({ name: 'a.txt', format: 'text' });
  });

  it('file encryption records on every file → encrypted; one plain → not', async () => {
    const enc = rar5([
      { name: 'a.txt', data: new Uint8Array(16), encrypted: true, method: 3 },
      { name: '報告.txt', data: new Uint8Array(16), encrypted: true, method: 3 },
    ]);
    const r = await inspectBytes(enc, 'a.rar');
    expect(r.encrypted).toBe(true);
    expect(r.entries.map((e) => e.name)).toEqual(['a.txt', '報告.txt']);
    const mixed = rar5([
      { name: 'a.txt', data: new Uint8Array(16), encrypted: true, method: 3 },
      { name: 'b.txt', data: new TextEncoder().encode('plain') },
    ]);
    expect((await inspectBytes(mixed, 'a.rar')).encrypted).toBe(false);
  });

  it('archive encryption header (-hp) → encrypted, names hidden', async () => {
    const r = await inspectBytes(rar5([], true), 'a.rar');
    expect(r).toMatchObject({ format: 'rar', encrypted: true, entries: [] });
  });

  it('an executable name or stored program inside is found', async () => {
    expect(
      (await inspectBytes(rar5([{ name: 'dir/run.ps1', data: new Uint8Array(4), method: 3 }]), 'a.rar')).executable,
    ).toBe(true);
    expect((await inspectBytes(rar5([{ name: 'photo.jpg', data: pe() }]), 'a.rar')).executable).toBe(true);
  });

  it('compressed entries are judged by name', async () => {
    const r = await inspectBytes(rar5([{ name: 'inner.zip', data: new Uint8Array(32), method: 3 }]), 'a.rar');
    expect(r.encrypted).toBeNull();
    const t = await inspectBytes(rar5([{ name: 'notes.txt', data: new Uint8Array(32), method: 3 }]), 'a.rar');
    expect(t.encrypted).toBe(false);
  });
});
