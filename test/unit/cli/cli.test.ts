// The command-line contract (DESIGN §5), run in-process through main() and, for the exit
// status and standard input, as the installed command.
import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';

const FIX = 'test/fixtures/policies';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const json = async (...argv: string[]) => {
  const r = await run(...argv, '--json');
  return { ...r, value: JSON.parse(r.stdout) };
};

describe('ssk-guard url', () => {
  it('blocks a shortener with exit 2 and the contract shape', async () => {
    const r = await json('url', 'https://bit.ly/abc');
    expect(r.code).toBe(2);
    expect(r.value.verdict).toBe('block');
    expect(r.value.findings[0]).toMatchObject({
      rule: 'shortener',
      action: 'block',
      clause: expect.stringContaining('6.6.2(3)-1'),
    });
    expect(r.value.findings[0].message).toEqual({ ja: expect.any(String), en: expect.any(String) });
  });
  it('allows the organisation with exit 0', async () => {
    expect(await json('url', 'https://www.ssk.or.jp/')).toMatchObject({
      code: 0,
      value: { verdict: 'allow', findings: [] },
    });
  });
  it('blocks look-alikes', async () => {
    for (const u of ['https://ssk.or.jp.example.net/', 'https://ѕѕk.or.jp/'])
      expect((await json('url', u)).value.findings[0].rule).toBe('lookalike-domain');
  });
  it('blocks drive.google.com, allows it with an approval in force, blocks it once expired', async () => {
    expect((await json('url', 'https://drive.google.com/')).value.findings[0].rule).toBe('cloud-unapproved');
    const approved = await json(
      'url',
      'https://drive.google.com/',
      '--policy',
      `${FIX}/drive-approved.json`,
      '--now',
      '2026-11-25',
    );
    expect(approved).toMatchObject({ code: 0, value: { verdict: 'allow' } });
    const expired = await json(
      'url',
      'https://drive.google.com/',
      '--policy',
      `${FIX}/drive-approved.json`,
      '--now',
      '2030-04-01',
    );
    expect(expired).toMatchObject({ code: 2, value: { verdict: 'block' } });
  });
  it('prints an array in order for several URLs and exits with the worst verdict', async () => {
    const r = await json('url', 'https://www.ssk.or.jp/', 'https://bit.ly/x', 'https://example.com/');
    expect(r.code).toBe(2);
    expect(r.value.map((v: { verdict: string }) => v.verdict)).toEqual(['allow', 'block', 'allow']);
  });
  it('exits 3 for something that is not a URL, with a message on stderr and nothing on stdout', async () => {
    const r = await run('url', 'not a url', '--json');
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toContain('not a URL');
  });
  it('exits 3 for an unknown option or command', async () => {
    expect((await run('url', '--bogus', 'https://x.example/')).code).toBe(3);
    expect((await run('frobnicate')).code).toBe(3);
  });
  it('prints Japanese and English without --json', async () => {
    const r = await run('url', 'https://bit.ly/x');
    expect(r.stdout).toContain('遮断 / block');
    expect(r.stdout).toContain('短縮URL');
    expect(r.stdout).toContain('URL shortener');
  });
});

describe('ssk-guard policy', () => {
  it('validate accepts a good document', async () => {
    const r = await run('policy', 'validate', `${FIX}/drive-approved.json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('test-drive-approved');
  });
  it('validate exits 3 naming every bad field', async () => {
    const r = await run('policy', 'validate', `${FIX}/broken.json`);
    expect(r.code).toBe(3);
    for (const path of [
      'version: expected string',
      'organization.domains[1]: not a domain name',
      'cloud.enforcedCategories[1]: not one of',
      'cloud.approved[0].highestClassification: too big',
      'cloud.approved[0].validUntil: not a date ("2027-13-01")',
      'cloud.approved[0].manager: missing',
      'overrides.allowd: unknown setting',
    ])
      expect(r.stderr).toContain(path);
  });
  it('validate --json keeps stdout pure JSON', async () => {
    const r = await run('policy', 'validate', `${FIX}/broken.json`, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: false,
      errors: expect.arrayContaining([expect.objectContaining({ path: 'version' })]),
    });
  });
  it('validate exits 3 for a file that is missing or not JSON', async () => {
    expect((await run('policy', 'validate', 'no/such/file.json')).code).toBe(3);
    const text = await run('policy', 'validate', 'test/fixtures/policies/not-json.txt');
    expect(text.code).toBe(3);
    expect(text.stderr).toContain('not JSON');
  });
  it('a policy given to url that is invalid stops the command with exit 3', async () => {
    const r = await run('url', 'https://bit.ly/x', '--policy', `${FIX}/broken.json`);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cloud.approved[0].validUntil');
  });
  it('explain takes a verdict apart', async () => {
    const r = await run('policy', 'explain', 'https://drive.google.com/x');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/cloud service\s+Google Drive/);
    expect(r.stdout).toMatch(/approval\s+none in the register/);
    expect(r.stdout).toMatch(/verdict\s+block/);
  });
});

describe('the installed command', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build-cli.mjs']);
  });
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['cli/bin.mjs', ...args], { input, encoding: 'utf8' });

  it('exit status follows the verdict', () => {
    expect(cli(['url', 'https://bit.ly/abc', '--json']).status).toBe(2);
    expect(cli(['url', 'https://www.ssk.or.jp/', '--json']).status).toBe(0);
  });
  it('reads URLs one a line from standard input with -', () => {
    const r = cli(['url', '-', '--json'], 'https://www.ssk.or.jp/\n\nhttps://bit.ly/x\r\nhttps://drive.google.com/\n');
    expect(r.status).toBe(2);
    const results = JSON.parse(r.stdout);
    expect(results.map((x: { url: string }) => x.url)).toEqual([
      'https://www.ssk.or.jp/',
      'https://bit.ly/x',
      'https://drive.google.com/',
    ]);
  });
  it('a bad line in a batch is reported in place and the batch exits 3', () => {
    const r = cli(['url', '-', '--json'], 'https://www.ssk.or.jp/\nnot a url\n');
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout)[1]).toMatchObject({ input: 'not a url', error: expect.stringContaining('not a URL') });
  });
});
