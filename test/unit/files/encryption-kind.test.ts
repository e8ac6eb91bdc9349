// Issue 12 §1 / issue 14 item 6: "encrypted" means a secret is needed to open it, and `encryption`
// names the scheme. PDFs from qpdf (R2–R6, with and without a user password); Excel FILEPASS
// records built here from [MS-OFFCRYPTO] with an independent RC4 and node:crypto's MD5/SHA-1, and
// cross-checked against real workbooks of the third-party corpus (../shared/thirdparty-files).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../shared/files/byte-source.ts';
import { Cfb } from '../../../shared/files/cfb.ts';
import { isWeakEncryption, weakestEncryption } from '../../../shared/files/encryption.ts';
import { opensWithDefaultPassword } from '../../../shared/files/office-default-password.ts';
import { fileVerdict } from '../../../shared/files/verdict.ts';
import { buildCfb } from './helpers/cfb-builder.ts';
import { FIXTURES, inspectBytes } from './helpers/fixtures.ts';
import { inWorkdir } from './helpers/tools.ts';

describe('PDF: an empty user password is not encryption', () => {
  const cases: [string, string[], boolean, string][] = [
    ['R2 RC4-40, owner only', ['', 'own', '40'], false, 'pdf-owner-only'],
    ['R2 RC4-40, user password', ['user', 'own', '40'], true, 'rc4'],
    ['R3 RC4-128, owner only', ['', 'own', '128', '--use-aes=n'], false, 'pdf-owner-only'],
    ['R3 RC4-128, user password', ['user', 'own', '128', '--use-aes=n'], true, 'rc4'],
    ['R4 AES-128, owner only', ['', 'own', '128', '--use-aes=y'], false, 'pdf-owner-only'],
    ['R4 AES-128, user password', ['user', 'own', '128', '--use-aes=y'], true, 'aes-128'],
    ['R5 AES-256, owner only', ['', 'own', '256', '--force-R5'], false, 'pdf-owner-only'],
    ['R6 AES-256, owner only', ['', 'own', '256'], false, 'pdf-owner-only'],
    ['R6 AES-256, user password', ['user', 'own', '256'], true, 'aes-256'],
  ];
  it.each(cases)('%s (qpdf) → encrypted %s, %s', async (_, args, encrypted, encryption) => {
    await inWorkdir(async (w) => {
      w.run('qpdf', '--allow-weak-crypto', '--encrypt', ...args, '--', `${FIXTURES}plain.pdf`, 'out.pdf');
      expect(await inspectBytes(w.read('out.pdf'), 'out.pdf')).toMatchObject({ format: 'pdf', encrypted, encryption });
    });
  });

  it('a 要機密 file protected only by an owner password is blocked as unencrypted (fileVerdict)', async () => {
    await inWorkdir(async (w) => {
      w.run('qpdf', '--encrypt', '', 'own', '256', '--', `${FIXTURES}plain.pdf`, 'out.pdf');
      const r = await inspectBytes(w.read('out.pdf'), '【要機密】名簿.pdf');
      expect(r).toMatchObject({ encrypted: false, confidentialMarker: true });
      expect(fileVerdict(r).verdict).toBe('block');
    });
  });
});

// --- Excel FILEPASS, built from [MS-OFFCRYPTO] ---------------------------------------------

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = [...Array(256).keys()];
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) % 256;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  let a = 0;
  let b = 0;
  for (let k = 0; k < data.length; k++) {
    a = (a + 1) % 256;
    b = (b + s[a]!) % 256;
    [s[a], s[b]] = [s[b]!, s[a]!];
    out[k] = data[k]! ^ s[(s[a]! + s[b]!) % 256]!;
  }
  return out;
}
const md5 = (b: Uint8Array) => new Uint8Array(createHash('md5').update(b).digest());
const sha1 = (b: Uint8Array) => new Uint8Array(createHash('sha1').update(b).digest());
const utf16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const cat = (...p: Uint8Array[]) => new Uint8Array(Buffer.concat(p));
const u16 = (v: number) => new Uint8Array([v & 255, v >> 8]);
const u32 = (v: number) => new Uint8Array(new Uint32Array([v]).buffer);
const salt = new Uint8Array(16).map((_, i) => i * 17 + 3);
const verifier = new Uint8Array(16).map((_, i) => 200 - i * 7);

/** RC4 (vMajor 1) FILEPASS body for `password`. */
function rc4FilePass(password: string): Uint8Array {
  const h0 = md5(utf16(password)).subarray(0, 5);
  const base = md5(cat(...Array<Uint8Array>(16).fill(cat(h0, salt)))).subarray(0, 5);
  const key = md5(cat(base, u32(0)));
  const enc = rc4(key, cat(verifier, md5(verifier)));
  return cat(u16(1), u16(1), u16(1), salt, enc.subarray(0, 16), enc.subarray(16));
}

/** CryptoAPI RC4 (vMajor 4, vMinor 2) FILEPASS body for `password`, 128-bit key. */
function cryptoApiFilePass(password: string): Uint8Array {
  const csp = utf16('Microsoft Enhanced Cryptographic Provider v1.0\0');
  const header = cat(u32(4), u32(0), u32(0x6801), u32(0x8004), u32(128), u32(1), u32(0), u32(0), csp);
  const key = sha1(cat(sha1(cat(salt, utf16(password))), u32(0))).subarray(0, 16);
  const enc = rc4(key, cat(verifier, sha1(verifier)));
  const v = cat(u32(16), salt, enc.subarray(0, 16), u32(20), enc.subarray(16));
  return cat(u16(1), u16(4), u16(2), u32(4), u32(header.length), header, v);
}

