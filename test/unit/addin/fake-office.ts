// A small typed fake of the parts of Office.js the add-in uses, recording what the add-in does
// (event.completed options, sessionData, notices, sends). Self-contained, so the e2e test can
// bundle it into the task pane page as it is.

export interface FakeRecipient {
  emailAddress: string;
  displayName?: string;
}

export interface FakeAttachment {
  id: string;
  name: string;
  size?: number;
  attachmentType?: 'file' | 'item' | 'cloud';
  isInline?: boolean;
  /** base64 for files, a URL for cloud attachments, EML for items. */
  content?: string;
  format?: 'base64' | 'url' | 'eml';
  /** getAttachmentContentAsync fails for this one. */
  fail?: boolean;
}

export interface FakeMessage {
  to?: FakeRecipient[];
  cc?: FakeRecipient[];
  bcc?: FakeRecipient[];
  /** null: from.getAsync gives nothing (the profile's address is used). */
  from?: string | null;
  subject?: string;
  attachments?: FakeAttachment[];
  /** The body as HTML (body.getAsync(Html)); `text` is what getAsync(Text) gives (else the HTML's text). */
  html?: string;
  text?: string;
  /** getComposeTypeAsync's answer; absent: the client has no such API (older than Mailbox 1.10). */
  composeType?: 'newMail' | 'reply' | 'forward';
  /** getItemClassAsync's answer (IPM.Note.SMIME when the user chose to encrypt). */
  itemClass?: string;
  /** A meeting being organised: `to` are the required attendees, `cc` the optional ones, `from` the organizer. */
  appointment?: boolean;
}

export interface FakeOfficeOptions {
  message: FakeMessage;
  /** Highest Mailbox requirement set the fake client supports. */
  mailbox?: string;
  userEmail?: string;
  /** Make every call of these item APIs fail. */
  failing?: string[];
  /** These item APIs never call back (a stuck client). */
  hanging?: string[];
  /** Leave out OfficeRuntime.storage (then roamingSettings is used). */
  noRuntimeStorage?: boolean;
}

export interface FakeLog {
  completed: unknown[];
  sends: number;
  notices: Record<string, { type: string; message: string } | null>;
  session: Record<string, string>;
  roaming: Record<string, unknown>;
  storage: Record<string, string>;
  contentReads: string[];
  handlers: Record<string, (event: unknown) => void>;
}

export interface FakeOffice {
  Office: unknown;
  OfficeRuntime: unknown;
  log: FakeLog;
  message: FakeMessage;
  /** A fresh event object whose `completed` is recorded and resolves `done`. */
  event(): { event: { completed(options?: unknown): void }; done: Promise<unknown> };
  /** Raise an item event (RecipientsChanged …) to handlers added with addHandlerAsync. */
  fire(type: string): void;
}

