// The id arithmetic the force-install harness and the admin guide rely on: Chromium's id of a key is the
// SHA-256 of its public DER, first 16 bytes, hex digits 0-f written a-p. Checked against the manifest
// key that pins hpfoeegggioenfljnobgiipembipbgnl, and against a CRX3 header built here byte by byte.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ID_PATTERN, CHROMIUM_EXTENSION_ID } from '../../../shared/policy/deploy/targets.ts';
import { crxId, extensionIdOf, updateManifest } from '../../e2e/crx.ts';

const sha16 = (b: Buffer) => createHash('sha256').update(b).digest().subarray(0, 16);

/** A CRX3 file: "Cr24", version 3, header length, then CrxFileHeader { 10000: SignedData { 1: crx_id } }. */
function crx3(id: Buffer, extra = Buffer.alloc(0)): Buffer {
  const signed = Buffer.concat([Buffer.from([0x0a, id.length]), id]);
  // field 10000, wire type 2: key varint 80002 = 0x82 0xf1 0x04
  const header = Buffer.concat([extra, Buffer.from([0x82, 0xf1, 0x04, signed.length]), signed]);
  const head = Buffer.alloc(12);
  head.write('Cr24', 0, 'latin1');
  head.writeUInt32LE(3, 4);
  head.writeUInt32LE(header.length, 8);
  return Buffer.concat([head, header, Buffer.from('PK\u0003\u0004')]);
}

describe('Chromium extension ids', () => {
  it('the manifest key in wxt.config.ts gives the pinned id', () => {
    const key = /EXTENSION_KEY =\s*'([^']+)'/.exec(readFileSync('wxt.config.ts', 'utf8'))![1]!;
    expect(extensionIdOf(sha16(Buffer.from(key, 'base64')))).toBe(CHROMIUM_EXTENSION_ID);
    expect(CHROMIUM_EXTENSION_ID).toMatch(EXTENSION_ID_PATTERN);
  });

  it('reads the id a CRX3 declares, past other header fields, and refuses what is not CRX3', () => {
    const id = sha16(Buffer.from('some key'));
    // a sha256_with_rsa proof (field 2) before the signed data
    const proof = Buffer.concat([Buffer.from([0x12, 3]), Buffer.from('abc')]);
    expect(crxId(crx3(id, proof))).toBe(extensionIdOf(id));
    const v2 = crx3(id);
    v2.writeUInt32LE(2, 4);
    expect(() => crxId(v2)).toThrow(/CRX3/);
    expect(() => crxId(crx3(Buffer.alloc(8)))).toThrow(/crx_id/);
    expect(() => crxId(Buffer.from('PK\u0003\u0004 a zip'))).toThrow(/CRX3/);
  });

  it('the update manifest names the id, the version and the codebase, escaped', () => {
    const xml = updateManifest(CHROMIUM_EXTENSION_ID, '1.2.3', 'https://x.example/a.crx?v=1&k="2"');
    expect(xml).toContain(`<app appid="${CHROMIUM_EXTENSION_ID}">`);
    expect(xml).toContain('codebase="https://x.example/a.crx?v=1&amp;k=&quot;2&quot;" version="1.2.3"');
  });
});