function workbook(filePass: Uint8Array): Uint8Array {
  const bof = cat(u16(0x0809), u16(16), new Uint8Array(16));
  const fp = cat(u16(0x002f), u16(filePass.length), filePass);
  const sheet = cat(u16(0x0085), u16(8), new Uint8Array(8));
  return buildCfb([{ name: 'Workbook', data: cat(bof, fp, sheet, new Uint8Array(5000)) }]);
}

describe('Excel: the built-in default password (VelvetSweatshop) is not encryption', () => {
  it('must pass: RC4 and CryptoAPI RC4 under VelvetSweatshop → encrypted false, xls-default-password', async () => {
    for (const body of [rc4FilePass('VelvetSweatshop'), cryptoApiFilePass('VelvetSweatshop')]) {
      expect(await inspectBytes(workbook(body), 'book.xls')).toMatchObject({
        format: 'cfb',
        encrypted: false,
        encryption: 'xls-default-password',
      });
    }
  });

  it('must block: a real password stays encrypted (rc4, weak)', async () => {
    for (const body of [rc4FilePass('s3cret'), cryptoApiFilePass('s3cret')]) {
      const r = await inspectBytes(workbook(body), 'book.xls');
      expect(r).toMatchObject({ encrypted: true, encryption: 'rc4' });
      expect(isWeakEncryption(r.encryption)).toBe(true);
    }
  });

  // shared/ sits beside the repository (CI: beside the clone; here: beside the worktrees' parent).
  const root = new URL('../../../', import.meta.url).pathname;
  const corpus =
    [`${root}../shared/thirdparty-files/files/`, `${root}../../shared/thirdparty-files/files/`].find((d) =>
      existsSync(d),
    ) ?? `${root}../shared/thirdparty-files/files/`;
  it('the verifier checks agree with real workbooks (msoffcrypto-tool and john samples)', async () => {
    expect(existsSync(corpus), `third-party corpus at ${corpus}`).toBe(true);
    const filePass = async (rel: string) => {
      const cfb = await Cfb.open(bytesSource(new Uint8Array(readFileSync(corpus + rel))));
      const b = await cfb.readStream(cfb.find('Workbook')!, 8192);
      for (let p = 0; p + 4 <= b.length;) {
        const type = b[p]! | (b[p + 1]! << 8);
        const len = b[p + 2]! | (b[p + 3]! << 8);
        if (type === 0x2f) return b.subarray(p + 4, p + 4 + len);
        p += 4 + len;
      }
      throw new Error(`no FILEPASS in ${rel}`);
    };
    const xor = await filePass('msoffcrypto-tool/tests/inputs/xor_password_123456789012345.xls');
    expect(opensWithDefaultPassword(xor, '123456789012345')).toBe(true);
    expect(opensWithDefaultPassword(xor)).toBe(false);
    const capi = await filePass('msoffcrypto-tool/tests/inputs/rc4cryptoapi_password.xls');
    expect(opensWithDefaultPassword(capi, 'Password1234_')).toBe(true);
    expect(opensWithDefaultPassword(capi)).toBe(false);
    const velvet = await filePass(
      'john-samples/Office/Office_Secrets/Office_2003/2003-Office97-2000_VelvetSweatshop_.xls',
    );
    expect(opensWithDefaultPassword(velvet)).toBe(true);
  });
});

describe('encryption kinds', () => {
  it('ZipCrypto, RC4 and XOR are weak (8.1.1(7)(a)); AES, Agile, S/MIME are not; no-secret kinds are not "weak" but not encryption', () => {
    expect(['zipcrypto', 'rc4', 'xor'].every((k) => isWeakEncryption(k as never))).toBe(true);
    for (const k of ['aes-128', 'aes-192', 'aes-256', 'agile', 'standard', 'smime', 'irm', 'pdf-owner-only'] as const)
      expect(isWeakEncryption(k), k).toBe(false);
    expect(isWeakEncryption(null)).toBe(false);
    expect(weakestEncryption(['aes-256', 'zipcrypto', null, 'agile'])).toBe('zipcrypto');
    expect(weakestEncryption([null, undefined])).toBeNull();
  });

  it('Office documents name Agile and Standard, S/MIME names smime', async () => {
    const agile = await inspectBytes(
      buildCfb([
        { name: 'EncryptionInfo', data: cat(u16(4), u16(4), new Uint8Array(200)) },
        { name: 'EncryptedPackage', data: new Uint8Array(5000) },
      ]),
      'a.docx',
    );
    expect(agile).toMatchObject({ encrypted: true, encryption: 'agile' });
    const standard = await inspectBytes(
      buildCfb([
        { name: 'EncryptionInfo', data: cat(u16(3), u16(2), new Uint8Array(200)) },
        { name: 'EncryptedPackage', data: new Uint8Array(5000) },
      ]),
      'a.docx',
    );
    expect(standard).toMatchObject({ encrypted: true, encryption: 'standard' });
    expect(await inspectBytes(new Uint8Array(readFileSync(`${FIXTURES}enveloped.p7m`)), 'smime.p7m')).toMatchObject({
      encrypted: true,
      encryption: 'smime',
    });
  });
});
