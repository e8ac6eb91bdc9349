// The rules of issue 14 through the pure verdict: each must block (or warn) and must pass, with
// Japanese display names, full-width prefixes, HTML-only bodies, hidden links, 500 recipients and 1 MB.
import { describe, expect, it } from 'vitest';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { composeTypeFromSubject } from '../../../shared/mail/compose-type.ts';
import type { RecipientFacts } from '../../../shared/mail/types.ts';
import type { Finding } from '../../../shared/web/finding.ts';
import { byDefault, file, message, to, withLayer } from './helpers.ts';

const rules = (v: { findings: { rule: string }[] }) => v.findings.map((f) => f.rule);
const finding = (v: { findings: Finding[] }, rule: string) => v.findings.find((f) => f.rule === rule);
const cc = (...addresses: string[]): RecipientFacts[] => addresses.map((address) => ({ address, field: 'cc' }));
const bcc = (...addresses: string[]): RecipientFacts[] => addresses.map((address) => ({ address, field: 'bcc' }));
const outsiders = (n: number, domain = 'partner.example') => Array.from({ length: n }, (_, i) => `user${i}@${domain}`);

describe('many-external-recipients (3.1.1(5)(d)): outsiders in To/Cc see each other', () => {
  it('warns at 5 outside addresses in To and Cc together, naming the count', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: [...to(...outsiders(3)), ...cc(...outsiders(2, 'other.example'))] }),
    );
    const f = finding(v, 'many-external-recipients')!;
    expect(f.action).toBe('warn');
    expect(f.details.count).toBe('5');
    expect(f.message.ja).toContain('5 件');
    expect(f.message.ja).toContain('Bcc');
    expect(f.message.en).toContain('3.1.1(5)(d)');
    expect(v.visibleOutside.map((r) => r.address)).toHaveLength(5);
  });
  it('passes at 4, and when the outsiders are in Bcc', () => {
    expect(rules(judgeMessage(byDefault, message({ recipients: to(...outsiders(4)) })))).not.toContain(
      'many-external-recipients',
    );
    const inBcc = judgeMessage(byDefault, message({ recipients: [...to('a@ssk.or.jp'), ...bcc(...outsiders(40))] }));
    expect(rules(inBcc)).not.toContain('many-external-recipients');
  });
  it('counts addresses once, not the organisation, with Japanese display names', () => {
    const named = outsiders(5).map((a, i) => `山田 太郎${i} <${a}>`);
    const v = judgeMessage(
      byDefault,
      message({ recipients: [...to(...named, ...named), ...cc(...outsiders(10, 'ssk.or.jp'))] }),
    );
    expect(finding(v, 'many-external-recipients')!.details.count).toBe('5');
  });
  it('follows mail.bccThreshold, and an admin may make it block', () => {
    const three = withLayer({ mail: { bccThreshold: 3 }, rules: { 'many-external-recipients': { action: 'block' } } });
    expect(
      finding(judgeMessage(three, message({ recipients: to(...outsiders(3)) })), 'many-external-recipients')!.action,
    ).toBe('block');
    expect(rules(judgeMessage(three, message({ recipients: to(...outsiders(2)) })))).not.toContain(
      'many-external-recipients',
    );
  });
  it('a raised threshold is listed among what the document relaxes', async () => {
    const { relaxationsOf } = await import('../../../shared/policy/relaxations.ts');
    expect(relaxationsOf(withLayer({ mail: { bccThreshold: 50 } }).policy).map((r) => r.path)).toEqual([
      'mail.bccThreshold',
    ]);
    expect(relaxationsOf(withLayer({ mail: { bccThreshold: 3 } }).policy)).toEqual([]);
  });
  it('500 recipients: one finding, every To/Cc outsider listed for the move', () => {
    const recipients = [
      ...to(...outsiders(300)),
      ...cc(...outsiders(150, 'b.example')),
      ...bcc(...outsiders(50, 'c.example')),
    ];
    const v = judgeMessage(byDefault, message({ recipients }));
    expect(v.findings.filter((f) => f.rule === 'many-external-recipients')).toHaveLength(1);
    expect(v.visibleOutside).toHaveLength(450);
  });
});

