// The CRX3 side of the force-install harness: a signing key made at test time, the built extension
// packed by Chromium itself, the id that key gives, and the gupdate manifest that points at the CRX.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Chromium's id of a key: SHA-256 of the public key's DER, first 16 bytes, each hex digit 0-f as a-p. */
export function extensionIdOf(bytes: Uint8Array): string {
  return [...Buffer.from(bytes).toString('hex')].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= buf.length) throw new Error('CRX: truncated varint');
    const byte = buf[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [value, at];
    shift += 7;
  }
}

/** The length-delimited fields of one protobuf message, by field number. */
function protoFields(buf: Buffer): Map<number, Buffer[]> {
  const fields = new Map<number, Buffer[]>();
  let at = 0;
  while (at < buf.length) {
    const [key, next] = readVarint(buf, at);
    at = next;
    const wire = key % 8;
    const field = Math.floor(key / 8);
    if (wire === 0) [, at] = readVarint(buf, at);
    else if (wire === 2) {
      const [len, start] = readVarint(buf, at);
      fields.set(field, [...(fields.get(field) ?? []), buf.subarray(start, start + len)]);
      at = start + len;
    } else throw new Error(`CRX: unexpected protobuf wire type ${wire}`);
  }
  return fields;
}

/** The id a CRX3 file declares in its signed header (CrxFileHeader.signed_header_data → SignedData.crx_id). */
export function crxId(crx: Buffer): string {
  if (crx.subarray(0, 4).toString('latin1') !== 'Cr24' || crx.readUInt32LE(4) !== 3)
    throw new Error('not a CRX3 file (magic "Cr24", version 3)');
  const header = protoFields(crx.subarray(12, 12 + crx.readUInt32LE(8)));
  const signed = header.get(10000)?.[0];
  const id = signed && protoFields(signed).get(1)?.[0];
  if (!id || id.length !== 16) throw new Error('CRX: no crx_id in the signed header');
  return extensionIdOf(id);
}

export interface PackedCrx {
  /** The id Chromium gives the CRX: that of the test key. */
  id: string;
  version: string;
  crx: Buffer;
  keyFile: string;
}

/**
 * Packs `extensionDir` as CRX3 with a fresh RSA key, through Chromium's own packer. The manifest `key` is
 * left out of the packed copy: Chromium names a CRX by its signing key, so the pinned public key would
 * only disagree with it (the id is the test key's, and policy must name that one).
 */
export function packCrx(chromiumBinary: string, extensionDir: string, workDir: string): PackedCrx {
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`${extensionDir} is not built: run npm run build`);
  const copy = join(workDir, 'ssk-guard');
  cpSync(extensionDir, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { key?: string; version: string };
  delete manifest.key;
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(workDir, 'test-signing-key.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const id = extensionIdOf(
    createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest()
      .subarray(0, 16),
  );

  execFileSync(
    chromiumBinary,
    ['--no-sandbox', '--headless=new', `--pack-extension=${copy}`, `--pack-extension-key=${keyFile}`],
    { stdio: 'pipe', timeout: 60_000 },
  );
  const crxFile = `${copy}.crx`;
  if (!existsSync(crxFile)) throw new Error(`Chromium did not write ${crxFile}`);
  const crx = readFileSync(crxFile);
  const declared = crxId(crx);
  if (declared !== id) throw new Error(`the CRX declares id ${declared}, the test key gives ${id}`);
  return { id, version: manifest.version, crx, keyFile };
}

/** A gupdate update manifest (the format Chromium's extension updater reads) for one extension. */
export function updateManifest(id: string, version: string, codebase: string): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">\n` +
    `  <app appid="${attr(id)}">\n` +
    `    <updatecheck codebase="${attr(codebase)}" version="${attr(version)}" />\n` +
    `  </app>\n` +
    `</gupdate>\n`
  );
}
