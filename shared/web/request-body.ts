// A request as the network layer hands it over (webRequest: form data already parsed, or raw bytes),
// read back into what the backstop judges: field facts for the pure classification, and the texts in
// which typed values are looked for — each value also as it reads once percent-, base64- or JSON-decoded,
// and all values joined (a value split across fields). Bounded: only the first SCAN_CAP_BYTES of a body
// are read; the rest counts as unscanned, which the verdict treats as sensitive. Pure.
import { fieldsFromBody } from './form-body.ts';
import { isPasswordName, type FieldFact } from './form-sensitivity.ts';

/** The shape of webRequest's `requestBody` (Chrome and Firefox), with bytes as a view or a buffer. */
export interface RequestBodyFacts {
  /** Chrome gives each value as a string, or as bytes where it is not text. */
  formData?: Record<string, readonly (string | ArrayBuffer | Uint8Array)[]>;
  raw?: readonly { bytes?: ArrayBuffer | Uint8Array; file?: string }[];
  /** The browser could not give the body (Chrome: "Unknown error", a blob it did not read …). */
  error?: string;
}

export interface ReadBody {
  /** The body's own fields, as a form or a parser sees them, and the files the browser only named. */
  fields: FieldFact[];
  /**
   * What a grant's digest covers (bodyDigest): the fields as sent, the parsed form or the parsed bytes (the
   * files the browser only named are in those already, unless they are the whole body); null when the browser
   * gave none of the body (a Blob).
   */
  digestFields: FieldFact[] | null;
  /** Fields read from decoded values (base64, percent-encoding, JSON inside a value), for classification. */
  derived: FieldFact[];
  /** Texts to search for typed values: the body as sent, and every decoded reading of its values. */
  texts: string[];
  /** Part of the body was not read: past the cap, or a file the browser only named. */
  unscanned: boolean;
  /** The browser gave no body at all (Chromium, for a Blob: "Unknown error."). */
  unreadable?: boolean;
  /** The raw body as text (first SCAN_CAP_BYTES), when the browser gave bytes. */
  raw?: string;
}

/** Bytes of a body read; the rest of a larger body is not read and makes the request "unscanned". */
export const SCAN_CAP_BYTES = 2 * 1024 * 1024;
/** Decoded readings looked at per request (base64 runs, percent-decoded values, nested JSON). */
const MAX_DECODED = 2_000;
const MIN_BASE64 = 8;
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;
const PERCENT = /%[0-9A-Fa-f]{2}/;

const utf8 = new TextDecoder('utf-8', { fatal: false });

function bytesOf(b: ArrayBuffer | Uint8Array): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(b);
}

/** The first `cap` bytes of the raw elements, joined; whether more was there; the names of files. */
function joinRaw(raw: NonNullable<RequestBodyFacts['raw']>, cap: number) {
  let size = 0;
  const parts: Uint8Array[] = [];
  const files: string[] = [];
  let over = false;
  for (const element of raw) {
    if (element.file !== undefined) files.push(element.file);
    if (!element.bytes) continue;
    const b = bytesOf(element.bytes);
    const room = cap - size;
    if (b.length > room) over = true;
    const take = b.length > room ? b.subarray(0, Math.max(0, room)) : b;
    if (take.length) parts.push(take);
    size += take.length;
  }
  const joined = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return { joined, over, files };
}

/** Multipart bodies carry their boundary on the first line; webRequest does not give the headers. */
function sniffContentType(text: string): string | undefined {
  if (!text.startsWith('--')) return undefined;
  const end = text.indexOf('\r\n');
  const boundary = end > 2 && end < 200 ? text.slice(2, end) : '';
  return /^[\x21-\x7e]+$/.test(boundary) ? `multipart/form-data; boundary="${boundary}"` : undefined;
}

function decodeBase64(run: string): string | null {
  let s = run.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (s.length % 4 === 1) return null;
  s += '='.repeat((4 - (s.length % 4)) % 4);
  try {
    const bin = atob(s);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function decodePercent(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    // A stray % in the value: decode the well-formed sequences one by one.
    return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
  }
}

/** Every decoded reading of one value (two levels deep: base64 of a percent-encoded value, JSON in base64). */
function readings(
  value: string,
  out: string[],
  fields: FieldFact[],
  state: { left: number },
  depth = 0,
  parsed = false,
): void {
  if (depth > 2 || state.left <= 0) return;
  const more: string[] = [];
  if (PERCENT.test(value)) {
    const d = decodePercent(value);
    if (d !== null && d !== value) more.push(d);
  }
  if (value.length >= MIN_BASE64) {
    BASE64_RUN.lastIndex = 0;
    for (let m = BASE64_RUN.exec(value); m && state.left > 0; m = BASE64_RUN.exec(value)) {
      state.left--;
      const d = decodeBase64(m[0]);
      if (d !== null && d.length >= 4) more.push(d);
    }
  }
  const trimmed = value.trimStart();
  if (!parsed && (trimmed.startsWith('{') || trimmed.startsWith('[') || (depth > 0 && value.includes('=')))) {
    for (const f of fieldsFromBody({ text: value })) if (f.name) fields.push(f);
  }
  for (const d of more) {
    if (state.left-- <= 0) return;
    out.push(d);
    fields.push({ name: '', value: d });
    readings(d, out, fields, state, depth + 1);
  }
}

/** The body is larger than the cap: whatever it holds, part of it would go unread. */
export function bodyOverCap(body: RequestBodyFacts | undefined, cap = SCAN_CAP_BYTES): boolean {
  let size = 0;
  for (const e of body?.raw ?? []) size += e.bytes?.byteLength ?? 0;
  for (const [name, values] of Object.entries(body?.formData ?? {}))
    for (const v of values) size += name.length + (typeof v === 'string' ? v.length : v.byteLength);
  return size > cap;
}

/**
 * A file name as a browser writes it into multipart/form-data: characters are sent as numeric character
 * references (Chromium writes 【要機密】 as `&#12304;&#35201;…`), and `"`, CR, LF as %22, %0D, %0A.
 */
export function multipartFileName(name: string): string {
  return name
    .replace(/&#(\d{1,7});|&#x([0-9a-f]{1,6});/gi, (m, dec: string | undefined, hex: string | undefined) => {
      const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    })
    .replace(/%22/g, '"')
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n');
}

