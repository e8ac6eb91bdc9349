// Turns schema issues into located, bilingual errors: `cloud.approved[3].validUntil: not a date (2027-13-01)`.
import type { z } from 'zod';

export interface PolicyError {
  /** Where in the document, e.g. `cloud.approved[3].validUntil` (`(document)` for the top). */
  path: string;
  en: string;
  ja: string;
}

const JA: Record<string, string> = {
  'not a domain name': 'ドメイン名ではありません',
  'not a date': '日付（YYYY-MM-DD）ではありません',
  'not a mail address': 'メールアドレスではありません',
  'not an https URL': 'https の URL ではありません',
  'not an id (a-z, 0-9, -)': 'ID（a-z, 0-9, -）ではありません',
  'not a file extension': '拡張子ではありません',
  'not a base64 public key': 'base64 の公開鍵ではありません',
};

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += (out ? '.' : '') + String(key);
  }
  return out || '(document)';
}

function valueAt(doc: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = doc;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A value shown inside an error: JSON, cut short, so hostile input stays text and stays short. */
function shown(v: unknown): string {
  if (v === undefined) return '';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return ` (${s.length > 60 ? s.slice(0, 57) + '…' : s})`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function issuesToErrors(issues: ReadonlyArray<z.core.$ZodIssue>, doc: unknown): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const issue of issues) {
    const value = valueAt(doc, issue.path);
    const at = formatPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          errors.push({ path: formatPath([...issue.path, key]), en: 'unknown setting', ja: '未知の設定項目です' });
        }
        break;
      case 'invalid_type':
        if (value === undefined) errors.push({ path: at, en: 'missing', ja: '必須の項目がありません' });
        else
          errors.push({
            path: at,
            en: `expected ${issue.expected}, got ${typeName(value)}${shown(value)}`,
            ja: `${issue.expected} であるべきところ ${typeName(value)} です${shown(value)}`,
          });
        break;
      case 'invalid_value':
        errors.push({
          path: at,
          en: `not one of ${issue.values.map(String).join(' | ')}${shown(value)}`,
          ja: `${issue.values.map(String).join(' | ')} のいずれかではありません${shown(value)}`,
        });
        break;
      case 'too_small':
        errors.push(
          issue.origin === 'array'
            ? { path: at, en: `needs at least ${issue.minimum} item(s)`, ja: `${issue.minimum} 件以上必要です` }
            : {
                path: at,
                en: `too small, at least ${issue.minimum}${shown(value)}`,
                ja: `${issue.minimum} 以上が必要です${shown(value)}`,
              },
        );
        break;
      case 'too_big':
        errors.push({
          path: at,
          en: `too big, at most ${issue.maximum}${shown(value)}`,
          ja: `${issue.maximum} 以下が必要です${shown(value)}`,
        });
        break;
      case 'custom': {
        // A check that wrote its own message in both languages (the value is already in it).
        const bilingual = (issue.params as { bilingual?: { en: string; ja: string } } | undefined)?.bilingual;
        if (bilingual) {
          errors.push({ path: at, en: bilingual.en, ja: bilingual.ja });
          break;
        }
        errors.push({
          path: at,
          en: `${issue.message}${shown(value)}`,
          ja: `${JA[issue.message] ?? issue.message}${shown(value)}`,
        });
        break;
      }
      default: {
        const en = issue.message;
        errors.push({ path: at, en: `${en}${shown(value)}`, ja: `${JA[en] ?? en}${shown(value)}` });
      }
    }
  }
  return errors;
}

export function errorLine(e: PolicyError): string {
  return `${e.path}: ${e.en} ／ ${e.ja}`;
}
