// PDF and S/MIME from real tools (qpdf, openssl); compound files built from [MS-CFB] and the
// Office specifications ([MS-OFFCRYPTO], [MS-DOC], [MS-XLS], [MS-PPT]), Windows Installer CLSIDs.
import { describe, expect, it } from 'vitest';
import { dictionaryAt, hasEncryptKey } from '../../../shared/files/pdf.ts';
import { buildCfb, clsid } from './helpers/cfb-builder.ts';
import { fixture, inspectBytes, inspectFixture } from './helpers/fixtures.ts';
import { concat, contentInfo, le16, le32, pe } from './helpers/format-builders.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('PDF', () => {
  it.each([
    ['encrypted-aes256.pdf', true],
    ['encrypted-rc4.pdf', true],
    // Only an owner password: opens for anyone, so not encrypted for 8.1.1(7) (issue 12 §1).
    ['encrypted-owner-only.pdf', false],
    ['xref-stream-encrypted.pdf', true],
    ['plain.pdf', false],
    ['xref-stream.pdf', false],
  ])('%s → encrypted %s', async (name, encrypted) => {
    expect(await inspectFixture(name)).toMatchObject({ format: 'pdf', encrypted, executable: false });
  });

  it('incremental updates: the last trailer decides', async () => {
    const plain = fixture('plain.pdf');
    const update = (extra: string, base: Uint8Array) => {
      const at = base.length;
      const prev = /startxref\s+(\d+)/.exec(new TextDecoder('latin1').decode(base.subarray(-64)))?.[1] ?? '0';
      const obj = '\n50 0 obj << /Producer (edit) >> endobj\n';
      const section = `xref\n50 1\n${String(at + 1).padStart(10, '0')} 00000 n \ntrailer << /Size 6 /Root 1 0 R /Prev ${prev}${extra} >>\n`;
      return concat(base, obj, section, `startxref\n${at + obj.length}\n%%EOF\n`);
    };
    // /Encrypt naming an object that is not there: encrypted as claimed, or "cannot tell" — never "plain".
    const withEncrypt = update(' /Encrypt 9 0 R', plain);
    expect((await inspectBytes(withEncrypt, 'a.pdf')).encrypted).not.toBe(false);
    expect((await inspectBytes(withEncrypt, 'a.pdf')).reasons.join(' ')).toMatch(/\/Encrypt/);
    const removed = update('', withEncrypt);
    expect((await inspectBytes(removed, 'a.pdf')).encrypted).toBe(false);
    // An update of an encrypted file keeps /Encrypt in its trailer.
    const aes = fixture('encrypted-aes256.pdf');
    const own = new TextDecoder('latin1').decode(aes);
    const keep = ` ${/\/Encrypt \d+ \d+ R/.exec(own)?.[0]} ${/\/ID\s*\[[^\]]*\]/.exec(own)?.[0]}`;
    expect((await inspectBytes(update(keep, aes), 'a.pdf')).encrypted).toBe(true);
  });

  it('a startxref pointing near the start (linearized files) is followed', async () => {
    const head = '%PDF-1.5\nxref\n0 1\n0000000000 65535 f \ntrailer << /Size 1 /Encrypt 3 0 R /ID [<ab><cd>] >>\n';
    const body = concat(head, ' '.repeat(70000), '\nstartxref\n9\n%%EOF\n');
    const r = await inspectBytes(body, 'a.pdf');
    expect(r.encrypted).not.toBe(false);
    expect(r.reasons.join(' ')).toMatch(/\/Encrypt\) in the last trailer/);
  });

  it('no startxref, or one pointing nowhere, falls back to the tail; nothing at all → cannot tell', async () => {
    expect(
      (await inspectBytes(text('%PDF-1.4\ntrailer << /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF'), 'a.pdf')).encrypted,
    ).not.toBe(false);
    expect(
      (await inspectBytes(text('%PDF-1.4\ntrailer << /Root 1 0 R >>\nstartxref\n999999\n%%EOF'), 'a.pdf')).encrypted,
    ).toBe(false);
    expect(await inspectBytes(text('%PDF-1.4\n1 0 obj << >> endobj\n'), 'a.pdf')).toMatchObject({
      format: 'pdf',
      encrypted: null,
    });
    const cut = fixture('plain.pdf').subarray(0, 300);
    expect((await inspectBytes(cut, 'a.pdf')).encrypted).toBeNull();
  });

  it('reads dictionaries with strings, hex strings and nested dictionaries', () => {
    const d = dictionaryAt(
      'trailer << /ID [<0a1b><2c3d>] /Info (a >> b \\) c) /X << /Y 1 >> /Encrypt 4 0 R >> tail',
      7,
    );
    expect(d).toMatch(/\/Encrypt 4 0 R >>$/);
    expect(hasEncryptKey('<< /EncryptMetadata false >>')).toBe(false);
    expect(hasEncryptKey('<< /Encrypt 4 0 R >>')).toBe(true);
    expect(hasEncryptKey('<</Encrypt<</Filter/Standard>>>>')).toBe(true);
  });
});

