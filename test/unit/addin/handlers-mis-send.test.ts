// The rules of issue 14 through the handlers and the fake Office: what event.completed receives
// (block / PromptUser, the Smart Alert naming count and fix), the compose-start snapshot, the
// compose type, S/MIME from the item class, meeting invites through OnAppointmentSend.
import { afterEach, describe, expect, it } from 'vitest';
import * as handlers from '../../../addin/src/handlers.ts';
import { SESSION_KEYS } from '../../../shared/mail/session-record.ts';
import type { FakeMessage, FakeOfficeOptions } from './fake-office.ts';
import { installFake, removeFake } from './setup.ts';

afterEach(() => removeFake());

type Completed = {
  allowEvent?: boolean;
  errorMessage?: string;
  errorMessageMarkdown?: string;
  sendModeOverride?: string;
  commandId?: string;
} | null;

const base = (over: Partial<FakeMessage> = {}): FakeMessage => ({
  from: 'taro@ssk.or.jp',
  to: [{ emailAddress: 'hanako@ssk.or.jp', displayName: '佐藤 花子' }],
  subject: '連絡',
  attachments: [],
  ...over,
});
const setup = (m: FakeMessage, o: Partial<FakeOfficeOptions> = {}) => installFake({ message: m, ...o });

async function fire(fake: ReturnType<typeof installFake>, name: keyof typeof handlers): Promise<Completed> {
  const { event, done } = fake.event();
  (handlers[name] as (e: unknown) => void)(event);
  return (await done) as Completed;
}

const outsiders = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    emailAddress: `user${i}@partner${i % 3}.example`,
    displayName: `御担当 ${i}`,
  }));

describe('many-external-recipients', () => {
  it('warns (PromptUser) naming the count and the fix', async () => {
    const fake = setup(base({ to: outsiders(4), cc: outsiders(8).slice(4) }));
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify([
      'partner0.example',
      'partner1.example',
      'partner2.example',
    ]);
    const c = (await fire(fake, 'onMessageSend'))!;
    expect(c.allowEvent).toBe(false);
    expect(c.sendModeOverride).toBe('promptUser');
    expect(c.errorMessage).toContain('8 件');
    expect(c.errorMessage).toContain('Bcc');
    expect(c.errorMessage!.indexOf('Bcc に移して')).toBeLessThan(c.errorMessage!.indexOf('Move the outside'));
    expect(c.errorMessage!.length).toBeLessThanOrEqual(500);
  });
  it('passes once they are in Bcc', async () => {
    const fake = setup(base({ bcc: outsiders(8) }));
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify([
      'partner0.example',
      'partner1.example',
      'partner2.example',
    ]);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
  });
  it('passes when acknowledged in the task pane', async () => {
    const fake = setup(base({ to: outsiders(8) }));
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify([
      'partner0.example',
      'partner1.example',
      'partner2.example',
    ]);
    fake.log.session[SESSION_KEYS.acknowledged] = JSON.stringify(['many-external-recipients']);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
  });
});

describe('the body', () => {
  it('blocks a shortener hidden behind link text in an HTML body', async () => {
    const fake = setup(base({ html: '<div>資料は<a href="https://bit.ly/abc">こちら</a></div>' }));
    const c = (await fire(fake, 'onMessageSend'))!;
    expect(c.allowEvent).toBe(false);
    expect(c.sendModeOverride).toBeUndefined();
    expect(c.errorMessage).toContain('本文のリンク');
    expect(c.errorMessage).toContain('bit.ly');
  });
  it('blocks a My Number in the body of a message going outside; passes it inside', async () => {
    const text = '個人番号は 1234 5678 9018 です。';
    const out = (await fire(setup(base({ to: [{ emailAddress: 'a@partner.example' }], text })), 'onMessageSend'))!;
    expect(out.allowEvent).toBe(false);
    expect(out.errorMessage).toContain('マイナンバー');
    expect(out.errorMessage).not.toContain('9018');
    removeFake();
    expect(await fire(setup(base({ text })), 'onMessageSend')).toEqual({ allowEvent: true });
  });
  it('S/MIME: the client encrypting (IPM.Note.SMIME) lets 要機密 text go to a confirmed partner', async () => {
    const m = base({
      to: [{ emailAddress: 'a@partner.example' }],
      text: '【要機密】名簿',
      itemClass: 'IPM.Note.SMIME',
    });
    const fake = setup(m);
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
    removeFake();
    const signed = setup({ ...m, itemClass: 'IPM.Note.SMIME.MultipartSigned' });
    signed.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
    expect((await fire(signed, 'onMessageSend'))!.allowEvent).toBe(false);
  });
  it('a body the client cannot give blocks a message going outside', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'a@partner.example' }] }), { failing: ['body'] });
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
    const c = (await fire(fake, 'onMessageSend'))!;
    expect(c.allowEvent).toBe(false);
    expect(c.errorMessage).toContain('本文を読み取れなかった');
  });
  it('a 1 MB HTML body with 500 recipients is judged', async () => {
    const html = '<p>' + 'お知らせ '.repeat(200_000) + '</p><a href="https://bit.ly/z">x</a>';
    expect(html.length).toBeGreaterThan(1_000_000);
    const fake = setup(
      base({ to: outsiders(300), cc: outsiders(450).slice(300), bcc: outsiders(500).slice(450), html }),
    );
    const c = (await fire(fake, 'onMessageSend'))!;
    expect(c.allowEvent).toBe(false);
    expect(c.errorMessage).toContain('bit.ly');
  });
});