/**
 * The fields of a body the browser gave as bytes, read as the backstop reads them: multipart by the boundary on
 * its first line, with file names as a browser escapes them, else as form-body.ts reads a script's body.
 */
export function rawBodyFields(text: string): FieldFact[] {
  return fieldsFromBody({ text, contentType: sniffContentType(text) }).map((f) =>
    f.fileName !== undefined ? { ...f, fileName: multipartFileName(f.fileName) } : f,
  );
}

/** Field facts and search texts of a request body; `undefined` body (a GET, a WebSocket) gives none. */
export function readRequestBody(body: RequestBodyFacts | undefined, cap = SCAN_CAP_BYTES): ReadBody {
  const fields: FieldFact[] = [];
  const texts: string[] = [];
  let unscanned = false;
  if (!body) return { fields, digestFields: fields, derived: [], texts, unscanned };
  const unreadable = !!body.error;
  if (body.formData) {
    let size = 0;
    for (const [name, values] of Object.entries(body.formData))
      for (const item of values) {
        const value = typeof item === 'string' ? item : utf8.decode(bytesOf(item));
        size += name.length + value.length;
        if (size > cap) unscanned = true;
        else fields.push({ name, value });
      }
  }
  let rawText: string | undefined;
  let digestFields: FieldFact[] | null = unreadable ? null : fields;
  if (body.raw?.length) {
    const { joined, over, files } = joinRaw(body.raw, cap);
    if (over) unscanned = true;
    // The browser names a file it will read from disk but gives none of its bytes.
    for (const f of files) fields.push({ name: '', value: '', fileName: f.split(/[\\/]/).pop() ?? f });
    if (files.length) unscanned = true;
    if (joined.length) {
      const text = utf8.decode(joined);
      rawText = text;
      texts.push(text);
      const parsed = rawBodyFields(text);
      fields.push(...parsed);
      if (!unreadable) digestFields = parsed; // a file inside multipart is one of its parts
    }
  }
  const state = { left: MAX_DECODED };
  const values = fields.filter((f) => f.value && f.fileName === undefined).map((f) => f.value);
  const derived: FieldFact[] = [];
  if (rawText !== undefined) readings(rawText, texts, derived, state, 0, true); // already parsed above
  for (const v of values) {
    if (v === rawText) continue;
    texts.push(v);
    readings(v, texts, derived, state);
  }
  // Data may travel as a field's name (`{"<value>": 1}`).
  for (const f of fields)
    if (f.name.length >= 6) {
      texts.push(f.name);
      readings(f.name, texts, derived, state);
    }
  // A value cut in two and sent as two fields reads whole again when the values are joined in order.
  if (values.length > 1) texts.push(values.join(''));
  return {
    fields,
    digestFields,
    derived,
    texts,
    unscanned,
    ...(unreadable ? { unreadable } : {}),
    ...(rawText !== undefined ? { raw: rawText } : {}),
  };
}

export interface ReadUrl {
  /** The path and query as sent and decoded, and each query value with its decoded readings. */
  texts: string[];
  /** A query parameter named like a password carries a value. */
  passwordParam: boolean;
}

/** What a URL carries beyond its origin (a GET form, an image beacon, a WebSocket or EventSource URL). */
export function readRequestUrl(url: URL): ReadUrl {
  const texts: string[] = [];
  let passwordParam = false;
  const rest = url.pathname + url.search;
  if (rest.length <= 1) return { texts, passwordParam };
  texts.push(rest);
  const state = { left: MAX_DECODED };
  const ignored: FieldFact[] = [];
  readings(rest, texts, ignored, state);
  for (const [name, value] of url.searchParams) {
    if (!value) continue;
    if (isPasswordName(name)) passwordParam = true;
    texts.push(value);
    readings(value, texts, ignored, state);
  }
  return { texts, passwordParam };
}