describe('S/MIME and CMS', () => {
  it.each([
    ['enveloped.p7m', true],
    ['enveloped-pem.p7m', true],
    ['enveloped-mime.p7m', true],
    ['signed.p7m', false],
    ['signed.p7s', false],
  ])('%s → encrypted %s', async (name, encrypted) => {
    expect(await inspectFixture(name)).toMatchObject({ format: 'p7m', encrypted });
  });

  it('content types from DER: enveloped, encrypted and auth-enveloped are encrypted; signed and data are not', async () => {
    expect((await inspectBytes(contentInfo(3), 'x.p7m')).encrypted).toBe(true);
    expect((await inspectBytes(contentInfo(6), 'x.p7m')).encrypted).toBe(true);
    expect((await inspectBytes(contentInfo(2), 'x.p7m')).encrypted).toBe(false);
    expect((await inspectBytes(contentInfo(1), 'x.p7m')).encrypted).toBe(false);
    const auth = new Uint8Array([
      0x30, 0x80, 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17, 0xa0, 0x80, 0, 0, 0, 0,
    ]);
    expect((await inspectBytes(concat(auth, new Uint8Array(40)), 'x.p7m')).encrypted).toBe(true);
    // Bare base64 of the DER, as some mail clients save smime.p7m.
    const b64 = Buffer.from(contentInfo(3, 120)).toString('base64');
    expect(await inspectBytes(text(b64), 'smime.p7m')).toMatchObject({ format: 'p7m', encrypted: true });
  });
});

