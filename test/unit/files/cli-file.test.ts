import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/file.ts';
import { BadInput, expandInputs, printsArray } from '../../../cli/io.ts';
import { FIXTURES } from './helpers/fixtures.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'ssk-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ssk-guard file', () => {
  it('prints one JSON object for one file, with the verdict as exit status', async () => {
    const c = capture();
    expect(await run([FIXTURES + 'plain.zip', '--json'], c.io)).toBe(0);
    const r = JSON.parse(c.out.join(''));
    expect(r).toMatchObject({
      format: 'zip',
      encrypted: false,
      encryption: null,
      executable: false,
      confidentialMarker: false,
      verdict: 'allow',
    });
    expect(Object.keys(r)).toEqual([
      'file',
      'format',
      'encrypted',
      'encryption',
      'executable',
      'confidentialMarker',
      'entries',
      'reasons',
      'verdict',
    ]);
    expect(r.entries).toHaveLength(2);
  });

  it('blocks an executable (2), warns on "cannot tell" (1)', async () => {
    const c = capture();
    expect(await run([FIXTURES + 'nested-exe.zip', '--json'], c.io)).toBe(2);
    expect(JSON.parse(c.out.join('')).verdict).toBe('block');
    const unknown = join(tmp, 'blob.bin');
    writeFileSync(unknown, Buffer.from([0x00, 0x13, 0x99, 0xfe, 0x42, 0x00, 0x01, 0xc8, 0x7f, 0x80, 0x00, 0x91]));
    const w = capture();
    expect(await run([unknown, '--json'], w.io)).toBe(1);
    expect(JSON.parse(w.out.join(''))).toMatchObject({ encrypted: null, verdict: 'warn' });
  });

  it('JSON carries `encryption` and a three-valued `executable`; null blocks (cannot tell that it holds no program)', async () => {
    const z = capture();
    expect(await run([FIXTURES + 'zipcrypto.zip', '--json'], z.io)).toBe(0);
    expect(JSON.parse(z.out.join(''))).toMatchObject({ encrypted: true, encryption: 'zipcrypto', executable: false });
    const bz = join(tmp, 'notes.txt.bz2');
    writeFileSync(bz, Buffer.from('BZh91AY&SY' + 'x'.repeat(40), 'latin1'));
    const c = capture();
    expect(await run([bz, '--json'], c.io)).toBe(2);
    expect(JSON.parse(c.out.join(''))).toMatchObject({
      format: 'bzip2',
      executable: null,
      encryption: null,
      verdict: 'block',
    });
    const h = capture();
    await run([FIXTURES + 'zipcrypto.zip'], h.io);
    expect(h.out.join('')).toMatch(/zipcrypto, 弱い方式 \/ weak scheme/);
  });

  it('--name sets the display name the marker and extension checks read', async () => {
    const c = capture();
    expect(await run([FIXTURES + 'plain.zip', '--name', '機密性2_名簿.zip', '--json'], c.io)).toBe(2);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ confidentialMarker: true, verdict: 'block' });
    const e = capture();
    expect(await run([FIXTURES + 'zipcrypto.zip', '--name', '機密性2_名簿.zip', '--json'], e.io)).toBe(0);
  });

  it('several inputs (or - on stdin) print an array in order; exit with the worst verdict', async () => {
    const c = capture();
    const code = await run([FIXTURES + 'plain.zip', FIXTURES + 'tool.exe', FIXTURES + 'encrypted.7z', '--json'], c.io);
    expect(code).toBe(2);
    const rs = JSON.parse(c.out.join(''));
    expect(rs.map((r: { format: string }) => r.format)).toEqual(['zip', 'pe', '7z']);
    // "-" reads one path a line from standard input (cli/io.ts), which also makes the output an array.
    expect(expandInputs(['-'], () => `${FIXTURES}plain.zip\n\n${FIXTURES}hello.txt\n`)).toEqual([
      `${FIXTURES}plain.zip`,
      `${FIXTURES}hello.txt`,
    ]);
    expect(printsArray(['-'])).toBe(true);
  });

  it('a missing path is bad input: thrown for one file, reported in place (exit 3) in a batch', async () => {
    await expect(run([join(tmp, 'nope.zip'), '--json'], capture().io)).rejects.toBeInstanceOf(BadInput);
    const c = capture();
    expect(await run([FIXTURES + 'plain.zip', join(tmp, 'nope.zip'), '--json'], c.io)).toBe(3);
    expect(c.err.join('')).toMatch(/no such file/);
    const rs = JSON.parse(c.out.join(''));
    expect(rs[1].error).toMatch(/no such file/);
    await expect(run([tmp, '--json'], capture().io)).rejects.toThrow(/not a regular file/);
    await expect(run([], capture().io)).rejects.toBeInstanceOf(BadInput);
    await expect(
      run([FIXTURES + 'plain.zip', FIXTURES + 'tool.exe', '--name', 'x'], capture().io),
    ).rejects.toBeInstanceOf(BadInput);
  });

  it('prints a short bilingual summary without --json', async () => {
    const c = capture();
    expect(await run([FIXTURES + 'nested-exe.zip'], c.io)).toBe(2);
    const text = c.out.join('\n');
    expect(text).toMatch(/ブロック \/ block/);
    expect(text).toMatch(/実行ファイル \/ executable: はい \/ yes/);
    expect(text).toMatch(/inner\.zip/);
  });
});
