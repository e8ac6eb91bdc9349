import { deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { simulateMissingShiftJis } from '../../../shared/files/text.ts';
import { inspectBytes, inspectFixture } from './helpers/fixtures.ts';
import { pe } from './helpers/format-builders.ts';
import { aesExtra, buildZip } from './helpers/zip-builder.ts';

describe('zip made by real tools', () => {
  it('plain zip → not encrypted', async () => {
    const r = await inspectFixture('plain.zip');
    expect(r).toMatchObject({ format: 'zip', encrypted: false, executable: false });
    expect(r.entries.map((e) => e.name)).toEqual(['hello.txt', 'notes.md']);
  });

  it('zip -e (ZipCrypto), every entry → encrypted', async () => {
    const r = await inspectFixture('zipcrypto.zip');
    expect(r).toMatchObject({ format: 'zip', encrypted: true });
    expect(r.entries.every((e) => e.encrypted === true)).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/ZipCrypto/);
  });

  it('one plain and one encrypted entry → not encrypted', async () => {
    const r = await inspectFixture('mixed.zip');
    expect(r.encrypted).toBe(false);
    expect(r.entries.map((e) => e.encrypted)).toEqual([false, true]);
  });

  it('7z -tzip -mem=AES256 (WinZip AES) → encrypted', async () => {
    const r = await inspectFixture('aes256.zip');
    expect(r).toMatchObject({ format: 'zip', encrypted: true });
    expect(r.reasons.join(' ')).toMatch(/AES/);
  });

  it('finds an executable in a zip in a zip (deflated and stored)', async () => {
    for (const f of ['nested-exe.zip', 'stored-nested.zip']) {
      const r = await inspectFixture(f);
      expect(r.executable).toBe(true);
      const inner = r.entries.find((e) => e.name === 'inner.zip');
      expect(inner?.format).toBe('zip');
      expect(inner?.entries?.find((e) => e.name === 'tool.exe')).toMatchObject({ executable: true, format: 'pe' });
    }
  });

  it('finds a renamed program by its bytes', async () => {
    const r = await inspectFixture('renamed-exe.zip');
    expect(r.executable).toBe(true);
    expect(r.entries[0]).toMatchObject({ name: 'invoice.pdf', executable: true, format: 'pe' });
  });

  it('reads CP932 names (no UTF-8 flag) and UTF-8 names', async () => {
    expect((await inspectFixture('cp932-names.zip')).entries[0]?.name).toBe('機密性2_報告.txt');
    const utf8 = await inspectFixture('utf8-names.zip');
    expect(utf8.entries[0]?.name).toBe('報告書.pdf.exe');
    expect(utf8.executable).toBe(true);
  });

  it('OOXML, ODF and JAR are told apart', async () => {
    expect(await inspectFixture('minimal.docx')).toMatchObject({
      format: 'ooxml',
      encrypted: false,
      executable: false,
    });
    expect(await inspectFixture('minimal.odt')).toMatchObject({ format: 'odf', encrypted: false, executable: false });
    expect(await inspectFixture('hello.jar')).toMatchObject({ format: 'jar', executable: true });
    // A JAR is executable by its contents even under another name.
    expect(await inspectFixture('hello.jar', 'library.zip')).toMatchObject({ format: 'jar', executable: true });
  });
});

