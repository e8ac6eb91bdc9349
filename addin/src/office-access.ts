/// <reference types="office-js" />
// Every call into Office lives here (STYLE: one access layer): the handlers and the task pane see
// promises over plain data, and tests swap the host by setting a fake `Office` global.
import type { BodyFacts, ComposeType, RecipientFacts, RecipientField } from '../../shared/mail/types.ts';

/** OfficeRuntime.storage (Mailbox 1.10, event-based activation); typed here as @types/office-runtime is not installed. */
interface RuntimeStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
}
declare const OfficeRuntime: { storage?: RuntimeStorage } | undefined;

export interface AttachmentInfo {
  id: string;
  name: string;
  size: number;
  kind: 'file' | 'item' | 'cloud';
  inline: boolean;
}

export interface AttachmentContentResult {
  format: string;
  content: string;
}

function item(): Office.MessageCompose {
  const it = Office.context.mailbox.item as Office.MessageCompose | null | undefined;
  if (!it) throw new Error('no mail item');
  return it;
}

function appointment(): Office.AppointmentCompose {
  return item() as unknown as Office.AppointmentCompose;
}

/** A meeting being organised (attendees, organizer) rather than a message (To/Cc/Bcc, From). */
export function isAppointment(): boolean {
  const it = Office.context.mailbox.item as { itemType?: unknown } | null | undefined;
  return !!it && String(it.itemType) === 'appointment';
}