describe('compound files', () => {
  const big = (n = 5000) => new Uint8Array(n).fill(0x41);

  it('password-protected OOXML (EncryptionInfo + EncryptedPackage) → encrypted', async () => {
    const f = buildCfb([
      { name: 'EncryptionInfo', data: new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0, ...new Array<number>(200).fill(1)]) },
      { name: 'EncryptedPackage', data: big() },
      { name: '\u0006DataSpaces' },
    ]);
    expect(await inspectBytes(f, '機密性2_報告.xlsx')).toMatchObject({
      format: 'cfb',
      encrypted: true,
      confidentialMarker: true,
    });
  });

  it('IRM/DRM data space → encrypted', async () => {
    const f = buildCfb([
      { name: '\u0006DataSpaces' },
      { name: '\u0009DRMContent', data: big() },
      { name: 'DRMEncryptedDataSpace', data: new Uint8Array(100) },
    ]);
    expect(await inspectBytes(f, 'x.docx')).toMatchObject({ format: 'cfb', encrypted: true });
  });

  const fib = (flags: number) => {
    const b = big(6000).fill(0);
    b.set([...le16(0xa5ec), ...le16(0xc1), 0, 0, ...le16(0x0411), 0, 0, ...le16(flags)], 0);
    return b;
  };

  it('Word: FIB fEncrypted set → encrypted; clear → not', async () => {
    expect(
      (
        await inspectBytes(
          buildCfb([
            { name: 'WordDocument', data: fib(0x0100 | 0x0200) },
            { name: '1Table', data: big() },
          ]),
          'a.doc',
        )
      ).encrypted,
    ).toBe(true);
    expect(
      (
        await inspectBytes(
          buildCfb([
            { name: 'WordDocument', data: fib(0x0200) },
            { name: '1Table', data: big() },
          ]),
          'a.doc',
        )
      ).encrypted,
    ).toBe(false);
  });

  const biff = (...records: [number, number[]][]) =>
    concat(...records.flatMap(([t, body]) => [le16(t), le16(body.length), body]));

  it('Excel: FILEPASS after BOF → encrypted; without → not (small Workbook streams live in the mini stream)', async () => {
    const bof: [number, number[]] = [0x0809, [0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]];
    const enc = biff(bof, [0x002f, [1, 0, 1, 0, 2, 0, ...new Array<number>(48).fill(0)]], [0x00e1, [0xb0, 0x04]]);
    const plain = biff(
      bof,
      [0x00e1, [0xb0, 0x04]],
      [0x005c, new Array<number>(112).fill(0x20)],
      [0x0085, [0, 0, 0, 0, 0, 0, 1, 0x41]],
    );
    expect((await inspectBytes(buildCfb([{ name: 'Workbook', data: enc }]), 'a.xls')).encrypted).toBe(true);
    expect((await inspectBytes(buildCfb([{ name: 'Workbook', data: plain }]), 'a.xls')).encrypted).toBe(false);
  });

  it('PowerPoint: encrypted CurrentUserAtom token → encrypted; plain token → not', async () => {
    const cu = (token: number) =>
      new Uint8Array([
        0,
        0,
        ...le16(0x0ff6),
        ...le32(20),
        ...le32(20),
        ...le32(token),
        ...new Array<number>(20).fill(0),
      ]);
    const ppt = (token: number) =>
      buildCfb([
        { name: 'PowerPoint Document', data: big() },
        { name: 'Current User', data: cu(token) },
      ]);
    expect((await inspectBytes(ppt(0xf3d1c4df), 'a.ppt')).encrypted).toBe(true);
    expect((await inspectBytes(ppt(0xe391c05f), 'a.ppt')).encrypted).toBe(false);
  });

  it('MSI (by root CLSID or by its table streams) → executable', async () => {
    const msi = buildCfb(
      [{ name: '\u0005SummaryInformation', data: new Uint8Array(200) }],
      clsid('{000C1084-0000-0000-C000-000000000046}'),
    );
    expect(await inspectBytes(msi, 'readme.txt')).toMatchObject({ format: 'cfb', executable: true, encrypted: false });
    const tables = buildCfb([
      { name: '\u0005SummaryInformation', data: new Uint8Array(200) },
      { name: '\u4840\u3f3f\u4577', data: new Uint8Array(64) },
    ]);
    expect((await inspectBytes(tables, 'data.bin')).executable).toBe(true);
    const doc = buildCfb([{ name: 'WordDocument', data: fib(0) }]);
    expect((await inspectBytes(doc, 'a.doc')).executable).toBe(false);
  });

  it('Outlook .msg: attachment names are checked', async () => {
    const utf16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
    const msg = (name: string) =>
      buildCfb([
        { name: '__properties_version1.0', data: new Uint8Array(64) },
        { name: '__attach_version1.0_#00000000' },
        { name: '__substg1.0_3707001F', data: utf16(name) },
      ]);
    const bad = await inspectBytes(msg('請求書.pdf.exe'), 'mail.msg');
    expect(bad).toMatchObject({ format: 'cfb', executable: true, encrypted: false });
    expect(bad.entries[0]?.name).toBe('請求書.pdf.exe');
    expect((await inspectBytes(msg('請求書.pdf'), 'mail.msg')).executable).toBe(false);
  });

  it('an embedded OLE package holding a program → executable', async () => {
    const program = pe();
    const native = concat(
      le32(0),
      le16(2),
      'setup.exe',
      [0],
      'C:\\tmp\\setup.exe',
      [0],
      le32(0x00030000),
      le32(4),
      'tmp',
      [0],
      le32(program.length),
      program,
    );
    const f = buildCfb([{ name: '\u0001Ole10Native', data: native }]);
    const r = await inspectBytes(f, 'oleObject1.bin');
    expect(r.executable).toBe(true);
    expect(r.entries[0]).toMatchObject({ name: 'setup.exe', executable: true });
  });

  it('an unrecognised compound file is "cannot tell"', async () => {
    expect(await inspectBytes(buildCfb([{ name: 'Contents', data: big() }]), 'x.bin')).toMatchObject({
      format: 'cfb',
      encrypted: null,
    });
  });

  it('a FAT loop, a directory chain past the end and a truncated header are "cannot tell", quickly', async () => {
    const f = buildCfb([{ name: 'WordDocument', data: fib(0) }]);
    const loop = f.slice();
    // The directory's first sector chains to itself in the FAT.
    const dirStart = new DataView(loop.buffer).getUint32(0x30, true);
    new DataView(loop.buffer).setUint32(512 + dirStart * 4, dirStart, true);
    const outside = f.slice();
    new DataView(outside.buffer).setUint32(0x30, 0x00fffff0, true);
    for (const b of [loop, outside, f.subarray(0, 300)]) {
      const t = performance.now();
      const r = await inspectBytes(b, 'a.doc');
      expect(performance.now() - t).toBeLessThan(200);
      expect(r).toMatchObject({ format: 'cfb', encrypted: null });
    }
  });
});