describe('forward-to-personal', () => {
  it('blocks a forward (getComposeTypeAsync) to gmail.com', async () => {
    const fake = setup(
      base({ to: [{ emailAddress: 'me@gmail.com', displayName: '山田（個人）' }], composeType: 'forward' }),
    );
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['gmail.com']);
    const c = (await fire(fake, 'onMessageSend'))!;
    expect(c.allowEvent).toBe(false);
    expect(c.sendModeOverride).toBeUndefined();
    expect(c.errorMessage).toContain('8.1.1(5)-1 f');
  });
  it('falls back to the subject (転送：) where the client has no compose type', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'me@yahoo.co.jp' }], subject: '転送：会議資料' }));
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['yahoo.co.jp']);
    expect((await fire(fake, 'onMessageSend'))!.errorMessage).toContain('個人向けメール');
  });
  it('passes a reply to a personal address', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'me@gmail.com' }], composeType: 'reply', subject: 'Re: x' }));
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['gmail.com']);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
  });
});

describe('new-external-domain: the snapshot at compose start', () => {
  it('OnNewMessageCompose keeps the original recipients; a domain added later is named at send', async () => {
    const m = base({ to: [{ emailAddress: 'suzuki@partner.example' }], composeType: 'reply', subject: 'ＲＥ：打合せ' });
    const fake = setup(m);
    await fire(fake, 'onNewMessageCompose');
    // Domains only: all the rule compares, and small in sessionData's 50,000 characters.
    expect(JSON.parse(fake.log.session[SESSION_KEYS.original]!)).toEqual({
      composeType: 'reply',
      domains: ['partner.example'],
    });
    m.to = [...m.to!, { emailAddress: 'x@new.example' }];
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
    const c = (await fire(fake, 'onMessageSend'))!;
    expect(c.sendModeOverride).toBe('promptUser');
    expect(c.errorMessage).toContain('new.example');
    expect(c.errorMessage).toContain('元のメールになかった');
    // Ticked in the task pane: confirmed, it goes.
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example', 'new.example']);
    expect(await fire(fake, 'onMessageSend')).toEqual({ allowEvent: true });
  });
  it('the snapshot is taken once: a later compose event does not overwrite it', async () => {
    const m = base({ to: [{ emailAddress: 'a@partner.example' }], composeType: 'reply' });
    const fake = setup(m);
    await fire(fake, 'onNewMessageCompose');
    m.to = [{ emailAddress: 'x@new.example' }];
    await fire(fake, 'onNewMessageCompose');
    expect(JSON.parse(fake.log.session[SESSION_KEYS.original]!).domains).toEqual(['partner.example']);
  });
  it('a reply-all to 500 addresses keeps a snapshot within its share of sessionData', async () => {
    const to = Array.from({ length: 500 }, (_, i) => ({
      emailAddress: `u${i}@very-long-partner-domain-${i}.example.co.jp`,
    }));
    const fake = setup(base({ to, composeType: 'reply' }));
    await fire(fake, 'onNewMessageCompose');
    expect(fake.log.session[SESSION_KEYS.original]!.length).toBeLessThanOrEqual(6_000);
  });
});

describe('meeting invites: OnAppointmentSend and the attendee events', () => {
  it('blocks an executable on an invite, opening the meeting task pane', async () => {
    const fake = setup(
      base({
        appointment: true,
        to: [{ emailAddress: 'a@partner.example' }],
        attachments: [{ id: 'x', name: 'agenda.exe', content: 'TVo=' }],
      }),
    );
    const c = (await fire(fake, 'onAppointmentSend'))!;
    expect(c.allowEvent).toBe(false);
    expect(c.errorMessage).toContain('agenda.exe');
    expect(c.commandId).toBe('sskGuardTaskPaneMeeting');
  });
  it('warns about outside attendees, required and optional; passes an internal meeting', async () => {
    const fake = setup(
      base({ appointment: true, to: [{ emailAddress: 'a@partner.example' }], cc: [{ emailAddress: 'b@gmail.com' }] }),
    );
    await fire(fake, 'onAppointmentAttendeesChanged');
    expect(fake.log.notices.sskGuard?.message).toContain('2');
    const c = (await fire(fake, 'onAppointmentSend'))!;
    expect(c.sendModeOverride).toBe('promptUser');
    expect(c.errorMessage).toContain('gmail.com');
    removeFake();
    expect(await fire(setup(base({ appointment: true })), 'onAppointmentSend')).toEqual({ allowEvent: true });
  });
  it('a new meeting takes no reply snapshot', async () => {
    const fake = setup(base({ appointment: true }));
    await fire(fake, 'onNewAppointmentOrganizer');
    expect(fake.log.session[SESSION_KEYS.original]).toBeUndefined();
  });
});
