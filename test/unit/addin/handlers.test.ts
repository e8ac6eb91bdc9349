// The event handlers against the fake Office: what event.completed receives for every rule,
// blocking and passing, how warnings relax to PromptUser, and that failures never send silently.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as handlers from '../../../addin/src/handlers.ts';
import { LAST_GOOD_KEY } from '../../../addin/src/policy-loader.ts';
import { SESSION_KEYS } from '../../../shared/mail/session-record.ts';
import type { FakeMessage, FakeOfficeOptions } from './fake-office.ts';
import { base64Fixture, base64Text, installFake, removeFake } from './setup.ts';

afterEach(() => {
  removeFake();
  vi.useRealTimers();
});

type Completed = {
  allowEvent?: boolean;
  errorMessage?: string;
  errorMessageMarkdown?: string;
  sendModeOverride?: string;
  commandId?: string;
  cancelLabel?: string;
} | null;

const inside = { emailAddress: 'hanako@ssk.or.jp' };
const base = (over: Partial<FakeMessage> = {}): FakeMessage => ({
  from: 'taro@ssk.or.jp',
  to: [inside],
  subject: '連絡',
  attachments: [],
  ...over,
});

async function fire(fake: ReturnType<typeof installFake>, name: keyof typeof handlers): Promise<Completed> {
  const { event, done } = fake.event();
  (handlers[name] as (e: unknown) => void)(event);
  return (await done) as Completed;
}

function setup(message: FakeMessage, options: Partial<FakeOfficeOptions> = {}, policy?: unknown) {
  return installFake({ message, ...options }, policy);
}