describe('the body: links judged like a navigation (details.where "body")', () => {
  const inside = to('hanako@ssk.or.jp');
  it('blocks a shortener hidden behind text in an HTML-only body', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: inside, body: { html: '<p>資料は<a href="https://bit.ly/x">こちら</a></p>' } }),
    );
    const f = finding(v, 'shortener')!;
    expect(f.action).toBe('block');
    expect(f.details.where).toBe('body');
    expect(f.message.ja).toContain('本文のリンク');
    expect(v.body).toMatchObject({ read: true, links: 1 });
  });
  it('reads bare URLs in text, and hrefs hidden by entities', () => {
    expect(
      rules(judgeMessage(byDefault, message({ recipients: inside, body: { text: '詳細: https://bit.ly/abc。' } }))),
    ).toContain('shortener');
    const hidden = '<a href="&#104;ttps://bit&#46;ly/abc">資料</a>';
    expect(rules(judgeMessage(byDefault, message({ recipients: inside, body: { html: hidden } })))).toContain(
      'shortener',
    );
  });
  it('reads hosts as the URL parser does: backslashes, no slashes, percent-encoded dots, credentials', () => {
    for (const href of [
      'https:\\\\bit.ly\\x',
      'https:bit.ly/x',
      'https://bit%2Ely/x',
      'https://www.ssk.or.jp@bit.ly/x',
      'HTTPS://BIT.LY',
    ])
      expect(
        rules(judgeMessage(byDefault, message({ recipients: inside, body: { html: `<a href="${href}">x</a>` } }))),
        href,
      ).toContain('shortener');
  });
  it('reads through Safe Links: a quoted reply’s rewritten links are judged by where they go', () => {
    const wrap = (u: string) =>
      `https://apc01.safelinks.protection.outlook.com/?url=${encodeURIComponent(u)}&data=05%7C02&reserved=0`;
    const ok = `<a href="${wrap('https://www.ssk.or.jp/news')}">https://www.ssk.or.jp/news</a>`;
    expect(rules(judgeMessage(byDefault, message({ recipients: inside, body: { html: ok } })))).toEqual([]);
    const bad = `<a href="${wrap('https://bit.ly/x')}">資料</a>`;
    expect(rules(judgeMessage(byDefault, message({ recipients: inside, body: { html: bad } })))).toEqual(['shortener']);
  });
  it('finds hrefs behind a `>` in a quoted attribute, in <area>, and in an unclosed <a>', () => {
    for (const html of [
      '<a title="a>b" href="https://bit.ly/x">資料</a>',
      '<map><area shape="rect" coords="0,0,1,1" href="https://bit.ly/x"></map>',
      '<p><a href="https://bit.ly/x">資料',
    ])
      expect(rules(judgeMessage(byDefault, message({ recipients: inside, body: { html } }))), html).toContain(
        'shortener',
      );
  });
  it('blocks unapproved cloud share links: OneDrive (personal), another SharePoint tenant, Dropbox', () => {
    for (const url of [
      'https://1drv.ms/f/s!abc',
      'https://onedrive.live.com/redir?resid=1',
      'https://contoso.sharepoint.com/:f:/s/x',
      'https://www.dropbox.com/s/abc/file.pdf',
    ]) {
      const v = judgeMessage(
        byDefault,
        message({ recipients: inside, body: { html: `<a href="${url}">共有リンク</a>` } }),
      );
      expect(v.verdict, url).toBe('block');
      expect(
        v.findings.every((f) => f.details.where === 'body'),
        url,
      ).toBe(true);
    }
  });
  it('passes the organisation’s approved tenant and its own site', () => {
    const tenant = withLayer({
      cloud: {
        approved: [
          {
            service: 'sharepoint-other-tenants',
            hosts: ['ssk-or-jp.sharepoint.com'],
            operator: 'Microsoft',
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
    const html =
      '<a href="https://ssk-or-jp.sharepoint.com/:f:/s/x">共有</a> <a href="https://www.ssk.or.jp/a">https://www.ssk.or.jp/a</a>';
    expect(judgeMessage(tenant, message({ recipients: inside, body: { html } })).verdict).toBe('allow');
  });
  it('blocks a look-alike link', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: inside, body: { text: 'ログイン: https://sskk.or.jp/login' } }),
    );
    expect(finding(v, 'lookalike-domain')!.details.where).toBe('body');
  });
  it('link-text-mismatch: the text shows one host, the href goes to another (warn)', () => {
    const v = judgeMessage(
      byDefault,
      message({
        recipients: inside,
        body: { html: '<a href="https://login.example.net/">https://www.ssk.or.jp/login</a>' },
      }),
    );
    const f = finding(v, 'link-text-mismatch')!;
    expect(f.action).toBe('warn');
    expect(f.details).toMatchObject({ shown: 'www.ssk.or.jp', host: 'login.example.net', where: 'body' });
  });
  it('no mismatch for the same site, a subdomain, plain words or a file name as text', () => {
    const html = [
      '<a href="https://www.ssk.or.jp/a">ssk.or.jp</a>',
      '<a href="https://example.com/x">www.example.com/x</a>',
      '<a href="https://example.com/report.zip">報告書.zip</a>',
      '<a href="https://example.com/">こちら</a>',
      '<a href="https://example.com/">資料.pdf</a>',
    ].join(' ');
    expect(rules(judgeMessage(byDefault, message({ recipients: inside, body: { html } })))).toEqual([]);
  });
  it('padding with thousands of harmless links does not push a shortener out of sight', () => {
    const pad = Array.from({ length: 8000 }, (_, i) => `<a href="https://www.ssk.or.jp/p/${i}">${i}</a>`).join('');
    const v = judgeMessage(
      byDefault,
      message({ recipients: inside, body: { html: pad + '<a href="https://bit.ly/x">x</a>' } }),
    );
    expect(rules(v)).toEqual(['shortener']);
    expect(v.body.links).toBe(8001);
  });
  it('a 1 MB HTML body is read whole: a link at its end is found', () => {
    const html = '<p>' + 'あ'.repeat((1024 * 1024) / 3) + '</p><a href="https://bit.ly/end">x</a>';
    expect(html.length).toBeGreaterThan(300_000);
    expect(rules(judgeMessage(byDefault, message({ recipients: inside, body: { html } })))).toContain('shortener');
  });
});

