// Attachments checked as they are added, kept in the item's sessionData keyed by attachment id, so
// that OnMessageSend finds them done. Bytes come as base64 and the engine decodes only the slices
// it needs; a file that cannot be read is recorded as such (and blocks), never skipped.
import { base64Source } from '../../shared/files/base64-source.ts';
import { inspectFile } from '../../shared/files/inspect.ts';
import type { CompiledPolicy } from '../../shared/policy/compile.ts';
import {
  compactReport,
  decodeAttachmentRecord,
  encodeAttachmentRecord,
  SESSION_KEYS,
  type AttachmentRecord,
  type CheckedAttachment,
} from '../../shared/mail/session-record.ts';
import type { AttachmentFacts } from '../../shared/mail/types.ts';
import {
  listAttachments,
  readAttachmentContent,
  sessionGet,
  sessionSet,
  type AttachmentInfo,
} from './office-access.ts';

function nowMs(): number {
  return Date.now();
}

async function check(info: AttachmentInfo, compiled: CompiledPolicy, deadline: number): Promise<CheckedAttachment> {
  const base = { name: info.name, size: info.size, kind: info.kind };
  // An attached Outlook item arrives as EML text, which this runtime cannot take apart.
  if (info.kind === 'item') return { ...base, unreadable: 'attached-message' };
  const left = deadline - nowMs();
  if (left <= 0) return { ...base, unreadable: 'not-checked-in-time' };
  let content;
  try {
    content = await readAttachmentContent(info.id);
  } catch {
    return { ...base, unreadable: 'read-failed' };
  }
  if (info.kind === 'cloud') {
    return content.format === 'url' && content.content
      ? { ...base, url: content.content }
      : { ...base, unreadable: 'no-link' };
  }
  if (content.format !== 'base64') return { ...base, unreadable: 'read-failed' };
  try {
    const report = await inspectFile(base64Source(content.content), info.name, {
      executableExtensions: compiled.policy.mail.executableExtensions,
      timeLimitMs: Math.max(100, deadline - nowMs()),
    });
    return { ...base, report: compactReport(report) };
  } catch {
    return { ...base, unreadable: 'read-failed' };
  }
}

function sameFile(a: CheckedAttachment, info: AttachmentInfo): boolean {
  return a.name === info.name && a.size === info.size && a.kind === info.kind;
}

export interface CheckedAttachments {
  facts: AttachmentFacts[];
  /** How many had to be read now (0 when everything was already in sessionData). */
  readNow: number;
}

/**
 * The current attachments with their reports: taken from sessionData where already checked,
 * read and inspected now otherwise (until `deadline`), and the record written back.
 */
export async function checkAttachments(
  compiled: CompiledPolicy,
  deadline: number,
  options: { save: boolean } = { save: true },
): Promise<CheckedAttachments> {
  const [list, stored] = await Promise.all([listAttachments(), sessionGet(SESSION_KEYS.attachments)]);
  const previous = decodeAttachmentRecord(stored);
  const record: AttachmentRecord = {};
  const facts: AttachmentFacts[] = [];
  let readNow = 0;
  for (const info of list) {
    let entry = previous[info.id];
    if (
      !entry ||
      !sameFile(entry, info) ||
      entry.unreadable === 'not-checked-in-time' ||
      entry.unreadable === 'read-failed'
    ) {
      entry = await check(info, compiled, deadline);
      readNow++;
    }
    record[info.id] = entry;
    const f: AttachmentFacts = { name: entry.name, kind: entry.kind, size: entry.size };
    if (entry.report) f.report = entry.report;
    if (entry.unreadable) f.unreadable = entry.unreadable;
    if (entry.url) f.url = entry.url;
    if (info.inline) f.inline = true;
    facts.push(f);
  }
  if (options.save && (readNow > 0 || Object.keys(previous).length !== list.length)) {
    await sessionSet(SESSION_KEYS.attachments, encodeAttachmentRecord(record)).catch(() => undefined);
  }
  return { facts, readNow };
}
