// `ssk-guard mail <file.eml>… [--policy F] [--now T] [--json]`: the send verdict for each message as
// composed — From, To, Cc, Bcc, Subject and attachments (each run through the attachment engine) —
// with the rules the Outlook add-in applies. Attached messages are opened and their files judged too.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import PostalMime, { type Address, type Attachment, type Mailbox } from 'postal-mime';
import { bytesSource } from '../../shared/files/byte-source.ts';
import { inspectFile } from '../../shared/files/inspect.ts';
import { judgeMessage } from '../../shared/mail/judge.ts';
import { isMarkedConfidential } from '../../shared/mail/markers.ts';
import { compactReport } from '../../shared/mail/session-record.ts';
import type {
  AttachmentFacts,
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

export async function messageFacts(compiled: CompiledPolicy, raw: Uint8Array): Promise<MessageFacts> {
  const email = await PostalMime.parse(raw, { forceRfc822Attachments: true });
  const from = mailboxes(email.from)[0]?.address || null;
  return {
    from,
    recipients: recipientsOf(email),
    subject: email.subject ?? '',
    attachments: await attachmentFacts(compiled, email.attachments, undefined, false, 1),
  };
}

type Result =
  | {
      file: string;
      verdict: Verdict;
      findings: Finding[];
      from: string | null;
      subject: string;
      outsideDomains: string[];
      domains: { domain: string; label: string; kind: string; outside: boolean; recipients: number }[];
      attachments: {
        name: string;
        parent?: string;
        verdict: Verdict;
        executable: boolean;
        confidential: boolean;
        encrypted: boolean | null;
        unreadable?: string;
      }[];
    }
  | { file: string; error: string };

function summarise(file: string, subject: string, v: MailVerdict): Result {
  return {
    file,
    verdict: v.verdict,
    findings: v.findings,
    from: v.sender.address,
    subject,
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
      ...(a.unreadable ? { unreadable: a.unreadable } : {}),
    })),
  };
}

async function judgeFile(compiled: CompiledPolicy, path: string): Promise<Result> {
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
    facts = await messageFacts(compiled, raw);
  } catch (e) {
    return { file: path, error: `${path}: メールとして読めません / not a readable message (${(e as Error).message})` };
  }
  if (facts.recipients.length === 0 && facts.from === null)
    return { file: path, error: `${path}: 差出人も宛先もありません / no From and no recipients: not a message` };
  return summarise(path, facts.subject, judgeMessage(compiled, facts));
}

export async function run(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { policy: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
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
    judge: (input) => judgeFile(compiled, input),
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
