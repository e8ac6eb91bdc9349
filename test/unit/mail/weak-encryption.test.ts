// weak-encryption (8.1.1(7)(a)): ZipCrypto, RC4 and XOR-protected attachments, by mail.weakEncryption
// (accept / warn / block, default warn); AES passes; the message points to approved storage.
import { describe, expect, it } from 'vitest';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { decodeAttachmentRecord, encodeAttachmentRecord } from '../../../shared/mail/session-record.ts';
import { byDefault, file, message, to, withLayer } from './helpers.ts';

const zip = (encryption: string) => file('名簿.zip', { format: 'zip', encrypted: true, encryption });
const rules = (v: { findings: { rule: string }[] }) => v.findings.map((f) => f.rule);

describe('weak-encryption', () => {
  it('warns by default on ZipCrypto, RC4 and XOR, naming the scheme', () => {
    for (const [kind, label] of [
      ['zipcrypto', 'ZipCrypto'],
      ['rc4', 'RC4'],
      ['xor', 'XOR'],
    ]) {
      const v = judgeMessage(byDefault, message({ attachments: [zip(kind!)] }));
      const f = v.findings.find((x) => x.rule === 'weak-encryption')!;
      expect(f.action, kind).toBe('warn');
      expect(f.message.ja).toContain(label!);
      expect(f.message.ja).toContain('承認されたストレージ');
      expect(v.attachments[0]!.encryption).toBe(kind);
    }
  });
  it('passes AES, agile and standard Office encryption, S/MIME and unencrypted files', () => {
    for (const kind of ['aes-128', 'aes-256', 'agile', 'standard', 'smime'])
      expect(rules(judgeMessage(byDefault, message({ attachments: [zip(kind)] }))), kind).not.toContain(
        'weak-encryption',
      );
    expect(rules(judgeMessage(byDefault, message({ attachments: [file('a.pdf')] })))).toEqual([]);
  });
  it('mail.weakEncryption: block blocks, accept lets it go', () => {
    const block = withLayer({ mail: { weakEncryption: 'block' } });
    expect(judgeMessage(block, message({ attachments: [zip('zipcrypto')] })).verdict).toBe('block');
    const accept = withLayer({ mail: { weakEncryption: 'accept' } });
    expect(judgeMessage(accept, message({ attachments: [zip('zipcrypto')] })).verdict).toBe('allow');
  });
  it('names the approved storage (approved for 機密性2 or above) as the alternative', () => {
    const box = withLayer({
      cloud: {
        approved: [
          {
            service: 'box',
            operator: 'Box',
            purpose: '文書共有',
            highestClassification: 2,
            validUntil: '2027-03-31',
            applicant: '総務課',
            userScope: '全職員',
            manager: '情報システム課',
          },
        ],
      },
    });
    const f = judgeMessage(
      box,
      message({ recipients: to('a@partner.example'), attachments: [zip('zipcrypto')] }),
    ).findings.find((x) => x.rule === 'weak-encryption')!;
    expect(f.details.storage).toBe('Box');
    expect(f.message.en).toContain('Box');
  });
  it('accept is listed among what a document relaxes', async () => {
    const { relaxationsOf } = await import('../../../shared/policy/relaxations.ts');
    expect(relaxationsOf(withLayer({ mail: { weakEncryption: 'accept' } }).policy).map((r) => r.path)).toEqual([
      'mail.weakEncryption',
    ]);
    expect(relaxationsOf(withLayer({ mail: { weakEncryption: 'block' } }).policy)).toEqual([]);
  });
  it('the scheme survives the sessionData record; a bad one is dropped', () => {
    const rec = decodeAttachmentRecord(
      encodeAttachmentRecord({
        a: {
          name: 'x.zip',
          size: 1,
          kind: 'file',
          report: {
            format: 'zip',
            encrypted: true,
            executable: false,
            confidentialMarker: false,
            encryption: 'zipcrypto',
          },
        },
      }),
    );
    expect(rec.a!.report!.encryption).toBe('zipcrypto');
    expect(
      decodeAttachmentRecord(
        '{"a":{"name":"x","size":1,"kind":"file","report":{"format":"zip","encrypted":true,"executable":false,"confidentialMarker":false,"encryption":7}}}',
      ),
    ).toEqual({});
  });
});

describe('weak-encryption from the real engine: ssk-guard mail and the handlers', () => {
  it('the command line: a ZipCrypto zip and an RC4 PDF warn; an AES zip does not; block by policy (exit 2)', async () => {
    const { run } = await import('../../../cli/commands/mail.ts');
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => undefined };
    const FIX = 'test/fixtures/mail/';
    const code = await run(
      [FIX + 'weak-zipcrypto.eml', FIX + 'weak-rc4-pdf.eml', FIX + 'strong-aes-zip.eml', '--json'],
      io,
    );
    const results = JSON.parse(out.join('')) as {
      findings: { rule: string }[];
      attachments: { encryption?: string }[];
    }[];
    expect(results.map((r) => r.findings.some((f) => f.rule === 'weak-encryption'))).toEqual([true, true, false]);
    expect(results.map((r) => r.attachments[0]!.encryption)).toEqual(['zipcrypto', 'rc4', 'aes-256']);
    expect(code).toBe(1);
    out.length = 0;
    const blocked = await run([FIX + 'weak-zipcrypto.eml', '--policy', FIX + 'policy-weak-block.json', '--json'], io);
    expect(blocked).toBe(2);
  });
  it('the handlers: a ZipCrypto zip read from base64 warns (PromptUser), naming ZipCrypto', async () => {
    const handlers = await import('../../../addin/src/handlers.ts');
    const { installFake, removeFake, base64Fixture } = await import('../addin/setup.ts');
    const fake = installFake({
      message: {
        from: 'taro@ssk.or.jp',
        to: [{ emailAddress: 'hanako@ssk.or.jp' }],
        subject: '名簿',
        attachments: [{ id: 'z', name: '名簿.zip', content: base64Fixture('zipcrypto.zip') }],
      },
    });
    try {
      const { event, done } = fake.event();
      handlers.onMessageSend(event as never);
      const c = (await done) as { allowEvent: boolean; sendModeOverride?: string; errorMessage: string };
      expect(c.allowEvent).toBe(false);
      expect(c.sendModeOverride).toBe('promptUser');
      expect(c.errorMessage).toContain('ZipCrypto');
    } finally {
      removeFake();
    }
  });
});
