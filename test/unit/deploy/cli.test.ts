// `ssk-guard policy build | sign | keygen` through the command line: files on disk, exit statuses,
// bilingual messages, and a key made by keygen signing a document that then verifies.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSignedMetadata } from '../../../shared/policy/remote-acceptance.ts';
import { main } from '../../../cli/main.ts';
import { buildDeployment } from '../../../shared/policy/deploy/build.ts';
import { importPublicKey, verifyEnvelope } from '../../../shared/policy/signature.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';

const FIXTURE = 'test/fixtures/deploy/policy.json';
const INVALID = 'test/fixtures/deploy/invalid.json';
const URLS = ['--update-url', 'https://ext.example/updates.xml', '--xpi-url', 'https://ext.example/ssk-guard.xpi'];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ssk-deploy-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('policy build', () => {
  it('writes exactly what the generator makes, and --json lists it', async () => {
    const out = join(tmp, 'build');
    const r = await run('policy', 'build', FIXTURE, '--out', out, ...URLS, '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      out,
      version: '2027.04-deploy-test',
      signed: false,
      warnings: [{ en: expect.stringContaining('policyUrl has no policyPublicKey') }],
    });
    const expected = buildDeployment(JSON.parse(readFileSync(FIXTURE, 'utf8')) as PolicyLayer, {
      updateUrl: 'https://ext.example/updates.xml',
      xpiUrl: 'https://ext.example/ssk-guard.xpi',
      forcelistIndex: 1,
    });
    expect(listFiles(out).sort()).toEqual(expected.files.map((f) => f.path).sort());
    expect(result.files.map((f: { path: string }) => f.path)).toEqual(expected.files.map((f) => f.path));
    for (const f of expected.files) {
      const onDisk = readFileSync(join(out, f.path));
      const want = typeof f.contents === 'string' ? Buffer.from(f.contents, 'utf8') : Buffer.from(f.contents);
      expect(onDisk.equals(want), f.path).toBe(true);
    }
  });

  it('says in Japanese and English what it wrote, and warns about placeholder URLs', async () => {
    const r = await run('policy', 'build', FIXTURE, '--out', join(tmp, 'plain'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('配布用ファイルを作成しました / deployment files written');
    expect(r.stderr).toContain('--update-url がありません');
    expect(r.stderr).toContain('no --update-url');
    expect(r.stderr).toContain('no --xpi-url');
  });

  it('exits 3 with every bad field located, and writes nothing', async () => {
    const out = join(tmp, 'invalid');
    const r = await run('policy', 'build', INVALID, '--out', out, '--json');
    expect(r).toMatchObject({ code: 3, stdout: '' });
    for (const located of [
      'cloud.approved[0].highestClassification: too big',
      'cloud.approved[0].validUntil: not a date ("2027-13-01")',
      'cloud.approved[0].manager: missing',
      'policyUrl: not an https URL',
    ])
      expect(r.stderr).toContain(located);
    expect(r.stderr).toContain('ポリシーが不正です / invalid policy');
    expect(existsSync(out)).toBe(false);
  });

  it('--bootstrap without a policyUrl in the document exits 3', async () => {
    const r = await run(
      'policy',
      'build',
      'test/fixtures/policies/drive-approved.json',
      '--out',
      join(tmp, 'b'),
      '--bootstrap',
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--bootstrap needs policyUrl');
  });

  it('--extension-id names a self-packed CRX in every Chromium file, and loopback http is a test URL', async () => {
    const id = 'abcdefghijklmnopabcdefghijklmnop';
    const update = 'http://127.0.0.1:8123/updates.xml';
    const out = join(tmp, 'own-id');
    const r = await run('policy', 'build', FIXTURE, '--out', out, '--extension-id', id, '--update-url', update);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`--update-url is loopback http (${update}): for a test on this machine only`);
    expect(r.stderr).toContain(`extension id ${id}: the CRX must be signed with this id's key`);
    const linux = JSON.parse(readFileSync(join(out, 'linux/etc/chromium/policies/managed/ssk-guard.json'), 'utf8'));
    expect(linux.ExtensionInstallForcelist).toEqual([`${id};${update}`]);
    expect(Object.keys(linux['3rdparty'].extensions)).toEqual([id]);
    for (const f of listFiles(out).filter((f) => !f.startsWith('firefox/') && !f.startsWith('hosted/'))) {
      const bytes = readFileSync(join(out, f));
      const text = f.endsWith('.reg') ? bytes.toString('utf16le') : bytes.toString('utf8');
      if (f !== 'google-admin/policy-for-extensions.json') expect(text, f).toContain(id);
      expect(text, f).not.toContain('hpfoeegggioenfljnobgiipembipbgnl');
    }
  });

  it('exits 3 for bad arguments', async () => {
    for (const argv of [
      ['policy', 'build', FIXTURE],
      ['policy', 'build', '--out', join(tmp, 'x')],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--update-url', 'http://insecure.example/u.xml'],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--update-url', 'http://127.0.0.1.example/u.xml'],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--xpi-url', 'http://10.0.0.1/a.xpi'],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--extension-id', 'hpfoeegggioenfljnobgiipembipbgnq'],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--extension-id', 'HPFOEEGGGIOENFLJNOBGIIPEMBIPBGNL'],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--extension-id', 'abc'],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--forcelist-index', '0'],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--bogus'],
      ['policy', 'build', 'no/such.json', '--out', join(tmp, 'x')],
      ['policy', 'build', FIXTURE, '--out', join(tmp, 'x'), '--sign-key', 'no/such.key'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(3);
      expect(r.stderr, argv.join(' ')).not.toBe('');
    }
  });
});

describe('policy keygen and sign', () => {
  let keyDir: string;
  let publicKey: string;
  beforeAll(async () => {
    keyDir = join(tmp, 'keys');
    const r = await run('policy', 'keygen', '--out', keyDir, '--json');
    expect(r.code).toBe(0);
    publicKey = JSON.parse(r.stdout).publicKey;
  });

  it('keygen writes a private key only its owner can read, the public key, and a warning to keep it secret', async () => {
    const key = join(keyDir, 'policy-signing.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(keyDir, 'policy-signing.pub'), 'utf8').trim()).toBe(publicKey);
    const again = await run('policy', 'keygen', '--out', keyDir);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('not overwritten');
    const other = await run('policy', 'keygen', '--out', join(tmp, 'keys2'));
    expect(other.stderr).toContain('秘密にしてください');
    expect(other.stderr).toContain('keep it secret');
    expect(other.stdout).toContain('policyPublicKey');
  });

  it('sign → verify: the envelope holds the file’s exact text (with serial and expiry put first) and the keygen public key verifies it', async () => {
    const out = join(tmp, 'signed.json');
    const r = await run('policy', 'sign', FIXTURE, '--key', join(keyDir, 'policy-signing.key'), '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('署名しました / signed');
    // The fixture carries policyUrl and policyRefreshMinutes: the admin is told they do nothing remotely.
    expect(r.stderr).toContain('ignored in a remote document');
    const envelope = JSON.parse(readFileSync(out, 'utf8'));
    const { serial, expires } = JSON.parse(envelope.signed);
    expect(serial).toEqual(expect.any(Number));
    expect(envelope.signed).toBe(withSignedMetadata(readFileSync(FIXTURE, 'utf8'), { serial, expires }));
    expect(await verifyEnvelope(envelope, await importPublicKey(publicKey))).toEqual({
      ok: true,
      documentText: envelope.signed,
    });
    const tampered = { ...envelope, signed: envelope.signed.replace('"allowed": false', '"allowed": true') };
    expect(tampered.signed).not.toBe(envelope.signed);
    expect((await verifyEnvelope(tampered, await importPublicKey(publicKey))).ok).toBe(false);
  });

  it('sign without --out prints the envelope alone on stdout', async () => {
    const r = await run('policy', 'sign', FIXTURE, '--key', join(keyDir, 'policy-signing.key'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      alg: 'ES256',
      signed: expect.any(String),
      signature: expect.any(String),
    });
  });

  it('sign exits 3 for an invalid document, a missing key or a file that is not a key', async () => {
    const key = join(keyDir, 'policy-signing.key');
    const invalid = await run('policy', 'sign', INVALID, '--key', key);
    expect(invalid).toMatchObject({ code: 3, stdout: '' });
    expect(invalid.stderr).toContain('cloud.approved[0].validUntil');
    expect((await run('policy', 'sign', FIXTURE)).code).toBe(3);
    const notKey = await run('policy', 'sign', FIXTURE, '--key', join(keyDir, 'policy-signing.pub'));
    expect(notKey.code).toBe(3);
    expect(notKey.stderr).toContain('not an ECDSA P-256 private key');
  });

  it('build --sign-key adds policy.signed.json; a key that does not match policyPublicKey is refused', async () => {
    const doc = { ...JSON.parse(readFileSync(FIXTURE, 'utf8')), policyPublicKey: publicKey };
    const docFile = join(tmp, 'with-key.json');
    writeFileSync(docFile, JSON.stringify(doc));
    const out = join(tmp, 'signed-build');
    const r = await run(
      'policy',
      'build',
      docFile,
      '--out',
      out,
      ...URLS,
      '--sign-key',
      join(keyDir, 'policy-signing.key'),
    );
    expect(r.code).toBe(0);
    const envelope = JSON.parse(readFileSync(join(out, 'hosted/policy.signed.json'), 'utf8'));
    const meta = JSON.parse(envelope.signed);
    expect(envelope.signed).toBe(withSignedMetadata(readFileSync(join(out, 'hosted/policy.json'), 'utf8'), meta));
    expect((await verifyEnvelope(envelope, await importPublicKey(publicKey))).ok).toBe(true);
    expect(JSON.parse(envelope.signed)).not.toHaveProperty('policyPublicKey');

    const wrong = await run(
      'policy',
      'build',
      docFile,
      '--out',
      join(tmp, 'wrong'),
      '--sign-key',
      join(tmp, 'keys2', 'policy-signing.key'),
    );
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('does not match');

    expect(r.stderr).toBe('');

    const unsigned = await run('policy', 'build', docFile, '--out', join(tmp, 'unsigned'), ...URLS);
    expect(unsigned.code).toBe(0);
    expect(unsigned.stderr).toContain('policyPublicKey is set but no --sign-key');
  });

  it('reads an openssl PKCS#8 PEM key too', () => {
    const pem = [
      '-----BEGIN PRIVATE KEY-----',
      ...readFileSync(join(keyDir, 'policy-signing.key'), 'utf8')
        .trim()
        .match(/.{1,64}/g)!,
      '-----END PRIVATE KEY-----',
      '',
    ].join('\n');
    const file = join(tmp, 'key.pem');
    writeFileSync(file, pem);
    return run('policy', 'sign', FIXTURE, '--key', file).then((r) => expect(r.code).toBe(0));
  });
});

describe('the installed command', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  });

  it('policy build exits 0 and writes README.txt; invalid input exits 3', () => {
    const out = join(tmp, 'installed');
    const ok = spawnSync(process.execPath, ['cli/bin.mjs', 'policy', 'build', FIXTURE, '--out', out, ...URLS], {
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toContain('windows/ssk-guard-chrome.reg');
    const bad = spawnSync(process.execPath, ['cli/bin.mjs', 'policy', 'build', INVALID, '--out', out, '--json'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(3);
    expect(bad.stdout).toBe('');
  });
});