describe('unencrypted-confidential-body (3.1.1(6)(b), 3.1.1(6)-3 a)', () => {
  const out = to('tanaka@partner.example');
  const judged = (text: string, over = {}) =>
    judgeMessage(byDefault, message({ recipients: out, body: { text }, ...over }));
  it('blocks a 要機密 marker, a My Number and a card number going outside, naming the kinds', () => {
    const v = judged('【要機密】名簿です。個人番号 1234 5678 9018、カード 4111-1111-1111-1111');
    const f = finding(v, 'unencrypted-confidential-body')!;
    expect(f.action).toBe('block');
    expect(f.details.kinds).toBe('confidential-marker,my-number,payment-card');
    expect(f.message.ja).toContain('マイナンバー');
    expect(f.message.ja).not.toContain('4111');
    expect(v.body.kinds).toEqual(['confidential-marker', 'my-number', 'payment-card']);
  });
  it('reads ㊙ before NFKC folds it (㊙資料 is marked)', () => {
    expect(rules(judged('㊙資料を送ります'))).toContain('unencrypted-confidential-body');
  });
  it('reads an HTML-only body, entities decoded (＜要機密＞ in full width too)', () => {
    const v = judgeMessage(byDefault, message({ recipients: out, body: { html: '<p>&lt;要機密&gt; 会議資料</p>' } }));
    expect(rules(v)).toContain('unencrypted-confidential-body');
    expect(rules(judged('＜要機密＞ 会議資料'))).toContain('unencrypted-confidential-body');
  });
  it('passes a wrong check digit, a failed Luhn, 機密性1, numbers inside a link, and 秘書', () => {
    expect(
      rules(judged('番号 123456789012 と 4111 1111 1111 1112、機密性1、秘書課 https://x.example/?id=123456789018')),
    ).not.toContain('unencrypted-confidential-body');
  });
  it('passes inside the organisation, and S/MIME-encrypted messages', () => {
    expect(rules(judgeMessage(byDefault, message({ body: { text: '【要機密】' } })))).toEqual([]);
    expect(rules(judged('【要機密】 123456789018', { encrypted: true }))).not.toContain(
      'unencrypted-confidential-body',
    );
  });
  it('S/MIME also carries a 要機密 file encrypted', () => {
    const over = { attachments: [file('【要機密】名簿.xlsx')], encrypted: true };
    expect(rules(judged('', over))).not.toContain('unencrypted-confidential-attachment');
    expect(rules(judged('', { attachments: [file('【要機密】名簿.xlsx')] }))).toContain(
      'unencrypted-confidential-attachment',
    );
  });
  it('a body the client could not give blocks a message going outside (never a silent pass)', () => {
    const v = judgeMessage(byDefault, message({ recipients: out, bodyUnread: true }));
    expect(finding(v, 'unencrypted-confidential-body')!.details.unread).toBe('1');
  });
});

