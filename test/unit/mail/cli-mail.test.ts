// `ssk-guard mail`: .eml files as composed, judged with the add-in's rules; the url command's shape
// and exit statuses (0 allow, 1 warn, 2 block, 3 bad input). Called through the command's run(),
// as cli/main.ts does.
import { describe, expect, it } from 'vitest';
import { run } from '../../../cli/commands/mail.ts';
import { BadInput } from '../../../cli/io.ts';

const FIX = 'test/fixtures/mail/';

async function mail(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    err.push(e.message);
    code = 3;
  }
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const json = async (...files: string[]) => {
  const r = await mail(...files.map((f) => FIX + f), '--json');
  return { ...r, value: JSON.parse(r.stdout) };
};
const rules = (v: { findings: { rule: string }[] }) => v.findings.map((f) => f.rule);

describe('ssk-guard mail', () => {
  it('allows an internal message (exit 0) in the url command’s shape', async () => {
    const r = await json('internal.eml');
    expect(r.code).toBe(0);
    expect(r.value).toMatchObject({ verdict: 'allow', findings: [], from: 'taro@ssk.or.jp', outsideDomains: [] });
  });
  it('warns about outside recipients (exit 1), To, Cc and Bcc alike', async () => {
    const r = await json('external.eml');
    expect(r.code).toBe(1);
    expect(r.value.outsideDomains).toEqual(['mhlw.go.jp', 'gmail.com']);
    expect(r.value.findings[0]).toMatchObject({
      rule: 'external-recipient',
      action: 'warn',
      clause: '3.1.1(5)(d), 3.1.1(6)(b)',
    });
    expect(r.value.findings[0].message).toEqual({
      ja: expect.stringContaining('gmail.com'),
      en: expect.stringContaining('gmail.com'),
    });
    expect((await json('bcc-outside.eml')).value.outsideDomains).toEqual(['partner.example']);
  });
  it('blocks a From outside the organisation (exit 2)', async () => {
    const r = await json('sender-outside.eml');
    expect(r.code).toBe(2);
    expect(rules(r.value)).toEqual(['sender-domain']);
  });
  it('blocks an executable by name and by bytes', async () => {
    expect(rules((await json('executable.eml')).value)).toEqual(['executable-attachment']);
    const renamed = (await json('renamed-executable.eml')).value;
    expect(rules(renamed)).toEqual(['executable-attachment']);
    expect(renamed.attachments[0]).toMatchObject({ name: 'invoice.pdf', executable: true, verdict: 'block' });
  });
  it('opens an attached message and blocks the executable inside it', async () => {
    const r = await json('forwarded-executable.eml');
    expect(r.code).toBe(2);
    expect(r.value.attachments).toContainEqual(
      expect.objectContaining({ name: 'tool.exe', parent: 'tools.eml', executable: true }),
    );
  });
  it('blocks a 要機密 file going outside unencrypted, passes it encrypted or inside', async () => {
    const out = await json('confidential-outside.eml');
    expect(out.code).toBe(2);
    expect(rules(out.value)).toContain('unencrypted-confidential-attachment');
    expect(
      out.value.findings.find((f: { rule: string }) => f.rule === 'unencrypted-confidential-attachment').message.ja,
    ).toContain('【要機密】名簿.zip');
    const enc = await json('confidential-encrypted.eml');
    expect(rules(enc.value)).toEqual(['external-recipient']);
    expect(enc.value.attachments[0]).toMatchObject({ encrypted: true, confidential: true });
    expect((await json('confidential-inside.eml')).code).toBe(0);
  });
  it('a marked subject (MIME-encoded) covers every file', async () => {
    const r = await json('subject-marked.eml');
    expect(r.value.subject).toBe('【秘】来年度予算');
    expect(rules(r.value)).toContain('unencrypted-confidential-attachment');
  });
  it('passes a plain document to an outside domain with the warning only', async () => {
    const r = await json('plain-document.eml');
    expect(r.code).toBe(1);
    expect(r.value.attachments[0]).toMatchObject({ name: 'report.pdf', verdict: 'allow' });
  });
  it('several files → a JSON array in order, exit status the worst', async () => {
    const r = await json('internal.eml', 'external.eml', 'executable.eml');
    expect(r.value.map((v: { verdict: string }) => v.verdict)).toEqual(['allow', 'warn', 'block']);
    expect(r.code).toBe(2);
  });
  it('bad input is exit 3 with a message on standard error, standard output kept pure', async () => {
    const missing = await mail(FIX + 'nope.eml', '--json');
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('no such file');
    expect((await mail(FIX + 'not-a-message.eml', '--json')).code).toBe(3);
    const batch = await json('internal.eml', 'nope.eml');
    expect(batch.code).toBe(3);
    expect(batch.value[1]).toMatchObject({ error: expect.stringContaining('no such file') });
    expect((await mail()).code).toBe(3);
  });
  it('takes --policy like the other commands', async () => {
    const r = await mail(
      FIX + 'sender-outside.eml',
      '--policy',
      'test/fixtures/mail/policy-gmail-sender.json',
      '--json',
    );
    expect(JSON.parse(r.stdout).verdict).toBe('allow');
  });
  it('prints Japanese and English without --json', async () => {
    const r = await mail(FIX + 'executable.eml');
    expect(r.stdout).toContain('遮断 / block');
    expect(r.stdout).toContain('実行ファイル');
    expect(r.stdout).toContain('Executable');
  });
});
