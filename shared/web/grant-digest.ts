// What the form guard asks the backstop to let through once, when the user confirmed a submission (issue 11):
// the text whose digest the backstop will take of the body it reads from webRequest (bodyDigest over
// ReadBody.digestFields), derived here from what the guard read in the page. Where the page's view and the
// network's cannot be made to agree, no digest: the grant then names the destination only, and passes the
// first body sent there. Pure.
import { digestText, type DigestField } from './backstop-grant.ts';
import type { BodyFacts } from './form-body.ts';
import type { FieldFact } from './form-sensitivity.ts';
import { rawBodyFields, SCAN_CAP_BYTES } from './request-body.ts';

/** What a backstop-grant message carries beside the destination. */
export interface GrantBody {
  /**
   * The text whose SHA-256 is the grant's digest (digestText): the guard hashes it (content/digest.ts) and sends
   * only the hash. It holds the field values: it never leaves the frame.
   */
  text?: string;
  /** Read from a Blob, a File or a stream: the browser may give webRequest none of its bytes. */
  unreadable?: boolean;
  /** Why there is no digest (for the log and the tests), when there is none. */
  why?: GrantFallback;
}

export type GrantFallback =
  | 'get'
  | 'charset'
  | 'form-extras'
  | 'too-large'
  | 'opaque'
  | 'too-many-fields'
  /** No WebCrypto in this frame (a page not served over https): nothing to hash with. */
  | 'no-webcrypto';

/** The fields' parser (form-body.ts) stops at this many: a longer body reads differently on each side. */
const MAX_FIELDS = 2_000;

const size = (fields: readonly DigestField[]) => {
  let n = 0;
  for (const f of fields) n += f.name.length + (f.fileName ?? f.value).length;
  return n;
};
const nonAscii = (fields: readonly DigestField[]) =>
  fields.some((f) => /[^\x00-\x7f]/.test(f.name) || /[^\x00-\x7f]/.test(f.fileName ?? f.value));

function digested(fields: readonly DigestField[], extra: Omit<GrantBody, 'text'> = {}): GrantBody {
  if (fields.length >= MAX_FIELDS) return { why: 'too-many-fields' };
  if (size(fields) > SCAN_CAP_BYTES) return { why: 'too-large' };
  return { text: digestText(fields), ...extra };
}

/** How the browser will encode a form (content/collect.ts's formEncoding, with the form's method). */
export interface FormEncodingFacts {
  method: string;
  /** The form's enctype, as the form (or its submitter's formenctype) gives it. */
  enctype: string;
  /** The charset the browser encodes the form in (the document's, unless accept-charset names another). */
  charset: string;
  /**
   * The form has entries the browser adds or rewrites as it builds the request, which the guard's reading does
   * not hold: an image button's coordinates, a `dirname` field, a `_charset_` field.
   */
  extras: boolean;
}

/**
 * A form submission as Chromium presents it: urlencoded and multipart as parsed form data (a file by its name;
 * a multipart body it could not parse as raw bytes, which read back to the same entries), text/plain as one
 * line-per-field text.
 */
export function formGrantBody(fields: readonly FieldFact[], form: FormEncodingFacts): GrantBody {
  if (form.method !== 'post') return { why: 'get' }; // a GET's data is in its URL, which a grant does not cover
  if (form.extras) return { why: 'form-extras' };
  // Another charset's bytes read back differently in the worker (it decodes UTF-8); ASCII is the same in all.
  if (!/^utf-?8$/i.test(form.charset) && nonAscii(fields)) return { why: 'charset' };
  if (form.enctype.toLowerCase() === 'text/plain') {
    let text = '';
    for (const f of fields) text += `${f.name}=${f.fileName ?? f.value}\r\n`;
    return digested(rawBodyFields(text));
  }
  return digested(fields);
}

/** A script post's body as the main-world hook read it (content/hook-protocol.ts's HookBody). */
export interface ScriptBody extends BodyFacts {
  opaque?: boolean;
  truncated?: boolean;
  /** Read from a Blob or a Request's stream. */
  blob?: boolean;
}

/**
 * A script post (fetch, XHR, sendBeacon) as the browser presents it: FormData and URLSearchParams as parsed
 * form data or multipart bytes (the same entries either way), text and buffers as raw bytes read the way the
 * backstop reads them. A File or Blob body the browser gives none of: the grant also passes a body it cannot read.
 */
export function scriptGrantBody(body: ScriptBody | undefined | null): GrantBody {
  if (!body) return digested([]);
  if (body.opaque) return { why: 'opaque' };
  if (body.truncated) return { why: 'too-large' };
  const entries = body.entries ?? [];
  if (entries.length === 1 && entries[0]!.name === '' && entries[0]!.fileName !== undefined && body.text === undefined)
    return digested(entries, { unreadable: true }); // a File as the whole body
  if (body.text === undefined) return digested(entries);
  const type = (body.contentType ?? '').toLowerCase();
  const fields = type.startsWith('application/x-www-form-urlencoded')
    ? [...new URLSearchParams(body.text)].map(([name, value]) => ({ name, value }))
    : rawBodyFields(body.text);
  return digested(fields, body.blob ? { unreadable: true } : {});
}
