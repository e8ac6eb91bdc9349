// The facts of a message about to be sent, as the adapters (Outlook, `ssk-guard mail`) gather them:
// plain data, so one verdict function serves both.
import type { Action, RuleId } from '../policy/rules.ts';
import type { KnownOrganization } from '../policy/schema.ts';
import type { Localized } from '../i18n/messages.ts';
import type { Finding, Verdict } from '../web/finding.ts';

export type RecipientField = 'to' | 'cc' | 'bcc';

export interface RecipientFacts {
  /** As the client gives it: `a@b.jp`, `Name <a@b.jp>`; compared by its domain, never by the client's recipientType. */
  address: string;
  name?: string;
  field: RecipientField;
}

/** What the attachment engine said of a file: the fields a verdict needs (FileReport's subset). */
export interface AttachmentReport {
  format: string;
  encrypted: boolean | null;
  /** null: the engine could not read all of it (treated like an unreadable attachment). */
  executable: boolean | null;
  confidentialMarker: boolean;
  /** How it is encrypted (`zipcrypto`, `aes-256`, …; the weakest part of a container); null: not, or cannot tell. */
  encryption?: string | null;
}

/** Why an attachment could not be read: each has its own sentence in both languages. */
export type UnreadableReason = 'read-failed' | 'not-checked-in-time' | 'attached-message' | 'no-link';

export interface AttachmentFacts {
  name: string;
  kind: 'file' | 'item' | 'cloud';
  size?: number;
  /** A cloud attachment's link (judged by its host like a navigation). */
  url?: string;
  /** The engine's report on the bytes; absent when they could not be read (then `unreadable` says why). */
  report?: AttachmentReport;
  unreadable?: UnreadableReason;
  /** Shown in the body (a signature logo): part of the text rather than a file sent along. */
  inline?: boolean;
  /** The attached message this file sits in (the command line opens attached messages). */
  parent?: string;
}

/** How the message was started: the client's compose type, else read from the subject's prefix. */
export type ComposeType = 'new' | 'reply' | 'forward';

/** The body as the client gives it: text, and HTML where there is one (links hide behind text there). */
export interface BodyFacts {
  text?: string;
  html?: string;
}

/** The message being replied to or forwarded: who was on it (snapshot at compose start). */
export interface OriginalFacts {
  /** From, To and Cc of the original (or the recipients when composing started). */
  addresses: readonly string[];
  /** Their domains, where only those were kept (the add-in's compose-start snapshot). */
  domains?: readonly string[];
}

export interface MessageFacts {
  /** The From address; null when the client could not say. */
  from: string | null;
  recipients: readonly RecipientFacts[];
  subject: string;
  attachments: readonly AttachmentFacts[];
  /** Outside domains the user has confirmed one by one (the task pane). */
  confirmedDomains?: readonly string[];
  /** Warnings the user has acknowledged in the task pane (rule ids); blocks are never acknowledged. */
  acknowledged?: readonly RuleId[];
  /** The body; absent when it could not be read (then nothing is judged on it, and `bodyUnread` says so). */
  body?: BodyFacts;
  /** The client could not give the body. */
  bodyUnread?: boolean;
  /** From the client (getComposeTypeAsync); absent: read from the subject's prefix. */
  composeType?: ComposeType;
  original?: OriginalFacts;
  /** A meeting invite (attendees are the recipients). */
  invite?: boolean;
  /** The client says it sends this S/MIME-encrypted. */
  encrypted?: boolean;
}

export type DomainGroupKind = 'organization' | 'known-organization' | 'personal' | 'other';

export interface DomainGroup {
  /** The compared form (lower-case ASCII), or the raw text for an address without a usable domain. */
  domain: string;
  /** What users read: Unicode for IDN hosts, with the ASCII form beside it. */
  label: string;
  kind: DomainGroupKind;
  outside: boolean;
  /** The address had no domain we could read: outside, by caution. */
  unparsed?: true;
  organization?: KnownOrganization;
  /** The protected domain this one imitates (a look-alike), if any. */
  imitates?: string;
  confirmed: boolean;
  recipients: RecipientFacts[];
}

export interface AttachmentVerdict {
  name: string;
  kind: AttachmentFacts['kind'];
  parent?: string;
  verdict: Action;
  rules: RuleId[];
  executable: boolean;
  confidential: boolean;
  encrypted: boolean | null;
  /** The scheme, where the engine named one. */
  encryption?: string;
  unreadable?: UnreadableReason;
  /** One line each, shown beside the file in the task pane. */
  notes: Localized[];
}

export interface SenderVerdict {
  address: string | null;
  domain: string | null;
  allowed: boolean;
  /** The domains From may use, as labels. */
  allowedDomains: string[];
}

export interface MailVerdict extends Verdict {
  findings: Finding[];
  sender: SenderVerdict;
  domains: DomainGroup[];
  attachments: AttachmentVerdict[];
  /** Outside domains, compared form, in display order. */
  outsideDomains: string[];
  /** Every outside domain has been confirmed (or there is none). */
  allConfirmed: boolean;
  subjectMarked: boolean;
  /** Outside addresses in To and Cc, in order: what "move to Bcc" moves (many-external-recipients). */
  visibleOutside: RecipientFacts[];
  /** The compose type judged by (the client's, or the subject's). */
  composeType: ComposeType;
  /** A meeting invite (attendees have no Bcc: nothing to move). */
  invite: boolean;
  /** Warnings taken out of the verdict because the user acknowledged them in the task pane. */
  acknowledged: Finding[];
  /** What was read of the body: links judged, kinds of confidential data (never the values). */
  body: { read: boolean; links: number; kinds: string[] };
}