describe('OnMessageSend', () => {
  it('lets an internal message with a plain document go', async () => {
    const fake = setup(base({ attachments: [{ id: 'a', name: '報告.pdf', content: base64Fixture('plain.pdf') }] }));
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
  });

  describe('external-recipient: warns, relaxing Block to PromptUser, with the task pane offered', () => {
    it('stops with the domains listed and Send Anyway allowed', async () => {
      const fake = setup(
        base({ to: [inside, { emailAddress: 'a@gmail.com' }], cc: [{ emailAddress: 'b@partner.example' }] }),
      );
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.sendModeOverride).toBe('promptUser');
      expect(c.commandId).toBe('sskGuardTaskPane');
      expect(c.errorMessage).toContain('gmail.com');
      expect(c.errorMessage).toContain('partner.example');
      expect(c.errorMessage).toContain('3.1.1(5)(d)');
      expect(c.errorMessage!.length).toBeLessThanOrEqual(500);
      expect(c.errorMessageMarkdown).toContain('gmail\\.com');
      expect(c.cancelLabel!.length).toBeLessThanOrEqual(20);
    });
    it('lets the message go once the task pane recorded every domain as confirmed', async () => {
      const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }));
      fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['gmail.com']);
      expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
    });
    it('warns again when a new outside domain appears after the confirmation', async () => {
      const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }, { emailAddress: 'c@new.example' }] }));
      fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['gmail.com']);
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.sendModeOverride).toBe('promptUser');
      expect(c.errorMessage).toContain('new.example');
    });
    it('on a client without Mailbox 1.14 it cannot relax: it stays stopped until confirmed in the task pane', async () => {
      const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }), { mailbox: '1.12' });
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.sendModeOverride).toBeUndefined();
      expect(c.commandId).toBeUndefined();
      expect(c.errorMessageMarkdown).toBeUndefined();
    });
  });

  describe('sender-domain: blocks a From outside the organisation', () => {
    it('blocks, without Send Anyway', async () => {
      const fake = setup(base({ from: 'taro.private@gmail.com' }));
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.sendModeOverride).toBeUndefined();
      expect(c.errorMessage).toContain('gmail.com');
      expect(c.errorMessage).toContain('8.1.1(5)(a)(b)');
    });
    it('falls back to the mailbox owner when the client gives no From', async () => {
      expect(await fire(setup(base({ from: null }), { userEmail: 'me@ssk.or.jp' }), 'onMessageSend')).toEqual({
        allowEvent: true,
      });
      const c = await fire(setup(base({ from: null }), { userEmail: 'me@outlook.com' }), 'onMessageSend');
      expect(c!.allowEvent).toBe(false);
    });
  });

  describe('executable-attachment: blocks by name and by bytes', () => {
    it.each([
      ['by name', 'setup.exe', base64Text('not really a program')],
      ['by bytes, whatever the name', 'report.dat', base64Fixture('tool.exe')],
      ['inside an archive', '資料.zip', base64Fixture('nested-exe.zip')],
    ])('%s', async (_how, name, content) => {
      const fake = setup(base({ attachments: [{ id: 'x', name, content }] }));
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.sendModeOverride).toBeUndefined();
      expect(c.errorMessage).toContain(name);
      expect(c.errorMessage).toContain('8.1.1(5)-1 g');
    });
    it('passes a plain archive', async () => {
      const fake = setup(base({ attachments: [{ id: 'x', name: '資料.zip', content: base64Fixture('plain.zip') }] }));
      expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
    });
  });

  describe('unencrypted-confidential-attachment: blocks 要機密 going outside unencrypted', () => {
    const outside = { to: [{ emailAddress: 'a@partner.example' }] };
    it('blocks a marked plain zip to an outside domain', async () => {
      const fake = setup(
        base({
          ...outside,
          attachments: [{ id: 'z', name: '【要機密】名簿.zip', content: base64Fixture('plain.zip') }],
        }),
      );
      fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.sendModeOverride).toBeUndefined();
      expect(c.errorMessage).toContain('【要機密】名簿.zip');
      expect(c.errorMessage).toContain('3.1.1(6)-3 a');
    });
    it('passes the same name encrypted (AES zip)', async () => {
      const fake = setup(
        base({
          ...outside,
          attachments: [{ id: 'z', name: '【要機密】名簿.zip', content: base64Fixture('aes256.zip') }],
        }),
      );
      fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
      expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
    });
    it('a marked subject covers an unmarked file', async () => {
      const fake = setup(
        base({
          ...outside,
          subject: '【秘】予算',
          attachments: [{ id: 'p', name: 'budget.pdf', content: base64Fixture('plain.pdf') }],
        }),
      );
      fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.errorMessage).toContain('budget.pdf');
      expect(c.errorMessage).toContain('件名');
    });
    it('passes a marked file that stays inside', async () => {
      const fake = setup(
        base({ attachments: [{ id: 'z', name: '【要機密】名簿.zip', content: base64Fixture('plain.zip') }] }),
      );
      expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
    });
  });

  describe('cloud attachments: judged by host', () => {
    it('blocks a link to an unapproved service', async () => {
      const fake = setup(
        base({
          attachments: [
            { id: 'c', name: 'share', attachmentType: 'cloud', content: 'https://drive.google.com/file/d/1' },
          ],
        }),
      );
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.errorMessage).toContain('drive.google.com');
    });
  });

  describe('what cannot be decided blocks, saying why', () => {
    it('an attachment that cannot be read', async () => {
      const fake = setup(base({ attachments: [{ id: 'f', name: 'broken.docx', fail: true }] }));
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.errorMessage).toContain('broken.docx');
      expect(c.errorMessage).toContain('読み取れません');
    });
    it('an attached Outlook item', async () => {
      const fake = setup(base({ attachments: [{ id: 'i', name: 'FW: 会議', attachmentType: 'item' }] }));
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.errorMessage).toContain('attached messages cannot be inspected');
    });
    it('a failing Office call', async () => {
      const fake = setup(base(), { failing: ['to'] });
      const c = (await fire(fake, 'onMessageSend'))!;
      expect(c.allowEvent).toBe(false);
      expect(c.sendModeOverride).toBeUndefined();
      expect(c.errorMessage).toContain('送信を止めました');
      expect(c.errorMessage).toContain('could not check');
    });
    it('a client that never answers: the watchdog stops the send before Outlook’s 5 seconds', async () => {
      vi.useFakeTimers();
      const fake = setup(base(), { hanging: ['cc'] });
      const { event, done } = fake.event();
      handlers.onMessageSend(event as never);
      await vi.advanceTimersByTimeAsync(4_000);
      const c = (await done) as Completed;
      expect(c!.allowEvent).toBe(false);
      expect(c!.errorMessage).toContain('時間内');
    });
  });
});