export function createFakeOffice(options: FakeOfficeOptions): FakeOffice {
  const message = options.message;
  const failing = new Set(options.failing ?? []);
  const hanging = new Set(options.hanging ?? []);
  const log: FakeLog = {
    completed: [],
    sends: 0,
    notices: {},
    session: {},
    roaming: {},
    storage: {},
    contentReads: [],
    handlers: {},
  };
  const itemHandlers: Record<string, Array<() => void>> = {};
  const maxVersion = (options.mailbox ?? '1.15').split('.').map(Number);

  type Callback<T> = (r: { status: string; value: T; error?: { name: string; message: string } }) => void;
  const later = (fn: () => void) => {
    Promise.resolve().then(fn);
  };
  const ok = <T>(cb: Callback<T> | undefined, value: T) => later(() => cb?.({ status: 'succeeded', value }));
  const fail = <T>(cb: Callback<T> | undefined, name: string) =>
    later(() => cb?.({ status: 'failed', value: undefined as T, error: { name, message: `${name} failed` } }));
  const api = <T>(name: string, cb: Callback<T> | undefined, value: () => T) => {
    if (hanging.has(name)) return;
    if (failing.has(name)) fail(cb, name);
    else ok(cb, value());
  };
  const recipients = (field: 'to' | 'cc' | 'bcc') => ({
    getAsync: (cb: Callback<unknown>) =>
      api(field, cb, () =>
        (message[field] ?? []).map((r) => ({
          emailAddress: r.emailAddress,
          displayName: r.displayName ?? '',
          recipientType: 'other',
        })),
      ),
    setAsync: (list: FakeRecipient[], cb?: Callback<void>) =>
      api(`${field}.set`, cb, () => {
        message[field] = list.map((r) => ({ emailAddress: r.emailAddress, displayName: r.displayName ?? '' }));
        for (const h of itemHandlers['olkRecipientsChanged'] ?? []) later(h);
      }),
    addAsync: (list: FakeRecipient[], cb?: Callback<void>) =>
      api(`${field}.add`, cb, () => {
        message[field] = [
          ...(message[field] ?? []),
          ...list.map((r) => ({ emailAddress: r.emailAddress, displayName: r.displayName ?? '' })),
        ];
        for (const h of itemHandlers['olkRecipientsChanged'] ?? []) later(h);
      }),
  });
  const htmlText = (html: string) =>
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');

  const from = {
    getAsync: (cb: Callback<unknown>) =>
      api('from', cb, () =>
        message.from === null || message.from === undefined ? null : { emailAddress: message.from, displayName: '' },
      ),
  };
  // (Object.assign, not spreads: this file also runs in the bare ES2016 context of the bundle test.)
  const item: Record<string, unknown> = Object.assign(
    { itemType: message.appointment ? 'appointment' : 'message' },
    message.appointment
      ? { requiredAttendees: recipients('to'), optionalAttendees: recipients('cc'), organizer: from }
      : { to: recipients('to'), cc: recipients('cc'), bcc: recipients('bcc'), from },
  );
  Object.assign(item, {
    body: {
      getAsync: (type: string, a?: unknown, b?: unknown) => {
        const cb = (typeof a === 'function' ? a : b) as Callback<string> | undefined;
        api('body', cb, () =>
          type === 'html'
            ? (message.html ?? (message.text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;'))
            : (message.text ?? htmlText(message.html ?? '')),
        );
      },
    },
    getItemClassAsync: (cb: Callback<string>) =>
      api('itemClass', cb, () => message.itemClass ?? (message.appointment ? 'IPM.Appointment' : 'IPM.Note')),
    subject: { getAsync: (cb: Callback<string>) => api('subject', cb, () => message.subject ?? '') },
    getAttachmentsAsync: (cb: Callback<unknown>) =>
      api('attachments', cb, () =>
        (message.attachments ?? []).map((a) => ({
          id: a.id,
          name: a.name,
          size: a.size ?? 0,
          attachmentType: a.attachmentType ?? 'file',
          isInline: a.isInline ?? false,
          contentType: 'application/octet-stream',
          isServiceAccessible: true,
        })),
      ),
    getAttachmentContentAsync: (id: string, cb: Callback<unknown>) => {
      log.contentReads.push(id);
      const a = (message.attachments ?? []).find((x) => x.id === id);
      if (!a || a.fail || failing.has('content')) return fail(cb, 'InvalidAttachmentId');
      const format =
        a.format ?? (a.attachmentType === 'cloud' ? 'url' : a.attachmentType === 'item' ? 'eml' : 'base64');
      ok(cb, { format, content: a.content ?? '' });
    },
    sessionData: {
      getAsync: (key: string, cb: Callback<string>) => api('sessionData', cb, () => log.session[key] ?? ''),
      setAsync: (key: string, value: string, cb?: Callback<void>) =>
        api('sessionData', cb, () => {
          log.session[key] = value;
        }),
      getAllAsync: (cb: Callback<unknown>) => api('sessionData', cb, () => ({ ...log.session })),
      removeAsync: (key: string, cb?: Callback<void>) =>
        api('sessionData', cb, () => {
          delete log.session[key];
        }),
      clearAsync: (cb?: Callback<void>) =>
        api('sessionData', cb, () => {
          for (const k of Object.keys(log.session)) delete log.session[k];
        }),
    },
    notificationMessages: {
      replaceAsync: (key: string, details: { type: string; message: string }, cb?: Callback<void>) =>
        api('notificationMessages', cb, () => {
          log.notices[key] = { type: details.type, message: details.message };
        }),
      removeAsync: (key: string, cb?: Callback<void>) =>
        api('notificationMessages', cb, () => {
          log.notices[key] = null;
        }),
    },
    sendAsync: (a?: unknown, b?: unknown) => {
      const cb = (typeof a === 'function' ? a : b) as Callback<void> | undefined;
      api('send', cb, () => {
        log.sends++;
      });
    },
    addHandlerAsync: (type: string, handler: () => void, cb?: Callback<void>) => {
      (itemHandlers[type] ??= []).push(handler);
      ok(cb, undefined);
    },
  });
  if (message.composeType)
    item.getComposeTypeAsync = (cb: Callback<unknown>) =>
      api('composeType', cb, () => ({ composeType: message.composeType, coercionType: 'html' }));

  const Office = {
    onReady: (cb?: (info: unknown) => void) => {
      const info = { host: 'Outlook', platform: 'PC' };
      later(() => cb?.(info));
      return Promise.resolve(info);
    },
    actions: {
      associate: (name: string, fn: (event: unknown) => void) => {
        log.handlers[name] = fn;
      },
    },
    context: {
      requirements: {
        isSetSupported: (name: string, version?: string) => {
          if (name !== 'Mailbox') return false;
          const v = (version ?? '1.1').split('.').map(Number);
          return v[0]! < maxVersion[0]! || (v[0] === maxVersion[0] && (v[1] ?? 0) <= (maxVersion[1] ?? 0));
        },
      },
      mailbox: {
        item,
        userProfile: { emailAddress: options.userEmail ?? 'user@ssk.or.jp', displayName: 'User' },
      },
      roamingSettings: {
        get: (k: string) => log.roaming[k],
        set: (k: string, v: unknown) => {
          log.roaming[k] = v;
        },
        remove: (k: string) => {
          delete log.roaming[k];
        },
        saveAsync: (cb?: Callback<void>) => ok(cb, undefined),
      },
    },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Html: 'html', Text: 'text' },
    EventType: { RecipientsChanged: 'olkRecipientsChanged', AttachmentsChanged: 'olkAttachmentsChanged' },
    MailboxEnums: {
      SendModeOverride: { PromptUser: 'promptUser' },
      ItemNotificationMessageType: {
        ProgressIndicator: 'progressIndicator',
        InformationalMessage: 'informationalMessage',
        ErrorMessage: 'errorMessage',
        InsightMessage: 'insightMessage',
      },
      AttachmentType: { File: 'file', Item: 'item', Cloud: 'cloud' },
      AttachmentContentFormat: { Base64: 'base64', Url: 'url', Eml: 'eml', ICalendar: 'iCalendar' },
    },
  };

  const OfficeRuntime = options.noRuntimeStorage
    ? undefined
    : {
        storage: {
          getItem: (k: string) => Promise.resolve(k in log.storage ? log.storage[k]! : null),
          setItem: (k: string, v: string) => {
            log.storage[k] = v;
            return Promise.resolve();
          },
        },
      };

  return {
    Office,
    OfficeRuntime,
    log,
    message,
    event() {
      let resolve: (v: unknown) => void = () => undefined;
      const done = new Promise<unknown>((r) => (resolve = r));
      return {
        event: {
          completed(o?: unknown) {
            log.completed.push(o ?? null);
            resolve(o ?? null);
          },
        },
        done,
      };
    },
    fire(type: string) {
      for (const h of itemHandlers[type] ?? []) h();
    },
  };
}
