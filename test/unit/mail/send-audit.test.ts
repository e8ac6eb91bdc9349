// The audit events a send leaves (shared/mail/send-audit.ts): one per rule that stopped or warned, a
// confirm when all outside domains were confirmed, and only counts and kinds in them.
import { describe, expect, it } from 'vitest';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { sendAuditEvents, sendFailureEvent } from '../../../shared/mail/send-audit.ts';
import type { CompiledPolicy } from '../../../shared/policy/compile.ts';
import type { MessageFacts } from '../../../shared/mail/types.ts';
import { byDefault, file, message, to, withLayer } from './helpers.ts';

const eventsOf = (m: MessageFacts, compiled: CompiledPolicy = byDefault, sendAnywayOffered = false) =>
  sendAuditEvents(compiled, judgeMessage(compiled, m), { policyVersion: 'v1', sendAnywayOffered });

describe('sendAuditEvents', () => {
  it('records nothing for an internal message', () => {
    expect(eventsOf(message())).toEqual([]);
  });

  it('a warn for outside recipients: counts of outside, unconfirmed and look-alike domains', () => {
    const events = eventsOf(
      message({ recipients: to('a@gmail.com', 'b@partner.example', 'c@ssk-or.jp'), confirmedDomains: ['gmail.com'] }),
      byDefault,
      true,
    );
    expect(events).toEqual([
      {
        kind: 'warn',
        rule: 'external-recipient',
        clause: '3.1.1(5)(d), 3.1.1(6)(b)',
        action: 'warn',
        policyVersion: 'v1',
        detail: { outsideDomains: '3', unconfirmed: '2', lookalikes: '1', sendAnyway: 'offered' },
      },
    ]);
  });

  it('a confirm once every outside domain is confirmed (and none when the rule is off)', () => {
    const m = message({
      recipients: to('a@gmail.com', 'b@partner.example'),
      confirmedDomains: ['gmail.com', 'partner.example'],
    });
    expect(eventsOf(m)).toEqual([
      {
        kind: 'confirm',
        rule: 'external-recipient',
        clause: '3.1.1(5)(d), 3.1.1(6)(b)',
        action: 'warn',
        policyVersion: 'v1',
        detail: { outsideDomains: '2' },
      },
    ]);
    expect(eventsOf(m, withLayer({ rules: { 'external-recipient': { action: 'allow' } } }))).toEqual([]);
  });

  it('executables and unreadable files: how many of each and why, never their names', () => {
    const events = eventsOf(
      message({
        attachments: [
          file('setup.exe'),
          { name: '秘密の議事録.docx', kind: 'file', unreadable: 'read-failed' },
          { name: 'FW: 人事', kind: 'item', unreadable: 'attached-message' },
        ],
      }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'block', rule: 'executable-attachment', action: 'block' });
    expect(events[0]!.detail).toEqual({ executables: '1', unreadable: '2', why: 'read-failed,attached-message' });
    expect(JSON.stringify(events)).not.toMatch(/setup|議事録|人事/);
  });

  it('an unencrypted 要機密 file going outside, and a From outside the organisation', () => {
    const events = eventsOf(
      message({
        from: 'someone@gmail.com',
        subject: '【秘】予算',
        recipients: to('a@partner.example'),
        confirmedDomains: ['partner.example'],
        attachments: [file('budget.pdf'), file('memo.pdf', { encrypted: true })],
      }),
    );
    const byRule = Object.fromEntries(events.map((e) => [e.rule, e.detail]));
    expect(byRule).toEqual({
      'sender-domain': {},
      'unencrypted-confidential-attachment': { files: '1', outsideDomains: '1', subjectMarked: '1' },
    });
    expect(eventsOf(message({ from: null }))[0]).toMatchObject({
      rule: 'sender-domain',
      detail: { from: 'unreadable' },
    });
  });

  it('a cloud link: the catalogue’s service id and category, never the link or its host', () => {
    const events = eventsOf(
      message({
        attachments: [{ name: '共有資料', kind: 'cloud', url: 'https://drive.google.com/file/d/SECRET/view' }],
      }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'block', rule: 'cloud-unapproved' });
    expect(events[0]!.detail).toMatchObject({ source: 'cloud-link' });
    expect(events[0]!.detail!.serviceId).toMatch(/^[a-z0-9-]+$/);
    expect(events[0]!.detail!.category).toBeTruthy();
    expect(JSON.stringify(events)).not.toMatch(/drive\.google|SECRET|共有資料/);
  });

  it('a policy that turns a block into a warning records a warn', () => {
    const compiled = withLayer({ rules: { 'executable-attachment': { action: 'warn' } } });
    expect(eventsOf(message({ attachments: [file('a.exe')] }), compiled)).toMatchObject([
      { kind: 'warn', action: 'warn', rule: 'executable-attachment' },
    ]);
  });
});

describe('sendFailureEvent', () => {
  it('a block without a rule, saying what stopped the message', () => {
    expect(sendFailureEvent('v1', 'timed-out')).toEqual({
      kind: 'block',
      action: 'block',
      policyVersion: 'v1',
      detail: { cause: 'timed-out' },
    });
  });
});