/** One Office async call as a promise; a failed call rejects with Office's own message. */
function call<T>(start: (done: (r: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((r) => {
        if (r.status === Office.AsyncResultStatus.Succeeded) resolve(r.value);
        else reject(new Error(r.error ? `${r.error.name}: ${r.error.message}` : 'Office call failed'));
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

export function isMailboxSupported(version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported('Mailbox', version);
  } catch {
    return false;
  }
}

/** Registers an event handler by the name the manifest gives it. */
export function registerHandler(name: string, fn: (event: Office.MailboxEvent) => void): void {
  Office.actions.associate(name, fn);
}

export function whenReady(): Promise<void> {
  return new Promise((resolve) => {
    Office.onReady(() => resolve());
  });
}

export function completeEvent(event: Office.MailboxEvent, options?: Office.SmartAlertsEventCompletedOptions): void {
  if (options) event.completed(options);
  else event.completed();
}

export function promptUserMode(): Office.SmartAlertsEventCompletedOptions['sendModeOverride'] {
  return Office.MailboxEnums.SendModeOverride.PromptUser;
}

async function recipientsOf(field: RecipientField): Promise<RecipientFacts[]> {
  const list = await call<Office.EmailAddressDetails[]>((done) => item()[field].getAsync(done));
  return (list ?? []).map((r) => ({ address: r.emailAddress ?? '', name: r.displayName ?? '', field }));
}

async function attendeesOf(
  which: 'requiredAttendees' | 'optionalAttendees',
  field: RecipientField,
): Promise<RecipientFacts[]> {
  const list = await call<Office.EmailAddressDetails[]>((done) => appointment()[which].getAsync(done));
  return (list ?? []).map((r) => ({ address: r.emailAddress ?? '', name: r.displayName ?? '', field }));
}

/** To, Cc and Bcc; for a meeting, required attendees as To and optional ones as Cc (everyone sees them). */
export async function readRecipients(): Promise<RecipientFacts[]> {
  if (isAppointment()) {
    const [required, optional] = await Promise.all([
      attendeesOf('requiredAttendees', 'to'),
      attendeesOf('optionalAttendees', 'cc'),
    ]);
    return [...required, ...optional];
  }
  const [to, cc, bcc] = await Promise.all([recipientsOf('to'), recipientsOf('cc'), recipientsOf('bcc')]);
  return [...to, ...cc, ...bcc];
}

/**
 * Moves these addresses from To and Cc to Bcc (many-external-recipients): added to Bcc first, then
 * taken out of To and Cc, so a failure half-way never loses a recipient.
 */
export async function moveToBcc(addresses: readonly string[]): Promise<void> {
  const moving = new Set(addresses.map((a) => a.trim().toLowerCase()));
  const it = item();
  const [to, cc] = await Promise.all([
    call<Office.EmailAddressDetails[]>((done) => it.to.getAsync(done)),
    call<Office.EmailAddressDetails[]>((done) => it.cc.getAsync(done)),
  ]);
  const moves = (r: Office.EmailAddressDetails) => moving.has((r.emailAddress ?? '').trim().toLowerCase());
  const picked = [...(to ?? []), ...(cc ?? [])].filter(moves);
  if (!picked.length) return;
  const entry = (r: Office.EmailAddressDetails) => ({ emailAddress: r.emailAddress, displayName: r.displayName ?? '' });
  await call<void>((done) => it.bcc.addAsync(picked.map(entry), done));
  await call<void>((done) => it.to.setAsync((to ?? []).filter((r) => !moves(r)).map(entry), done));
  await call<void>((done) => it.cc.setAsync((cc ?? []).filter((r) => !moves(r)).map(entry), done));
}

/** The body: HTML where the client has it (links hide behind text there), else text; null if unreadable. */
export async function readBody(): Promise<BodyFacts | null> {
  try {
    const html = await call<string>((done) => item().body.getAsync(Office.CoercionType.Html, done));
    if (typeof html === 'string') return { html };
  } catch {
    // Some clients give text only.
  }
  try {
    const text = await call<string>((done) => item().body.getAsync(Office.CoercionType.Text, done));
    return { text: typeof text === 'string' ? text : '' };
  } catch {
    return null;
  }
}

/** The client's compose type (Mailbox 1.10); undefined where it cannot say (then the subject decides). */
export async function readComposeType(): Promise<ComposeType | undefined> {
  const it = item() as unknown as { getComposeTypeAsync?: unknown };
  if (isAppointment() || typeof it.getComposeTypeAsync !== 'function') return undefined;
  try {
    const v = await call<{ composeType?: string }>((done) => item().getComposeTypeAsync(done));
    const t = String(v?.composeType ?? '');
    return t === 'reply' ? 'reply' : t === 'forward' ? 'forward' : t === 'newMail' ? 'new' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client is sending this S/MIME-encrypted: the item class (Mailbox 1.14) is IPM.Note.SMIME
 * (signed only is IPM.Note.SMIME.MultipartSigned, which encrypts nothing).
 */
export async function readEncrypted(): Promise<boolean> {
  const it = item() as unknown as { getItemClassAsync?: (cb: (r: Office.AsyncResult<string>) => void) => void };
  if (typeof it.getItemClassAsync !== 'function') return false;
  try {
    const cls = await call<string>((done) => it.getItemClassAsync!(done));
    return /^IPM\.Note\.SMIME$/i.test(String(cls ?? '').trim());
  } catch {
    return false;
  }
}

/** The From address (Mailbox 1.7); where the client leaves it empty, the mailbox owner sends. */
export async function readFrom(): Promise<string | null> {
  try {
    const from = await call<Office.EmailAddressDetails>((done) =>
      isAppointment() ? appointment().organizer.getAsync(done) : item().from.getAsync(done),
    );
    if (from && from.emailAddress) return from.emailAddress;
  } catch {
    // Older clients: fall through to the profile.
  }
  const own = Office.context.mailbox.userProfile?.emailAddress;
  return own ? own : null;
}

export function readSubject(): Promise<string> {
  return call<string>((done) => item().subject.getAsync(done)).then((s) => s ?? '');
}

export async function listAttachments(): Promise<AttachmentInfo[]> {
  const list = await call<Office.AttachmentDetailsCompose[]>((done) => item().getAttachmentsAsync(done));
  return (list ?? []).map((a) => {
    const type = String(a.attachmentType);
    return {
      id: a.id,
      name: a.name ?? '',
      size: a.size ?? 0,
      kind: type === 'cloud' ? 'cloud' : type === 'item' ? 'item' : 'file',
      inline: a.isInline === true,
    };
  });
}

/** Base64 for files, a URL for cloud attachments, EML for attached items (Mailbox 1.8). */
export function readAttachmentContent(id: string): Promise<AttachmentContentResult> {
  return call<Office.AttachmentContent>((done) => item().getAttachmentContentAsync(id, done)).then((c) => ({
    format: String(c.format),
    content: c.content,
  }));
}

export async function sessionGet(key: string): Promise<string | null> {
  const v = await call<string>((done) => item().sessionData.getAsync(key, done)).catch(() => null);
  return v === undefined || v === '' ? null : v;
}

export function sessionSet(key: string, value: string): Promise<void> {
  return call<void>((done) => item().sessionData.setAsync(key, value, done));
}

/** A line in the compose form's info bar: informational, or an error for what will not send. */
export function showNotice(key: string, text: string, error: boolean): Promise<void> {
  const details: Office.NotificationMessageDetails = error
    ? { type: Office.MailboxEnums.ItemNotificationMessageType.ErrorMessage, message: text }
    : {
        type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
        message: text,
        icon: 'Icon.16x16',
        persistent: false,
      };
  return call<void>((done) => item().notificationMessages.replaceAsync(key, details, done));
}

export function clearNotice(key: string): Promise<void> {
  return call<void>((done) => item().notificationMessages.removeAsync(key, done)).catch(() => undefined);
}

/** Sends the message from the task pane (Mailbox 1.15); Smart Alerts still run on it. */
export function sendItem(): Promise<void> {
  return call<void>((done) => item().sendAsync(done));
}

/** Re-renders the task pane when recipients, attachments or From change while it is open. */
export function onItemChanges(handler: () => void): void {
  const types = [Office.EventType.RecipientsChanged, Office.EventType.AttachmentsChanged];
  for (const t of types) {
    try {
      item().addHandlerAsync(t, handler, () => undefined);
    } catch {
      // Not every client raises every event: the task pane also refreshes on demand.
    }
  }
}

/**
 * Where the last good policy and the audit queue are kept. OfficeRuntime.storage is the store
 * event-based handlers have (Mailbox 1.10; localStorage is missing in classic Outlook's JavaScript-only
 * runtime); roamingSettings (Mailbox 1.1, every runtime, 32 KB) serves where it is absent, e.g. a task pane.
 */
export interface KeyValueStore {
  /** Which store serves: callers size what they keep by it (roamingSettings has 32 KB for everything). */
  kind: 'runtime' | 'roaming';
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export function keyValueStore(): KeyValueStore {
  const storage = typeof OfficeRuntime !== 'undefined' && OfficeRuntime ? OfficeRuntime.storage : undefined;
  if (storage) {
    return {
      kind: 'runtime',
      get: (key) => storage.getItem(key).catch(() => null),
      set: (key, value) => storage.setItem(key, value),
    };
  }
  return {
    kind: 'roaming',
    get(key) {
      try {
        const v: unknown = Office.context.roamingSettings.get(key);
        return Promise.resolve(typeof v === 'string' ? v : null);
      } catch {
        return Promise.resolve(null);
      }
    },
    set(key, value) {
      // roamingSettings holds 32 KB in all: a larger document is not cached (the default stays below it).
      if (value.length > 30_000) return Promise.resolve();
      const rs = Office.context.roamingSettings;
      const before: unknown = rs.get(key);
      rs.set(key, value);
      return call<void>((done) => rs.saveAsync(done)).catch((e: unknown) => {
        // saveAsync writes every key at once: take the refused value back, so later saves of others still fit.
        if (before === undefined) rs.remove(key);
        else rs.set(key, before);
        throw e;
      });
    },
  };
}
