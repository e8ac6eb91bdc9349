// The one send decision: allow / prompt / block by verdict and client, the Smart Alert text of every
// new rule (≤ 500 characters, Japanese first), the task pane's state, the exit status.
import { describe, expect, it } from 'vitest';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { sendAuditEvents } from '../../../shared/mail/send-audit.ts';
import { CLI_CAPABILITIES, sendDecision } from '../../../shared/mail/send-decision.ts';
import type { MessageFacts } from '../../../shared/mail/types.ts';
import { byDefault, message, to } from './helpers.ts';

const full = { promptUser: true, markdown: true };
const old = { promptUser: false, markdown: false };
const outsiders = (n: number) => Array.from({ length: n }, (_, i) => `山田${i} <u${i}@partner${i % 2}.example>`);

describe('sendDecision', () => {
  it('allow goes at once, and the pane may send', () => {
    const d = sendDecision(judgeMessage(byDefault, message()), full);
    expect(d).toMatchObject({ outcome: 'allow', exitCode: 0, offerTaskPane: false, alert: { plain: '' } });
    expect(d.pane).toMatchObject({ status: 'allow', canSend: true, ready: true, hint: null, moveToBcc: [] });
  });
  it('a warning prompts (Send Anyway) where the client can, and blocks where it cannot', () => {
    const v = judgeMessage(byDefault, message({ recipients: to('a@partner.example') }));
    expect(sendDecision(v, full)).toMatchObject({ outcome: 'prompt', exitCode: 1, offerTaskPane: true });
    expect(sendDecision(v, old)).toMatchObject({ outcome: 'block', exitCode: 1, offerTaskPane: false });
    expect(sendDecision(v, old).alert.markdown).toBe('');
    expect(sendDecision(v, full).pane).toMatchObject({ status: 'warn', canSend: false, hint: 'tick' });
  });
  it('a block never prompts', () => {
    const v = judgeMessage(byDefault, message({ from: 'x@gmail.com' }));
    expect(sendDecision(v, full)).toMatchObject({ outcome: 'block', exitCode: 2 });
    expect(sendDecision(v, full).pane.hint).toBe('block');
  });
  it('the Bcc guard: the pane offers the move; once domains are ticked only acknowledgement is left', () => {
    const v = judgeMessage(
      byDefault,
      message({ recipients: to(...outsiders(6)), confirmedDomains: ['partner0.example', 'partner1.example'] }),
    );
    const d = sendDecision(v, full);
    expect(d.pane.moveToBcc).toHaveLength(6);
    expect(d.pane.moveToBcc[0]).toBe('山田0 <u0@partner0.example>');
    expect(d.pane.hint).toBe('acknowledge');
    expect(d.pane.acknowledgeable).toEqual(['many-external-recipients']);
  });
  it('a client without sendAsync: ready, but the pane points to Outlook’s Send', () => {
    expect(sendDecision(judgeMessage(byDefault, message()), { promptUser: true, markdown: false }).pane).toMatchObject({
      canSend: false,
      ready: true,
      hint: 'outlook',
    });
  });
  it('the command line: exit 0, 1, 2 as the verdict', () => {
    for (const [m, code] of [
      [message(), 0],
      [message({ recipients: to('a@partner.example') }), 1],
      [message({ from: 'x@gmail.com' }), 2],
    ] as [MessageFacts, number][])
      expect(sendDecision(judgeMessage(byDefault, m), CLI_CAPABILITIES).exitCode).toBe(code);
  });
});

describe('the Smart Alert of each new rule: ≤ 500 characters, Japanese first, names the fix', () => {
  const cases: [string, MessageFacts, string[]][] = [
    [
      'many-external-recipients',
      message({ recipients: to(...outsiders(12)), confirmedDomains: ['partner0.example', 'partner1.example'] }),
      ['12 件', 'Bcc'],
    ],
    [
      'forward-to-personal',
      message({ recipients: to('me@gmail.com'), subject: '転送：報告' }),
      ['gmail.com', '8.1.1(5)-1 f'],
    ],
    [
      'new-external-domain',
      message({
        recipients: to('x@new.example'),
        composeType: 'reply',
        original: { addresses: ['a@old.example'] },
        confirmedDomains: [],
      }),
      ['new.example'],
    ],
    [
      'unencrypted-confidential-body',
      message({ recipients: to('a@partner.example'), body: { text: '【要機密】' } }),
      ['要機密', '3.1.1(6)(b)'],
    ],
    [
      'link-text-mismatch',
      message({ body: { html: '<a href="https://evil.example/">https://www.ssk.or.jp/</a>' } }),
      ['www.ssk.or.jp', 'evil.example'],
    ],
    [
      'weak-encryption',
      message({
        attachments: [
          {
            name: '名簿.zip',
            kind: 'file',
            report: {
              format: 'zip',
              encrypted: true,
              executable: false,
              confidentialMarker: false,
              encryption: 'zipcrypto',
            },
          },
        ],
      }),
      ['ZipCrypto', '8.1.1(7)(a)', '承認されたストレージ'],
    ],
  ];
  it.each(cases)('%s', (rule, m, words) => {
    const v = judgeMessage(byDefault, m);
    expect(v.findings.map((f) => f.rule)).toContain(rule);
    const d = sendDecision({ ...v, findings: v.findings.filter((f) => f.rule === rule) }, full);
    for (const text of [d.alert.plain, d.alert.markdown]) {
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(500);
      const ja = text.search(/[\u3040-\u30ff]/);
      const en = text.search(/\n(- )?[A-Z]/);
      expect(ja).toBeGreaterThanOrEqual(0);
      expect(ja).toBeLessThan(en);
    }
    for (const w of words) expect(d.alert.plain).toContain(w);
  });
});

describe('audit: an acknowledged warning is a confirmation on record', () => {
  it('confirm event with the rule and counts, never the addresses', () => {
    const v = judgeMessage(
      byDefault,
      message({
        recipients: to(...outsiders(6)),
        confirmedDomains: ['partner0.example', 'partner1.example'],
        acknowledged: ['many-external-recipients'],
      }),
    );
    expect(v.verdict).toBe('allow');
    const events = sendAuditEvents(byDefault, v, { policyVersion: 't', sendAnywayOffered: false });
    expect(events.find((e) => e.rule === 'many-external-recipients')).toMatchObject({
      kind: 'confirm',
      detail: { visibleOutside: '6', threshold: '5', acknowledged: 'task-pane' },
    });
    expect(JSON.stringify(events)).not.toContain('partner0');
  });
  it('body links are recorded by kind of source only', () => {
    const v = judgeMessage(byDefault, message({ body: { html: '<a href="https://bit.ly/secret-path">x</a>' } }));
    const events = sendAuditEvents(byDefault, v, { policyVersion: 't', sendAnywayOffered: false });
    expect(events[0]).toMatchObject({ rule: 'shortener', detail: { source: 'body-link' } });
    expect(JSON.stringify(events)).not.toContain('bit.ly');
  });
});