describe('checking as the message changes', () => {
  it('checks attachments when they change and keeps the reports, so send reads no content', async () => {
    const fake = setup(
      base({ attachments: [{ id: 'a', name: 'tool.bin', content: base64Fixture('tool.exe'), size: 512 }] }),
    );
    expect(await fire(fake, 'onMessageAttachmentsChanged')).toBeNull();
    expect(fake.log.contentReads).toEqual(['a']);
    expect(JSON.parse(fake.log.session[SESSION_KEYS.attachments]!)).toMatchObject({
      a: { report: { format: 'pe', executable: true } },
    });
    expect(fake.log.notices.sskGuard).toMatchObject({ type: 'errorMessage' });
    const c = (await fire(fake, 'onMessageSend'))!;
    expect(c.allowEvent).toBe(false);
    expect(fake.log.contentReads).toEqual(['a']);
  });
  it('re-reads an attachment replaced under the same id', async () => {
    const fake = setup(
      base({ attachments: [{ id: 'a', name: 'x.pdf', content: base64Fixture('plain.pdf'), size: 568 }] }),
    );
    await fire(fake, 'onNewMessageCompose');
    fake.message.attachments = [{ id: 'a', name: 'y.exe', content: base64Text('x'), size: 1 }];
    expect((await fire(fake, 'onMessageSend'))!.allowEvent).toBe(false);
    expect(fake.log.contentReads).toEqual(['a', 'a']);
  });
  it('shows what the send check will say in the info bar, and clears it', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }));
    await fire(fake, 'onMessageRecipientsChanged');
    expect(fake.log.notices.sskGuard).toMatchObject({ type: 'informationalMessage' });
    expect(fake.log.notices.sskGuard!.message).toContain('組織外 1 ドメイン');
    fake.message.to = [inside];
    await fire(fake, 'onMessageRecipientsChanged');
    expect(fake.log.notices.sskGuard).toBeNull();
    await fire(fake, 'onMessageFromChanged');
    expect(JSON.parse(fake.log.session[SESSION_KEYS.verdict]!)).toMatchObject({ verdict: 'allow' });
  });
  it('a change handler completes even when everything fails', async () => {
    const fake = setup(base(), { failing: ['to', 'cc', 'bcc', 'attachments', 'sessionData', 'notificationMessages'] });
    expect(await fire(fake, 'onMessageRecipientsChanged')).toBeNull();
  });
});

describe('the policy: fetched from the add-in’s origin, last good kept, SSK default otherwise', () => {
  const partnerInside = { organization: { domains: ['ssk.or.jp', 'partner.example'] } };
  const toPartner = base({ to: [{ emailAddress: 'a@partner.example' }] });

  it('uses policy.json from the base URL and keeps it as the last good copy', async () => {
    const fake = setup(toPartner, {}, partnerInside);
    await fire(fake, 'onNewMessageCompose');
    expect(fake.fetches.urls).toEqual(['https://localhost:3000/policy.json']);
    expect(JSON.parse(fake.log.storage[LAST_GOOD_KEY]!)).toEqual(partnerInside);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
  });
  it('at send, uses the stored copy without going to the network', async () => {
    const fake = setup(toPartner, {}, 'unreachable');
    fake.log.storage[LAST_GOOD_KEY] = JSON.stringify(partnerInside);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
    expect(fake.fetches.urls).toEqual([]);
  });
  it('rejects an invalid document whole; the last good copy stays in force', async () => {
    const fake = setup(toPartner, {}, { organization: { domains: ['not a domain!'] } });
    fake.log.storage[LAST_GOOD_KEY] = JSON.stringify(partnerInside);
    await fire(fake, 'onNewMessageCompose');
    expect(JSON.parse(fake.log.storage[LAST_GOOD_KEY]!)).toEqual(partnerInside);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
  });
  it('with nothing to be had, the built-in SSK default protects', async () => {
    const fake = setup(toPartner, {}, 'unreachable');
    await fire(fake, 'onNewMessageCompose');
    expect((await fire(fake, 'onMessageSend'))!.sendModeOverride).toBe('promptUser');
  });
  it('keeps the copy in roamingSettings where OfficeRuntime.storage is missing', async () => {
    const fake = setup(toPartner, { noRuntimeStorage: true }, partnerInside);
    await fire(fake, 'onNewMessageCompose');
    expect(JSON.parse(fake.log.roaming[LAST_GOOD_KEY] as string)).toEqual(partnerInside);
  });
});
