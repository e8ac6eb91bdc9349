// Is a submission sensitive (issue 4, 8.1.1(5)(f))? Pure: the content script, the service worker and
// the CLI classify the same plain field facts. Only kinds leave this module, never the values.
import { hasConfidentialMarker } from '../markers/confidential.ts';

export const SENSITIVITY_KINDS = [
  'password',
  'file',
  'confidential-marker',
  'my-number',
  'payment-card',
  'credential-autocomplete',
  'payment-autocomplete',
  'unscanned',
  'all-posts',
] as const;
export type SensitivityKind = (typeof SENSITIVITY_KINDS)[number];

/** One entry of what a submission carries. A chosen file is one entry with `fileName`. */
export interface FieldFact {
  name: string;
  value: string;
  /** The input's type when a form control is known (`password`, `file`, `hidden` …); absent for script bodies. */
  type?: string;
  /** The control's `autocomplete` attribute, as written. */
  autocomplete?: string;
  fileName?: string;
}

export interface ClassifyOptions {
  method?: string;
  /** Part of the body could not be read (cut at the hook's limit, or of a kind it cannot read). */
  unscanned?: boolean;
  allPostsSensitive?: boolean;
  /** Values of the page's password and credential fields: a script body that carries one sends a password. */
  secrets?: readonly string[];
}

// A submission is judged in the page's main thread, so only this much is scanned; anything longer
// counts as `unscanned` (sensitive): padding must not hide a password past the end of the scan.
const MAX_SCAN = 1_000_000;
const MIN_SECRET = 4;

/** My Number (個人番号) check digit: weights 2…7, 2…6 from the right of the first 11 digits, mod 11. */
export function isValidMyNumber(digits: string): boolean {
  if (!/^[0-9]{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = digits.charCodeAt(11 - n) - 48;
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  const r = sum % 11;
  return digits.charCodeAt(11) - 48 === (r <= 1 ? 0 : 11 - r);
}

export function luhnValid(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Issuer prefixes of the card brands used in Japan: a bare Luhn check alone passes one random number in ten.
const CARD_PREFIX =
  /^(4|5[1-5]|2(2[2-9]|[3-6][0-9]|7[01]|720)|3[47]|35(2[89]|[3-8][0-9])|30[0-5]|3[689]|6011|64[4-9]|65|62)/;

export function isPaymentCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && luhnValid(digits);
}

// Numbers as people type them: plain digit runs, and runs grouped by single spaces, hyphens or dashes
// (after NFKC). Both readings are tried, so `2024-01-15 123456789018` and `1234 5678 9018` are found,
// while the first 12 digits of a 16-digit card number are never read as a My Number.
const PLAIN_RUN = /[0-9]+/g;
const GROUPED_RUN = /[0-9](?:[ \-\u2010-\u2015\u2212]?[0-9])*/g;
const NOT_DIGIT = /[^0-9]/g;

function anyNumber(text: string, valid: (digits: string) => boolean): boolean {
  if (!/[0-9０-９]{4}/.test(text)) return false;
  const nfkc = text.normalize('NFKC');
  for (const run of [PLAIN_RUN, GROUPED_RUN]) {
    run.lastIndex = 0;
    for (let m = run.exec(nfkc); m; m = run.exec(nfkc))
      if (m[0].length >= 12 && valid(m[0].replace(NOT_DIGIT, ''))) return true;
  }
  return false;
}

export function containsMyNumber(text: string): boolean {
  return anyNumber(text, isValidMyNumber);
}

export function containsPaymentCard(text: string): boolean {
  return anyNumber(text, isPaymentCardNumber);
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pswd']);

/** A field name that says "password" (`password`, `user_pwd`, `newPassword`, `パスワード`). */
export function isPasswordName(name: string): boolean {
  if (name.includes('パスワード') || name.includes('暗証番号')) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => PASSWORD_WORDS.has(w));
}

const CREDENTIAL_TOKENS = new Set(['current-password', 'new-password', 'one-time-code']);

/** The field-name token of an autocomplete attribute (`section-a billing cc-number` → `cc-number`). */
function autocompleteField(value: string | undefined): string {
  if (!value) return '';
  const tokens = value.trim().toLowerCase().split(/\s+/);
  const last = tokens[tokens.length - 1] ?? '';
  return last === 'webauthn' ? (tokens[tokens.length - 2] ?? '') : last;
}

function carriesSecret(value: string, secrets: readonly string[]): boolean {
  for (const s of secrets) {
    if (s.length < MIN_SECRET) continue;
    if (value.includes(s)) return true;
    const encoded = encodeURIComponent(s);
    if (encoded !== s && (value.includes(encoded) || value.includes(encoded.replace(/%20/g, '+')))) return true;
  }
  return false;
}

/** The kinds of sensitive data a submission carries, in a fixed order; empty means "not sensitive". */
export function classifySubmission(fields: readonly FieldFact[], options: ClassifyOptions = {}): SensitivityKind[] {
  const found = new Set<SensitivityKind>();
  const secrets = options.secrets ?? [];
  let budget = MAX_SCAN * 2;
  for (const f of fields) {
    if (f.fileName !== undefined) {
      if (f.fileName) {
        found.add('file');
        if (hasConfidentialMarker(f.fileName)) found.add('confidential-marker');
      }
      continue;
    }
    if (f.type === 'file') continue; // a file input with nothing chosen
    if (!f.value) continue;
    if (f.value.length > MAX_SCAN || budget < f.value.length) {
      found.add('unscanned');
      continue;
    }
    const value = f.value;
    budget -= value.length;
    const type = f.type?.toLowerCase();
    if (type === 'password' || isPasswordName(f.name) || carriesSecret(value, secrets)) found.add('password');
    const ac = autocompleteField(f.autocomplete);
    if (CREDENTIAL_TOKENS.has(ac)) found.add('credential-autocomplete');
    else if (ac.startsWith('cc-')) found.add('payment-autocomplete');
    if (hasConfidentialMarker(value)) found.add('confidential-marker');
    if (containsMyNumber(value)) found.add('my-number');
    if (containsPaymentCard(value)) found.add('payment-card');
  }
  if (options.unscanned) found.add('unscanned');
  if (options.allPostsSensitive && (options.method ?? '').toLowerCase() === 'post') found.add('all-posts');
  return SENSITIVITY_KINDS.filter((k) => found.has(k));
}

/** The chosen files whose names carry a 要機密 marker (DESIGN §3). */
export function markedFileNames(fields: readonly FieldFact[]): string[] {
  const names: string[] = [];
  for (const f of fields) if (f.fileName && hasConfidentialMarker(f.fileName)) names.push(f.fileName);
  return names;
}

export function isSensitivityKind(value: unknown): value is SensitivityKind {
  return typeof value === 'string' && (SENSITIVITY_KINDS as readonly string[]).includes(value);
}
