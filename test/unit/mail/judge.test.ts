import { describe, expect, it } from 'vitest';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { RULES } from '../../../shared/policy/rules.ts';
import { byDefault, file, message, to, withLayer } from './helpers.ts';

const rules = (v: ReturnType<typeof judgeMessage>) => v.findings.map((f) => f.rule);
const finding = (v: ReturnType<typeof judgeMessage>, rule: string) => v.findings.find((f) => f.rule === rule);

describe('sender-domain (8.1.1(5)(a)(b), 6.2.2(1)-4)', () => {
  it('allows the organisation and its subdomains', () => {
    expect(judgeMessage(byDefault, message({ from: 'taro@ssk.or.jp' })).verdict).toBe('allow');
    expect(judgeMessage(byDefault, message({ from: 'Taro <taro@Mail.SSK.or.jp>' })).verdict).toBe('allow');
  });
  it('blocks a From outside the organisation, naming it and the allowed domains', () => {
    const v = judgeMessage(byDefault, message({ from: 'taro.private@gmail.com' }));
    expect(v.verdict).toBe('block');
    const f = finding(v, 'sender-domain')!;
    expect(f.clause).toBe(RULES['sender-domain'].clause);
    expect(f.message.ja).toContain('gmail.com');
    expect(f.message.ja).toContain('ssk.or.jp');
    expect(f.message.ja).toContain('8.1.1(5)(a)(b)');
    expect(f.message.en).toContain('gmail.com');
    expect(v.sender).toMatchObject({ allowed: false, domain: 'gmail.com' });
  });
  it('blocks a look-alike of the organisation as sender', () => {
    expect(rules(judgeMessage(byDefault, message({ from: 'taro@ssk-or.jp' })))).toContain('sender-domain');
  });
  it('blocks when the sender cannot be read, saying so', () => {
    const v = judgeMessage(byDefault, message({ from: null }));
    expect(v.verdict).toBe('block');
    expect(finding(v, 'sender-domain')!.message.en).toContain('cannot be read');
  });
  it('uses mail.senderDomains when the policy lists them', () => {
    const c = withLayer({ mail: { senderDomains: ['notice.ssk.or.jp'] } });
    expect(judgeMessage(c, message({ from: 'a@notice.ssk.or.jp' })).verdict).toBe('allow');
    expect(rules(judgeMessage(c, message({ from: 'a@ssk.or.jp' })))).toEqual(['sender-domain']);
  });
  it('the policy may relax it to a warning', () => {
    const c = withLayer({ rules: { 'sender-domain': { action: 'warn' } } });
    expect(judgeMessage(c, message({ from: 'a@gmail.com' })).verdict).toBe('warn');
  });
});

describe('external-recipient (3.1.1(5)(d), 3.1.1(6)(b))', () => {
  it('allows mail that stays inside the organisation', () => {
    const v = judgeMessage(byDefault, message({ recipients: to('a@ssk.or.jp', 'b@mail.ssk.or.jp') }));
    expect(v.verdict).toBe('allow');
    expect(v.outsideDomains).toEqual([]);
    expect(v.allConfirmed).toBe(true);
  });
  it('warns about outside recipients, listing each domain', () => {
    const v = judgeMessage(
      byDefault,
      message({
        recipients: [
          { address: 'a@gmail.com', field: 'to' },
          { address: 'b@mhlw.go.jp', field: 'cc' },
          { address: 'c@partner.example', field: 'bcc' },
          { address: 'd@ssk.or.jp', field: 'to' },
        ],
      }),
    );
    expect(v.verdict).toBe('warn');
    const f = finding(v, 'external-recipient')!;
    expect(f.action).toBe('warn');
    for (const d of ['gmail.com', 'mhlw.go.jp', 'partner.example']) {
      expect(f.message.ja).toContain(d);
      expect(f.message.en).toContain(d);
    }
    expect(f.message.ja).toContain('3.1.1(5)(d)');
    expect(f.details.count).toBe('3');
    expect(v.outsideDomains).toEqual(['mhlw.go.jp', 'gmail.com', 'partner.example']);
  });
  it('compares domains itself: Bcc and odd spellings count the same', () => {
    const v = judgeMessage(byDefault, message({ recipients: [{ address: 'X <x@GMAIL.COM.>', field: 'bcc' }] }));
    expect(v.outsideDomains).toEqual(['gmail.com']);
  });
  it('passes once every outside domain is confirmed, and only then', () => {
    const recipients = to('a@gmail.com', 'b@partner.example', 'c@ssk.or.jp');
    const partly = judgeMessage(byDefault, message({ recipients, confirmedDomains: ['gmail.com'] }));
    expect(partly.verdict).toBe('warn');
    expect(finding(partly, 'external-recipient')!.details.unconfirmed).toBe('partner.example');
    const all = judgeMessage(byDefault, message({ recipients, confirmedDomains: ['GMAIL.com', 'partner.example'] }));
    expect(all.verdict).toBe('allow');
    expect(all.allConfirmed).toBe(true);
  });
  it('shortens a long list for the message but keeps it whole in the details', () => {
    const recipients = to(...Array.from({ length: 40 }, (_, i) => `u${i}@d${i}.example`));
    const f = finding(judgeMessage(byDefault, message({ recipients })), 'external-recipient')!;
    expect(f.details.domains).toContain('(+37)');
    expect(f.details.domainList!.split(', ')).toHaveLength(40);
    expect(f.message.ja.length + f.message.en.length).toBeLessThan(480);
  });
  it('points out a look-alike of the organisation among the recipients', () => {
    const f = finding(judgeMessage(byDefault, message({ recipients: to('a@ssk-or.jp') })), 'external-recipient')!;
    expect(f.message.ja).toContain('ssk-or.jp ≈ ssk.or.jp');
  });
});

