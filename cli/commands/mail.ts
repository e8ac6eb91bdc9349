// `ssk-guard mail <file.eml>… [--compose new|reply|forward] [--original <eml>] [--policy F] [--now T] [--json]`:
// the send verdict for each message as composed — From, To, Cc, Bcc, Subject, the body and the
// attachments (each run through the attachment engine) — with the rules the Outlook add-in applies,
// and its exit status from the same send decision. Attached messages are opened and their files judged
// too; a text/calendar part with method=REQUEST makes it a meeting invite (attendees are recipients).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import PostalMime, { type Address, type Attachment, type Mailbox } from 'postal-mime';
import { bytesSource } from '../../shared/files/byte-source.ts';
import { inspectFile } from '../../shared/files/inspect.ts';
import { composeTypeFromSubject } from '../../shared/mail/compose-type.ts';
import { inviteAttendees } from '../../shared/mail/invite.ts';
import { judgeMessage } from '../../shared/mail/judge.ts';
import { CLI_CAPABILITIES, sendDecision } from '../../shared/mail/send-decision.ts';
import { isMarkedConfidential } from '../../shared/mail/markers.ts';
import { compactReport } from '../../shared/mail/session-record.ts';
import type {
  AttachmentFacts,
  ComposeType,
  MailVerdict,
  MessageFacts,
  RecipientFacts,
  RecipientField,
} from '../../shared/mail/types.ts';
import type { CompiledPolicy } from '../../shared/policy/compile.ts';
import type { Finding } from '../../shared/web/finding.ts';
import { BadInput, runBatch, type Output, type Verdict } from '../io.ts';
import { loadCompiledPolicy, parseNow } from '../policy-file.ts';
import { printVerdict } from '../render.ts';

/** Attached messages inside attached messages are opened this deep; deeper ones are judged as files. */
const MAX_MESSAGE_DEPTH = 3;

function mailboxes(list: readonly Address[] | Address | undefined): { address: string; name: string }[] {
  const items = list === undefined ? [] : Array.isArray(list) ? list : [list as Address];
  return items.flatMap((a) =>
    a.group
      ? a.group.map((m: Mailbox) => ({ address: m.address, name: m.name }))
      : [{ address: a.address ?? '', name: a.name }],
  );
}

function recipientsOf(email: { to?: Address[]; cc?: Address[]; bcc?: Address[] }): RecipientFacts[] {
  const out: RecipientFacts[] = [];
  for (const field of ['to', 'cc', 'bcc'] as RecipientField[])
    for (const m of mailboxes(email[field])) out.push({ address: m.address, name: m.name, field });
  return out;
}

function bytesOf(a: Attachment): Uint8Array {
  if (typeof a.content === 'string') return new TextEncoder().encode(a.content);
  return a.content instanceof Uint8Array ? a.content : new Uint8Array(a.content);
}

const isInvite = (a: Attachment) => /^(text\/calendar|application\/ics)$/i.test(a.mimeType) && a.method === 'REQUEST';

const isMessage = (a: Attachment) => a.mimeType === 'message/rfc822' || /\.eml$/i.test(a.filename ?? '');