describe('forward-to-personal (8.1.1(5)-1 f)', () => {
  const personal = to('me.private@gmail.com');
  it('blocks a forward to a personal-mail domain, by the client’s compose type', () => {
    const f = finding(
      judgeMessage(byDefault, message({ recipients: personal, composeType: 'forward' })),
      'forward-to-personal',
    )!;
    expect(f.action).toBe('block');
    expect(f.details).toMatchObject({ domains: 'gmail.com', how: 'client' });
  });
  it.each(['Fw: 報告', 'FWD: 報告', 'Fwd: Re: 報告', '転送: 報告', '転送：報告', 'ＦＷ：報告', 'ＦＷＤ： 報告'])(
    'and by the subject when the client cannot say: %s',
    (subject) => {
      expect(
        finding(judgeMessage(byDefault, message({ recipients: personal, subject })), 'forward-to-personal')?.details
          .how,
      ).toBe('subject');
    },
  );
  it('passes a forward to a partner, a reply to a personal address, and a new message', () => {
    expect(
      rules(judgeMessage(byDefault, message({ recipients: to('a@partner.example'), composeType: 'forward' }))),
    ).not.toContain('forward-to-personal');
    expect(rules(judgeMessage(byDefault, message({ recipients: personal, subject: 'Re: 報告' })))).not.toContain(
      'forward-to-personal',
    );
    expect(rules(judgeMessage(byDefault, message({ recipients: personal, subject: '転送の件' })))).not.toContain(
      'forward-to-personal',
    );
  });
  it('reads prefixes as clients write them', () => {
    expect(composeTypeFromSubject('ＲＥ：打合せ')).toBe('reply');
    expect(composeTypeFromSubject('RE[2]: 打合せ')).toBe('reply');
    expect(composeTypeFromSubject('AW: Termin')).toBe('reply');
    expect(composeTypeFromSubject('WG: Termin')).toBe('forward');
    expect(composeTypeFromSubject('Fw: Re: x')).toBe('forward');
    expect(composeTypeFromSubject('Remarks: x')).toBe('new');
    expect(composeTypeFromSubject('返信: x')).toBe('reply');
  });
});

describe('new-external-domain: a reply that gains an outside domain (warn)', () => {
  const original = { addresses: ['suzuki@partner.example', 'hanako@ssk.or.jp'] };
  it('names the domain that was not on the original', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: to('suzuki@partner.example', 'x@new.example'), composeType: 'reply', original }),
    );
    const f = finding(v, 'new-external-domain')!;
    expect(f.action).toBe('warn');
    expect(f.details.domains).toBe('new.example');
    expect(f.message.ja).toContain('new.example');
  });
  it('by the subject (ＲＥ：) when the client cannot say', () => {
    const v = judgeMessage(byDefault, message({ recipients: to('x@new.example'), subject: 'ＲＥ：打合せ', original }));
    expect(rules(v)).toContain('new-external-domain');
  });
  it('passes the original’s domains, a confirmed domain, an internal one, and a new message', () => {
    const same = message({ recipients: to('other@partner.example', 'b@ssk.or.jp'), composeType: 'reply', original });
    expect(rules(judgeMessage(byDefault, same))).not.toContain('new-external-domain');
    const confirmed = message({
      recipients: to('x@new.example'),
      composeType: 'reply',
      original,
      confirmedDomains: ['new.example'],
    });
    expect(rules(judgeMessage(byDefault, confirmed))).toEqual([]);
    expect(
      rules(judgeMessage(byDefault, message({ recipients: to('x@new.example'), composeType: 'new', original }))),
    ).not.toContain('new-external-domain');
  });
});

describe('meeting invites: the same checks', () => {
  it('attendees are recipients: outside, Bcc guard, body, attachments', () => {
    const v = judgeMessage(
      byDefault,
      message({
        invite: true,
        recipients: [...to(...outsiders(5)), ...cc('friend@gmail.com')],
        body: { html: '<a href="https://bit.ly/x">資料</a> 【要機密】' },
        attachments: [file('setup.exe')],
      }),
    );
    expect(rules(v).sort()).toEqual(
      [
        'executable-attachment',
        'external-recipient',
        'many-external-recipients',
        'shortener',
        'unencrypted-confidential-body',
      ].sort(),
    );
  });
});

describe('the Bcc guard on an invite', () => {
  it('names the exposure without offering Bcc (a meeting has none)', async () => {
    const { sendDecision } = await import('../../../shared/mail/send-decision.ts');
    const v = judgeMessage(byDefault, message({ invite: true, recipients: to(...outsiders(6)) }));
    const f = finding(v, 'many-external-recipients')!;
    expect(f.message.ja).toContain('出席者');
    expect(f.message.ja).not.toContain('Bcc に移して');
    expect(sendDecision(v, { promptUser: true, markdown: true }).pane.moveToBcc).toEqual([]);
  });
});

describe('acknowledged warnings', () => {
  it('leave the verdict (kept as acknowledged); blocks and the domain ticks stay', () => {
    const v = judgeMessage(
      byDefault,
      message({
        recipients: to(...outsiders(5)),
        acknowledged: ['many-external-recipients', 'external-recipient', 'sender-domain'],
        from: 'x@gmail.com',
      }),
    );
    expect(rules(v).sort()).toEqual(['external-recipient', 'sender-domain']);
    expect(v.acknowledged.map((f) => f.rule)).toEqual(['many-external-recipients']);
  });
});