describe('executable-attachment (8.1.1(5)-1 g)', () => {
  it('allows ordinary documents', () => {
    const v = judgeMessage(
      byDefault,
      message({ attachments: [file('報告書.pdf'), file('data.xlsx', { format: 'ooxml' })] }),
    );
    expect(v.verdict).toBe('allow');
    expect(v.attachments.map((a) => a.verdict)).toEqual(['allow', 'allow']);
  });
  it.each(['setup.exe', 'invoice.pdf.exe', 'run.BAT', 'photo\u202Egpj.exe', 'tool.exe. ', 'macro.js'])(
    'blocks %j by its name',
    (name) => {
      const v = judgeMessage(byDefault, message({ attachments: [file(name)] }));
      expect(v.verdict).toBe('block');
      expect(rules(v)).toEqual(['executable-attachment']);
      expect(v.attachments[0]!.executable).toBe(true);
    },
  );
  it('blocks by the bytes (the engine found an executable), whatever the name', () => {
    const v = judgeMessage(
      byDefault,
      message({ attachments: [file('資料.zip', { format: 'zip', executable: true })] }),
    );
    const f = finding(v, 'executable-attachment')!;
    expect(f.message.ja).toContain('資料.zip');
    expect(f.message.en).toContain('8.1.1(5)-1 g');
  });
  it('blocks extensions the policy adds', () => {
    const c = withLayer({ mail: { executableExtensions: ['xyz'] } });
    expect(judgeMessage(c, message({ attachments: [file('a.xyz')] })).verdict).toBe('block');
    expect(judgeMessage(byDefault, message({ attachments: [file('a.xyz')] })).verdict).toBe('allow');
  });
  it('blocks a file that could not be read, saying why', () => {
    const v = judgeMessage(
      byDefault,
      message({ attachments: [{ name: 'big.bin', kind: 'file', unreadable: 'read-failed' }] }),
    );
    expect(v.verdict).toBe('block');
    const f = finding(v, 'executable-attachment')!;
    expect(f.message.ja).toContain('big.bin');
    expect(f.message.ja).toContain('読み取れません');
    expect(f.message.en).toContain('could not be read');
  });
  it('never passes a file without a report silently', () => {
    expect(judgeMessage(byDefault, message({ attachments: [{ name: 'x.pdf', kind: 'file' }] })).verdict).toBe('block');
  });
  it('blocks an attached Outlook item, whose contents cannot be inspected', () => {
    const v = judgeMessage(byDefault, message({ attachments: [{ name: '転送: 会議', kind: 'item' }] }));
    expect(finding(v, 'executable-attachment')!.message.en).toContain('attached messages cannot be inspected');
  });
  it('names files inside an attached message with their parent', () => {
    const v = judgeMessage(byDefault, message({ attachments: [{ ...file('a.exe'), parent: 'fwd.eml' }] }));
    expect(finding(v, 'executable-attachment')!.details.fileList).toBe('fwd.eml › a.exe');
  });
});