/** Every attachment as the core sees it: the engine's report on its bytes; attached messages opened. */
async function attachmentFacts(
  compiled: CompiledPolicy,
  attachments: readonly Attachment[],
  parent: string | undefined,
  parentMarked: boolean,
  depth: number,
): Promise<AttachmentFacts[]> {
  const out: AttachmentFacts[] = [];
  for (const a of attachments) {
    if (depth === 1 && isInvite(a)) continue; // the invite itself: its attendees are the recipients
    const name = a.filename ?? (isMessage(a) ? '(無題のメッセージ / untitled message).eml' : '(名前なし / unnamed)');
    const bytes = bytesOf(a);
    const report = compactReport(
      await inspectFile(bytesSource(bytes), name, { executableExtensions: compiled.policy.mail.executableExtensions }),
    );
    // Files of a message whose subject is marked are marked too, like the message's own files.
    if (parentMarked) report.confidentialMarker = true;
    const f: AttachmentFacts = { name, kind: 'file', size: bytes.length, report };
    if (parent) f.parent = parent;
    if (a.disposition === 'inline' && a.related) f.inline = true;
    out.push(f);
    if (isMessage(a) && depth < MAX_MESSAGE_DEPTH) {
      const inner = await PostalMime.parse(bytes, { forceRfc822Attachments: true });
      const marked = parentMarked || isMarkedConfidential(compiled, inner.subject ?? '');
      const label = parent ? `${parent} › ${name}` : name;
      out.push(...(await attachmentFacts(compiled, inner.attachments, label, marked, depth + 1)));
    }
  }
  return out;
}

export interface ComposeOptions {
  /** `--compose`: what the message is; absent: what its headers say. */
  compose?: ComposeType;
  /** `--original`: the message replied to (its From, To and Cc are the original's). */
  original?: Uint8Array;
}

/** S/MIME enveloped-data: the whole message (body and attachments) is encrypted. */
function isSmimeEncrypted(email: { headers: { key: string; value: string }[] }): boolean {
  const ct = email.headers.find((h) => h.key === 'content-type')?.value ?? '';
  return /application\/(x-)?pkcs7-mime/i.test(ct) && !/smime-type\s*=\s*"?signed-data/i.test(ct);
}

/** The compose type the headers say: a subject's forward prefix, else In-Reply-To/References, else the subject. */
function composeTypeOf(email: { subject?: string; inReplyTo?: string; references?: string }): ComposeType {
  const bySubject = composeTypeFromSubject(email.subject ?? '');
  if (bySubject === 'forward') return 'forward';
  if (email.inReplyTo || email.references) return 'reply';
  return bySubject;
}

export async function messageFacts(
  compiled: CompiledPolicy,
  raw: Uint8Array,
  options: ComposeOptions = {},
): Promise<MessageFacts> {
  const email = await PostalMime.parse(raw, { forceRfc822Attachments: true });
  const from = mailboxes(email.from)[0]?.address || null;
  const recipients = recipientsOf(email);
  const invite = email.attachments.find(isInvite);
  if (invite) {
    const seen = new Set(recipients.map((r) => r.address.toLowerCase()));
    const ics = typeof invite.content === 'string' ? invite.content : new TextDecoder().decode(bytesOf(invite));
    for (const r of inviteAttendees(ics)) if (!seen.has(r.address.toLowerCase())) recipients.push(r);
  }
  const facts: MessageFacts = {
    from,
    recipients,
    subject: email.subject ?? '',
    attachments: await attachmentFacts(compiled, email.attachments, undefined, false, 1),
    body: { ...(email.html ? { html: email.html } : {}), ...(email.text ? { text: email.text } : {}) },
    // --original names the message replied to: a reply, unless told otherwise or forwarded.
    composeType:
      options.compose ?? (options.original && composeTypeOf(email) === 'new' ? 'reply' : composeTypeOf(email)),
  };
  if (invite) facts.invite = true;
  if (isSmimeEncrypted(email)) facts.encrypted = true;
  if (options.original) {
    const o = await PostalMime.parse(options.original);
    const addresses = [...mailboxes(o.from), ...mailboxes(o.to), ...mailboxes(o.cc)].map((m) => m.address);
    facts.original = { addresses };
  }
  return facts;
}

type Result =
  | {
      file: string;
      verdict: Verdict;
      findings: Finding[];
      from: string | null;
      subject: string;
      composeType: ComposeType;
      invite: boolean;
      encrypted: boolean;
      body: MailVerdict['body'];
      /** Outside addresses in To/Cc that "move to Bcc" would move (many-external-recipients). */
      moveToBcc: string[];
      outsideDomains: string[];
      domains: { domain: string; label: string; kind: string; outside: boolean; recipients: number }[];
      attachments: {
        name: string;
        parent?: string;
        verdict: Verdict;
        executable: boolean;
        confidential: boolean;
        encrypted: boolean | null;
        encryption?: string;
        unreadable?: string;
      }[];
    }
  | { file: string; error: string };

