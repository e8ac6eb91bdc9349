// `policy validate` (duplicate keys, public suffixes, relaxations), `policy sign` (serial, expiry) and
// `policy verify`, run in-process through main(); files go to a temporary folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

let dir = '';
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ssk-policy-cli-'));
  await run('policy', 'keygen', '--out', join(dir, 'k'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = () => join(dir, 'k', 'policy-signing.key');
const pub = () => join(dir, 'k', 'policy-signing.pub');

describe('policy validate', () => {
  it('a duplicate key is an error, located (exit 3)', async () => {
    const r = await run(
      'policy',
      'validate',
      file('dup.json', '{\n  "rules": {"shortener": {"action": "block",\n    "action": "allow"}}\n}'),
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('rules.shortener.action: duplicate key (lines 2 and 3)');
    expect(r.stderr).toContain('キーが重複');
  });
  it('a public suffix is an error, located (exit 3)', async () => {
    const r = await run('policy', 'validate', file('ly.json', '{"shorteners":{"exceptions":["ly"]}}'));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('shorteners.exceptions[0]: "ly" is a public suffix');
  });
  it('every relaxation is a warning, in both languages (exit 1)', async () => {
    const doc = {
      version: 'relaxed',
      rules: { shortener: { action: 'allow' } },
      shorteners: { builtinList: false },
      overrides: { allowed: true },
    };
    const r = await run('policy', 'validate', file('relaxed.json', JSON.stringify(doc)));
    expect(r.code).toBe(1);
    for (const line of [
      'rules.shortener.action: "allow" is weaker than the built-in "block"',
      'shorteners.builtinList: the shipped list',
      'overrides.allowed: users may override',
      '既定より弱い設定',
    ])
      expect(r.stdout).toContain(line);
    const j = await run('policy', 'validate', join(dir, 'relaxed.json'), '--json');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).relaxations.map((x: { path: string }) => x.path)).toEqual([
      'rules.shortener.action',
      'shorteners.builtinList',
      'overrides.allowed',
    ]);
  });
  it('a document that relaxes nothing stays exit 0', async () => {
    const r = await run(
      'policy',
      'validate',
      file('strict.json', '{"version":"strict","forms":{"allPostsSensitive":true}}'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('warning');
  });
});

describe('policy sign and policy verify', () => {
  it('sign writes serial and expiry inside what is signed; verify prints them (exit 0)', async () => {
    const src = file('p.json', '{"version":"signed-1"}');
    const out = join(dir, 'p.signed.json');
    const s = await run(
      'policy',
      'sign',
      src,
      '--key',
      key(),
      '--serial',
      '42',
      '--expires',
      '2099-12-31',
      '--out',
      out,
      '--json',
    );
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ serial: 42, expires: '2099-12-31' });
    const inner = JSON.parse(JSON.parse(readFileSync(out, 'utf8')).signed);
    expect(inner).toEqual({ serial: 42, expires: '2099-12-31', version: 'signed-1' });
    const v = await run('policy', 'verify', out, '--key', pub());
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('serial: 42');
    expect(v.stdout).toContain('expires: 2099-12-31');
    const j = await run('policy', 'verify', out, '--key', pub(), '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: true, version: 'signed-1', serial: 42, expires: '2099-12-31' });
  });
  it('defaults: a serial from the signing time and 30 days of validity', async () => {
    const s = await run(
      'policy',
      'sign',
      file('d.json', '{"version":"d"}'),
      '--key',
      key(),
      '--out',
      join(dir, 'd.s.json'),
      '--json',
      '--now',
      '2026-12-01T00:00:00Z',
    );
    expect(JSON.parse(s.stdout)).toMatchObject({ serial: 20261201000000, expires: '2026-12-31T00:00:00.000Z' });
  });
  it('verify: expired → exit 2, soon expiring → exit 1, another key → exit 2', async () => {
    const out = join(dir, 'p.signed.json');
    const expired = await run('policy', 'verify', out, '--key', pub(), '--now', '2100-01-01');
    expect(expired.code).toBe(2);
    expect(expired.stderr).toContain('expires: the document expired');
    expect(expired.stderr).toContain('serial: 42');
    expect((await run('policy', 'verify', out, '--key', pub(), '--now', '2099-12-29')).code).toBe(1);
    await run('policy', 'keygen', '--out', join(dir, 'k2'));
    const wrong = await run('policy', 'verify', out, '--key', join(dir, 'k2', 'policy-signing.pub'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('signature rejected');
  });
  it('bad input is exit 3: a bad serial, a past expiry, a missing file, a duplicate key', async () => {
    const src = join(dir, 'p.json');
    expect((await run('policy', 'sign', src, '--key', key(), '--serial=-1')).code).toBe(3);
    expect((await run('policy', 'sign', src, '--key', key(), '--serial', '-1')).code).toBe(3);
    expect((await run('policy', 'sign', src, '--key', key(), '--serial', '1.5')).code).toBe(3);
    expect((await run('policy', 'sign', src, '--key', key(), '--expires', '2001-01-01')).code).toBe(3);
    expect((await run('policy', 'sign', src, '--key', key(), '--expires', 'soon')).code).toBe(3);
    expect((await run('policy', 'verify', join(dir, 'none.json'), '--key', pub())).code).toBe(3);
    expect((await run('policy', 'verify', join(dir, 'p.signed.json'))).code).toBe(3);
    expect((await run('policy', 'sign', join(dir, 'dup.json'), '--key', key())).code).toBe(3);
  });
});