describe('unencrypted-confidential-attachment (3.1.1(6)-3 a, 3.1.1(6)(b))', () => {
  const outside = to('a@partner.example');
  it('blocks a marked file going outside unencrypted, naming the file and the domains', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: outside, attachments: [file('【要機密】名簿.xlsx', { format: 'ooxml' })] }),
    );
    expect(v.verdict).toBe('block');
    const f = finding(v, 'unencrypted-confidential-attachment')!;
    expect(f.message.ja).toContain('【要機密】名簿.xlsx');
    expect(f.message.ja).toContain('partner.example');
    expect(f.message.en).toContain('3.1.1(6)-3 a');
  });
  it('passes the same file encrypted', () => {
    const v = judgeMessage(
      byDefault,
      message({
        recipients: outside,
        confirmedDomains: ['partner.example'],
        attachments: [file('【要機密】名簿.zip', { format: 'zip', encrypted: true })],
      }),
    );
    expect(v.verdict).toBe('allow');
    expect(v.attachments[0]!.notes[0]!.en).toContain('encrypted');
  });
  it('takes "cannot tell" (null) as not encrypted', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: outside, attachments: [file('機密性2_報告.pdf', { encrypted: null })] }),
    );
    expect(rules(v)).toContain('unencrypted-confidential-attachment');
  });
  it('passes a marked file that stays inside the organisation', () => {
    expect(judgeMessage(byDefault, message({ attachments: [file('【要機密】名簿.xlsx')] })).verdict).toBe('allow');
  });
  it('reads the marker the engine found (and the name here too)', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: outside, attachments: [file('meibo.xlsx', { confidentialMarker: true })] }),
    );
    expect(rules(v)).toContain('unencrypted-confidential-attachment');
  });
  it('a marked subject covers every file, but not inline images', () => {
    const v = judgeMessage(
      byDefault,
      message({
        recipients: outside,
        subject: '［秘］来年度予算',
        attachments: [
          file('予算案.xlsx'),
          file('参考.pdf', { encrypted: true }),
          { ...file('image001.png', { format: 'unknown' }), inline: true },
        ],
      }),
    );
    const f = finding(v, 'unencrypted-confidential-attachment')!;
    expect(f.details.fileList).toBe('予算案.xlsx');
    expect(f.message.ja).toContain('件名');
    expect(v.subjectMarked).toBe(true);
  });
  it('機密性1 and 秘書 are not markers', () => {
    const v = judgeMessage(
      byDefault,
      message({
        recipients: outside,
        subject: '機密性1 秘書室より',
        confirmedDomains: ['partner.example'],
        attachments: [file('機密性1_案内.pdf')],
      }),
    );
    expect(v.verdict).toBe('allow');
  });
  it('honours the policy’s own markers', () => {
    const c = withLayer({ mail: { confidentialMarkers: ['取扱注意'] } });
    expect(
      rules(judgeMessage(c, message({ recipients: outside, attachments: [file('【取扱注意】一覧.csv')] }))),
    ).toContain('unencrypted-confidential-attachment');
  });
});

describe('cloud attachments (judged by host, like a navigation)', () => {
  const cloud = (url: string | undefined, name = '共有資料') => ({
    name,
    kind: 'cloud' as const,
    ...(url ? { url } : {}),
  });
  it('blocks a link to an unapproved cloud service', () => {
    const v = judgeMessage(byDefault, message({ attachments: [cloud('https://drive.google.com/file/d/1/view')] }));
    expect(rules(v)).toEqual(['cloud-unapproved']);
    expect(v.findings[0]!.details.attachment).toBe('共有資料');
  });
  it('passes a link to an approved service (the organisation’s tenant)', () => {
    const c = withLayer({
      cloud: {
        approved: [
          {
            service: 'sharepoint-other-tenants',
            hosts: ['ssk.sharepoint.com'],
            operator: 'Microsoft',
            purpose: '業務',
            highestClassification: 2,
            validUntil: '2027-03-31',
            applicant: '情報課',
            userScope: '全職員',
            manager: '情報課長',
          },
        ],
      },
    });
    expect(judgeMessage(c, message({ attachments: [cloud('https://ssk.sharepoint.com/:w:/r/doc')] })).verdict).toBe(
      'allow',
    );
    expect(judgeMessage(c, message({ attachments: [cloud('https://other.sharepoint.com/:w:/r/doc')] })).verdict).toBe(
      'block',
    );
  });
  it('blocks a shortened link', () => {
    expect(rules(judgeMessage(byDefault, message({ attachments: [cloud('https://bit.ly/x')] })))).toEqual([
      'shortener',
    ]);
  });
  it('blocks a cloud attachment without a usable link', () => {
    const v = judgeMessage(byDefault, message({ attachments: [cloud(undefined)] }));
    expect(v.attachments[0]!.unreadable).toBe('no-link');
    expect(v.verdict).toBe('block');
  });
});

describe('the verdict as a whole', () => {
  it('is the worst finding, blocks first, each with rule, action, clause and both languages', () => {
    const v = judgeMessage(
      byDefault,
      message({ from: 'a@gmail.com', recipients: to('b@gmail.com'), attachments: [file('x.exe')] }),
    );
    expect(v.verdict).toBe('block');
    expect(v.findings.map((f) => f.action)).toEqual(['block', 'block', 'warn']);
    for (const f of v.findings) {
      expect(f.clause).toBe(RULES[f.rule].clause);
      expect(f.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(f.message.en).toMatch(/[a-z]/);
      expect(f.message.ja).toContain(f.clause);
      expect(f.message.en).toContain(f.clause);
    }
  });
  it('a rule the policy turns off makes no finding', () => {
    const c = withLayer({ rules: { 'external-recipient': { action: 'allow' } } });
    expect(judgeMessage(c, message({ recipients: to('a@gmail.com') })).verdict).toBe('allow');
  });
});