function summarise(file: string, facts: MessageFacts, v: MailVerdict): Result {
  const d = sendDecision(v, CLI_CAPABILITIES);
  return {
    file,
    // The exit status comes from the same send decision as the add-in's answer.
    verdict: (['allow', 'warn', 'block'] as const)[d.exitCode],
    findings: v.findings,
    from: v.sender.address,
    subject: facts.subject,
    composeType: v.composeType,
    invite: facts.invite === true,
    encrypted: facts.encrypted === true,
    body: v.body,
    moveToBcc: d.pane.moveToBcc,
    outsideDomains: v.outsideDomains,
    domains: v.domains.map((d) => ({
      domain: d.domain,
      label: d.label,
      kind: d.kind,
      outside: d.outside,
      recipients: d.recipients.length,
    })),
    attachments: v.attachments.map((a) => ({
      name: a.name,
      ...(a.parent ? { parent: a.parent } : {}),
      verdict: a.verdict,
      executable: a.executable,
      confidential: a.confidential,
      encrypted: a.encrypted,
      ...(a.encryption ? { encryption: a.encryption } : {}),
      ...(a.unreadable ? { unreadable: a.unreadable } : {}),
    })),
  };
}

async function judgeFile(compiled: CompiledPolicy, path: string, options: ComposeOptions): Promise<Result> {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      file: path,
      error: `${path}: ${code === 'ENOENT' ? 'ファイルがありません / no such file' : `読めません / cannot read (${code ?? String(e)})`}`,
    };
  }
  let facts: MessageFacts;
  try {
    facts = await messageFacts(compiled, raw, options);
  } catch (e) {
    return { file: path, error: `${path}: メールとして読めません / not a readable message (${(e as Error).message})` };
  }
  if (facts.recipients.length === 0 && facts.from === null)
    return { file: path, error: `${path}: 差出人も宛先もありません / no From and no recipients: not a message` };
  return summarise(path, facts, judgeMessage(compiled, facts));
}

export async function run(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      now: { type: 'string' },
      compose: { type: 'string' },
      original: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const compose = values.compose;
  if (compose !== undefined && compose !== 'new' && compose !== 'reply' && compose !== 'forward')
    throw new BadInput(
      `--compose: new・reply・forward のどれか / one of new, reply, forward (got ${JSON.stringify(compose)})`,
    );
  const options: ComposeOptions = compose ? { compose } : {};
  if (values.original !== undefined) {
    try {
      options.original = readFileSync(values.original);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BadInput(
        `--original ${values.original}: ${code === 'ENOENT' ? 'ファイルがありません / no such file' : `読めません / cannot read (${code ?? String(e)})`}`,
      );
    }
  }
  if (positionals.length === 0)
    throw new BadInput(
      '.eml ファイルを指定してください / give at least one .eml file (or - for paths on standard input)',
    );
  const compiled = loadCompiledPolicy(values.policy, parseNow(values.now));
  return runBatch<Exclude<Result, { error: string }>, Extract<Result, { error: string }>>({
    command: 'mail',
    io,
    positionals,
    json: values.json,
    judge: (input) => judgeFile(compiled, input, options),
    print: (r) => {
      printVerdict(io, r.file, r);
      if (r.outsideDomains.length)
        io.out(
          `  組織外 / outside: ${r.domains
            .filter((d) => d.outside)
            .map((d) => d.label)
            .join(', ')}`,
        );
      for (const a of r.attachments)
        io.out(`  添付 / attachment: ${JSON.stringify(a.parent ? `${a.parent} › ${a.name}` : a.name)} ${a.verdict}`);
    },
  });
}