describe('zip built from the specification', () => {
  afterEach(() => simulateMissingShiftJis(false));

  it('flag bit 0 on every entry → encrypted; on none → not', async () => {
    const enc = buildZip([
      { name: 'a.txt', data: 'x', flags: 1 },
      { name: 'b.txt', data: 'y', flags: 1 },
    ]);
    expect((await inspectBytes(enc, 'e.zip')).encrypted).toBe(true);
    const plain = buildZip([{ name: 'a.txt', data: 'x' }]);
    expect((await inspectBytes(plain, 'p.zip')).encrypted).toBe(false);
  });

  it('method 99 with the 0x9901 extra field is WinZip AES', async () => {
    const z = buildZip([
      { name: 'a.txt', raw: new Uint8Array(40), method: 99, flags: 1, extra: aesExtra(), declaredSize: 10 },
    ]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.encrypted).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/WinZip AES/);
  });

  it('empty files and directories hold no content', async () => {
    const z = buildZip([{ name: 'dir/' }, { name: 'empty.txt' }, { name: 'dir/secret.txt', data: 'x', flags: 1 }]);
    const r = await inspectBytes(z, 'a.zip');
    expect(r.encrypted).toBe(true);
    expect(r.entries.map((e) => e.name)).toEqual(['empty.txt', 'dir/secret.txt']);
    expect((await inspectBytes(buildZip([]), 'empty.zip')).encrypted).toBe(false);
  });

  it('bit 11 means UTF-8; without it CP932, also without a Shift_JIS decoder', async () => {
    const utf8 = buildZip([{ name: new TextEncoder().encode('名簿.exe'), data: 'x', flags: 0x800 }]);
    expect((await inspectBytes(utf8, 'a.zip')).entries[0]?.name).toBe('名簿.exe');
    const sjis = new Uint8Array([0x96, 0xbc, 0x95, 0xeb, 0x2e, 0x65, 0x78, 0x65]); // 名簿.exe in CP932
    const z = buildZip([{ name: sjis, data: 'x' }]);
    expect((await inspectBytes(z, 'a.zip')).entries[0]?.name).toBe('名簿.exe');
    simulateMissingShiftJis(true);
    const fallback = await inspectBytes(z, 'a.zip');
    expect(fallback.entries[0]?.name).toBe('\ufffd\ufffd.exe');
    expect(fallback.executable).toBe(true);
  });

  it('prefers the Info-ZIP Unicode path field when its CRC matches', async () => {
    const { crc32 } = await import('../../../shared/files/bytes.ts');
    const raw = new TextEncoder().encode('x?.txt');
    const utf8 = new TextEncoder().encode('x名.exe');
    const extra = new Uint8Array([
      0x75,
      0x70,
      5 + utf8.length,
      0,
      1,
      ...new Uint8Array(new Uint32Array([crc32(raw)]).buffer),
      ...utf8,
    ]);
    const r = await inspectBytes(buildZip([{ name: raw, data: 'x', extra }]), 'a.zip');
    expect(r.entries[0]?.name).toBe('x名.exe');
    expect(r.executable).toBe(true);
  });

  it('reads past a comment, through ZIP64 records, and after data prepended to the archive', async () => {
    const entries = [{ name: 'run.bat', data: 'echo' }];
    for (const z of [
      buildZip(entries, { comment: 'c'.repeat(1000) }),
      buildZip(entries, { zip64: true }),
      buildZip(entries, { prefix: new TextEncoder().encode('garbage before the archive\n'.repeat(10)) }),
    ]) {
      const r = await inspectBytes(z, 'a.zip');
      expect(r.format).toBe('zip');
      expect(r.executable).toBe(true);
    }
  });

  it('an executable three levels down is found; four levels down is "cannot tell"', async () => {
    let z = buildZip([{ name: 'tool.exe', data: pe() }]);
    for (let i = 0; i < 2; i++) z = buildZip([{ name: `level${i}.zip`, data: z }]);
    expect((await inspectBytes(z, 'a.zip')).executable).toBe(true);
    z = buildZip([{ name: 'deeper.zip', data: z }]);
    const deep = await inspectBytes(z, 'a.zip');
    expect(deep.executable).toBe(true); // depth 3 is still opened
    z = buildZip([{ name: 'deepest.zip', data: z }]);
    const tooDeep = await inspectBytes(z, 'a.zip');
    // Not opened is "cannot tell", never "no program" (issue 12 §1).
    expect(tooDeep.executable).toBeNull();
    expect(tooDeep.encrypted).toBeNull();
    expect(tooDeep.reasons.join(' ')).toMatch(/nested deeper/);
  });

  it('a plain zip holding only an encrypted archive is encrypted; with a plain file beside it, not', async () => {
    const inner = buildZip([{ name: 'a.txt', data: 'x', flags: 1 }]);
    expect((await inspectBytes(buildZip([{ name: 'inner.zip', data: inner }]), 'o.zip')).encrypted).toBe(true);
    expect(
      (
        await inspectBytes(
          buildZip([
            { name: 'inner.zip', data: inner },
            { name: 'b.txt', data: 'y' },
          ]),
          'o.zip',
        )
      ).encrypted,
    ).toBe(false);
  });

  it('a huge entry is only peeked at, never inflated whole', async () => {
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const z = buildZip([
      { name: 'zeros.bin', raw: new Uint8Array(deflateRawSync(zeros)), method: 8, declaredSize: zeros.length },
    ]);
    const t = performance.now();
    const r = await inspectBytes(z, 'x.zip');
    expect(performance.now() - t).toBeLessThan(500);
    expect(r.encrypted).toBeNull(); // only zeros: cannot tell what it is
  });

  it('a zip bomb (a nested archive that inflates past the limits) is "cannot tell", quickly', async () => {
    const inner = buildZip([{ name: 'zeros.bin', data: new Uint8Array(20 * 1024 * 1024), method: 0 }]);
    const packed = new Uint8Array(deflateRawSync(inner, { level: 9 }));
    // Declared honestly: refused from the sizes before inflating anything.
    const honest = buildZip([{ name: 'inner.zip', raw: packed, method: 8, declaredSize: inner.length }]);
    // Declared as small: the inflate limit stops it.
    const liar = buildZip([{ name: 'inner.zip', raw: packed, method: 8, declaredSize: 100 }]);
    for (const z of [honest, liar]) {
      const t = performance.now();
      const r = await inspectBytes(z, 'x.zip');
      expect(performance.now() - t).toBeLessThan(2000);
      expect(r.encrypted).toBeNull();
      expect(r.reasons.join(' ')).toMatch(/zip bomb|too large/);
    }
  });

  it('a directory claiming millions of entries is "cannot tell" at once', async () => {
    const z = buildZip([{ name: 'a.txt', data: 'x' }], { zip64: true, declaredEntries: 5_000_000 });
    const t = performance.now();
    const r = await inspectBytes(z, 'a.zip');
    expect(performance.now() - t).toBeLessThan(100);
    // The directory is not used; the one local entry (plain) accounts for the file (zip-accounting.ts).
    expect(r).toMatchObject({ format: 'zip', encrypted: false, executable: false });
    expect(r.reasons.join(' ')).toMatch(/5000000 entries/);
    const z16 = buildZip([{ name: 'a.txt', data: 'x' }], { declaredEntries: 65535 });
    expect((await inspectBytes(z16, 'a.zip')).encrypted).toBe(false);
    // With its data cut short, it cannot be accounted for: "cannot tell".
    const cut = buildZip([{ name: 'a.txt', data: 'x'.repeat(300), method: 0 }], { declaredEntries: 65535 });
    expect((await inspectBytes(cut.subarray(0, 200), 'a.zip')).encrypted).toBeNull();
  });

  it('offsets past the end and damaged entries are "cannot tell" or "not encrypted", never a throw', async () => {
    const z = buildZip([
      { name: 'a.txt', data: 'x', flags: 1 },
      { name: 'b.txt', data: 'y', flags: 1 },
    ]);
    const cut = z.slice();
    // Break the second central directory record's signature.
    const cd = cut.length - 22 - 2 * (46 + 5);
    cut[cd + 46 + 5] = 0;
    const r = await inspectBytes(cut, 'a.zip');
    expect(r.encrypted).toBeNull();
    expect(r.reasons.join(' ')).toMatch(/damaged|could be read/);
    const truncated = z.subarray(0, z.length - 10);
    expect((await inspectBytes(truncated, 'a.zip')).encrypted).toBeNull();
  });

  it('lists at most maxReportedEntries entries but checks them all', async () => {
    const specs = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    specs.push({ name: 'last.exe', data: 'x' });
    const r = await inspectBytes(buildZip(specs), 'a.zip', { maxReportedEntries: 10 });
    expect(r.entries.length).toBe(10);
    expect(r.executable).toBe(true);
    expect(r.reasons.join(' ')).toMatch(/truncated at 10/);
  });

  it('an encrypted ODF names its encrypted parts in the manifest', async () => {
    const manifest = `<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/></manifest:encryption-data></manifest:file-entry>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"><manifest:encryption-data/></manifest:file-entry>
</manifest:manifest>`;
    const odt = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', method: 0 },
      { name: 'META-INF/manifest.xml', data: manifest },
      { name: 'content.xml', raw: new Uint8Array(64).fill(0x9c), method: 0, declaredSize: 64 },
      { name: 'styles.xml', raw: new Uint8Array(64).fill(0x3c), method: 0, declaredSize: 64 },
    ]);
    const r = await inspectBytes(odt, '報告.odt');
    expect(r).toMatchObject({ format: 'odf', encrypted: true });
    const plain = buildZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', method: 0 },
      {
        name: 'META-INF/manifest.xml',
        data: manifest.replace(
          /<manifest:encryption-data[\s\S]*?<\/manifest:encryption-data>|<manifest:encryption-data\/>/g,
          '',
        ),
      },
      { name: 'content.xml', data: '<x/>' },
    ]);
    expect(await inspectBytes(plain, '報告.odt')).toMatchObject({ format: 'odf', encrypted: false });
  });

  it('installer packages built on zip are executable', async () => {
    const msix = buildZip([
      { name: 'AppxManifest.xml', data: '<Package/>' },
      { name: '[Content_Types].xml', data: '<Types/>' },
    ]);
    expect(await inspectBytes(msix, 'app.zip')).toMatchObject({ executable: true });
    const apk = buildZip([
      { name: 'AndroidManifest.xml', data: 'x' },
      { name: 'classes.dex', data: 'dex\n035' },
    ]);
    expect(await inspectBytes(apk, 'app.zip')).toMatchObject({ format: 'jar', executable: true });
  });
});
