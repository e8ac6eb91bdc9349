// Reply or forward, as the subject says when the client cannot (getComposeTypeAsync needs Mailbox
// 1.10): the prefixes mail clients write, in English, German and Japanese, full-width too (NFKC).
import type { ComposeType } from './types.ts';

// `Re:`, `RE[2]:`, `Fw:`, `FWD:`, `AW:` / `WG:` (German clients), `返信:`, `転送:`, with `:` or `：`.
const PREFIX = /^\s*(re|aw|antw|sv|fwd?|wg|tr|返信|転送)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/iu;
const FORWARD = new Set(['fw', 'fwd', 'wg', 'tr', '転送']);

/** The compose type the subject's first prefix says: `ＲＥ：`, `転送：`, `Fw: Re:` (a forward). */
export function composeTypeFromSubject(subject: string): ComposeType {
  const s = subject.normalize('NFKC');
  const m = PREFIX.exec(s);
  if (!m) return 'new';
  return FORWARD.has(m[1]!.toLowerCase()) ? 'forward' : 'reply';
}

/** The client's word when it gave one; else the subject's. */
export function effectiveComposeType(client: ComposeType | undefined, subject: string): ComposeType {
  if (client === 'reply' || client === 'forward') return client;
  // A client "new" with a forward prefix typed by hand still forwards someone's mail: take the stricter.
  return composeTypeFromSubject(subject);
}
