// A script post's body (fetch, XMLHttpRequest, sendBeacon) read back into field facts, so that it is
// classified like a form: url-encoded, JSON, multipart, or plain text. Pure; bounded in size and depth.
import type { FieldFact } from './form-sensitivity.ts';

const MAX_FIELDS = 2_000;
const MAX_DEPTH = 20;

/** What the main-world hook could read of a body: its entries (FormData, URLSearchParams) or its text. */
export interface BodyFacts {
  contentType?: string;
  entries?: { name: string; value: string; fileName?: string }[];
  text?: string;
}

function fromUrlEncoded(text: string, out: FieldFact[]) {
  for (const [name, value] of new URLSearchParams(text)) {
    if (out.length >= MAX_FIELDS) return;
    out.push({ name, value });
  }
}

function fromJson(value: unknown, name: string, out: FieldFact[], depth: number) {
  if (out.length >= MAX_FIELDS || depth > MAX_DEPTH) return;
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) for (const v of value) fromJson(v, name, out, depth + 1);
  else if (typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) fromJson(v, k, out, depth + 1);
  else out.push({ name, value: String(value) });
}

const BOUNDARY = /boundary=(?:"([^"]+)"|([^;\s]+))/i;
const DISPOSITION = /content-disposition:[^\r\n]*?\bname="([^"]*)"(?:[^\r\n]*?\bfilename="([^"]*)")?/i;

function fromMultipart(text: string, contentType: string, out: FieldFact[]): boolean {
  const m = BOUNDARY.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return false;
  for (const part of text.split(`--${boundary}`)) {
    if (out.length >= MAX_FIELDS) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const d = DISPOSITION.exec(part.slice(0, split));
    if (!d) continue;
    if (d[2] !== undefined) out.push({ name: d[1]!, value: '', fileName: d[2] });
    else out.push({ name: d[1]!, value: part.slice(split + 4).replace(/\r\n$/, '') });
  }
  return true;
}

const LOOKS_URL_ENCODED = /^[^=&\s{}[\]"]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;

/** Field facts of a body; text that is not structured is kept whole as one unnamed field. */
export function fieldsFromBody(body: BodyFacts): FieldFact[] {
  const out: FieldFact[] = [];
  for (const e of body.entries ?? []) {
    if (out.length >= MAX_FIELDS) break;
    out.push(
      e.fileName !== undefined ? { name: e.name, value: '', fileName: e.fileName } : { name: e.name, value: e.value },
    );
  }
  const text = body.text;
  if (!text) return out;
  const type = (body.contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data') && fromMultipart(text, body.contentType!, out)) return out;
  if (type.startsWith('application/x-www-form-urlencoded') || LOOKS_URL_ENCODED.test(text)) {
    fromUrlEncoded(text, out);
    return out;
  }
  const trimmed = text.trimStart();
  if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      fromJson(JSON.parse(text), '', out, 0);
      return out;
    } catch {
      // not JSON after all: judged as text
    }
  }
  out.push({ name: '', value: text });
  return out;
}
