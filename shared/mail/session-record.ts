// What the Outlook add-in keeps in the item's sessionData between events, as small JSON strings:
// the attachment reports (the costly part, so OnMessageSend answers at once), the domains the user
// confirmed in the task pane, and the last verdict. Outlook allows 50,000 characters per add-in in all.
import type { FileReport } from '../files/types.ts';
import type { RuleId } from '../policy/rules.ts';
import { isRuleId } from '../policy/rules.ts';
import type { AttachmentFacts, AttachmentReport, ComposeType, OriginalFacts, UnreadableReason } from './types.ts';

export const SESSION_KEYS = {
  attachments: 'sskGuard.attachments',
  confirmed: 'sskGuard.confirmed',
  verdict: 'sskGuard.verdict',
  /** Who was on the message when composing started, and its compose type (new-external-domain). */
  original: 'sskGuard.original',
  /** Warnings acknowledged in the task pane (rule ids). */
  acknowledged: 'sskGuard.acknowledged',
} as const;

/** Room left for the attachment record; the rest of the 50,000 is for the other keys. */
export const ATTACHMENT_RECORD_LIMIT = 36_000;

/** One attachment as checked, keyed by the client's attachment id. */
export interface CheckedAttachment {
  name: string;
  size: number;
  kind: AttachmentFacts['kind'];
  report?: AttachmentReport;
  unreadable?: UnreadableReason;
  url?: string;
}

export type AttachmentRecord = Record<string, CheckedAttachment>;

export function compactReport(r: FileReport): AttachmentReport {
  const out: AttachmentReport = {
    format: r.format,
    encrypted: r.encrypted,
    executable: r.executable,
    confidentialMarker: r.confidentialMarker,
  };
  if (r.encryption) out.encryption = r.encryption;
  return out;
}

/** JSON for sessionData; entries that do not fit are left out (they are checked again at send). */
export function encodeAttachmentRecord(record: AttachmentRecord, limit = ATTACHMENT_RECORD_LIMIT): string {
  const kept: AttachmentRecord = {};
  let size = 2;
  for (const [id, a] of Object.entries(record)) {
    const piece = JSON.stringify(id).length + JSON.stringify(a).length + 2;
    if (size + piece > limit) continue;
    kept[id] = a;
    size += piece;
  }
  return JSON.stringify(kept);
}

const KINDS = new Set(['file', 'item', 'cloud']);
const REASONS = new Set(['read-failed', 'not-checked-in-time', 'attached-message', 'no-link']);

function isReport(v: unknown): v is AttachmentReport {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.format === 'string' &&
    (r.encrypted === true || r.encrypted === false || r.encrypted === null) &&
    (typeof r.executable === 'boolean' || r.executable === null) &&
    typeof r.confidentialMarker === 'boolean' &&
    (r.encryption === undefined || r.encryption === null || typeof r.encryption === 'string')
  );
}

/** Reads the record back; anything malformed is dropped (and so checked again), never trusted. */
export function decodeAttachmentRecord(text: string | null | undefined): AttachmentRecord {
  const out: AttachmentRecord = {};
  if (!text) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return out;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  for (const [id, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    const a = v as Record<string, unknown>;
    if (typeof a.name !== 'string' || typeof a.size !== 'number' || !KINDS.has(a.kind as string)) continue;
    const entry: CheckedAttachment = { name: a.name, size: a.size, kind: a.kind as CheckedAttachment['kind'] };
    if (isReport(a.report)) entry.report = a.report;
    if (typeof a.unreadable === 'string' && REASONS.has(a.unreadable))
      entry.unreadable = a.unreadable as UnreadableReason;
    if (typeof a.url === 'string') entry.url = a.url;
    if (!entry.report && !entry.unreadable && entry.kind === 'file') continue;
    out[id] = entry;
  }
  return out;
}

export function encodeConfirmed(domains: Iterable<string>): string {
  return JSON.stringify([...new Set(domains)]);
}

export function decodeConfirmed(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

export interface VerdictSummary {
  verdict: 'allow' | 'warn' | 'block';
  rules: RuleId[];
  at: number;
}

/** The compose-start snapshot keeps domains only, up to this many characters (sessionData has 50,000 in all). */
export const SNAPSHOT_LIMIT = 6_000;

export interface ComposeSnapshot {
  composeType?: ComposeType;
  original: OriginalFacts;
}

/** Domains only (all new-external-domain compares), each once, cut at the limit. */
export function encodeSnapshot(s: ComposeSnapshot, limit = SNAPSHOT_LIMIT): string {
  const domains: string[] = [];
  let size = 40;
  const seen = new Set<string>();
  const all = [...(s.original.domains ?? [])];
  for (const a of s.original.addresses) {
    const at = a.lastIndexOf('@');
    if (at > 0) all.push(a.slice(at + 1).replace(/>\s*$/, ''));
  }
  for (const d of all) {
    const key = d.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    if (size + key.length + 3 > limit) break;
    seen.add(key);
    domains.push(key);
    size += key.length + 3;
  }
  return JSON.stringify({ ...(s.composeType ? { composeType: s.composeType } : {}), domains });
}

/** Null when absent or malformed (then a reply is judged without an original: nothing counts as gained). */
export function decodeSnapshot(text: string | null | undefined): ComposeSnapshot | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { composeType?: unknown; domains?: unknown };
    if (!v || !Array.isArray(v.domains)) return null;
    const domains = v.domains.filter((a): a is string => typeof a === 'string');
    const t = v.composeType;
    const composeType = t === 'new' || t === 'reply' || t === 'forward' ? t : undefined;
    const original = { addresses: [], domains };
    return composeType ? { composeType, original } : { original };
  } catch {
    return null;
  }
}

export function encodeAcknowledged(rules: Iterable<RuleId>): string {
  return JSON.stringify([...new Set(rules)]);
}

export function decodeAcknowledged(text: string | null | undefined): RuleId[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter(isRuleId) : [];
  } catch {
    return [];
  }
}
