// The form guard's protocol: what the content scripts ask the service worker and what the worker
// publishes for them. Plain data, so both adapters (content/ and entrypoints/background/) depend on
// the core and never on each other.
import type { SensitivityKind } from './form-sensitivity.ts';
import type { SubmissionVerdict } from './form-verdict.ts';
import type { SeenKind } from './seen-values.ts';

export type SubmissionPath = 'submit' | 'form.submit' | 'fetch' | 'xhr' | 'beacon' | 'upload' | 'drop';
export type FormEventKind = 'warn' | 'confirm' | 'cancel' | 'block';

export const SUBMISSION_PATHS: readonly SubmissionPath[] = [
  'submit',
  'form.submit',
  'fetch',
  'xhr',
  'beacon',
  'upload',
  'drop',
];
export const FORM_EVENT_KINDS: readonly FormEventKind[] = ['warn', 'confirm', 'cancel', 'block'];

/** What the form guard may ask. Values never travel: kinds of fields, and file names only to name them. */
export type FormRequest =
  | {
      type: 'form-judge';
      action: string;
      method: string;
      kinds: SensitivityKind[];
      /** Judge as if the submission were sensitive: asked once per destination, ahead of the submit. */
      assumeSensitive?: boolean;
      markedFiles?: string[];
    }
  | { type: 'form-upload'; files: string[] }
  | {
      type: 'form-event';
      event: FormEventKind;
      path: SubmissionPath;
      action: string;
      method: string;
      kinds: SensitivityKind[];
      files: number;
    };

/**
 * What the guard tells the backstop (issue 11; entrypoints/background/backstop.ts). `backstop-seen`: a field's
 * latest typed value (hashed on arrival, never kept; an empty value clears the field), fire and forget.
 * `backstop-grant`: let this one request through once — the destination, and the bodyDigest of its body as
 * webRequest will show it (shared/web/grant-digest.ts); without a digest, the first body to that destination.
 * The worker answers a grant with BackstopGrantAnswer once it is in force, and the guard lets the request go
 * only then. (A form-event "confirm" is a report for the log, and grants nothing.)
 */
export type BackstopMessage =
  { type: 'backstop-seen'; field: string; value: string; kind: SeenKind } | BackstopGrantRequest;

export interface BackstopGrantRequest {
  type: 'backstop-grant';
  action: string;
  method: string;
  digest?: string;
  /** Also a body the browser gives none of (a Blob, a File): what was confirmed was read from one. */
  unreadable?: boolean;
}

export type BackstopGrantAnswer = { ok: true } | { error: string };

/** The grant request as the worker takes it from a content script: its fields checked, else null. */
export function parseGrantRequest(
  m: Record<string, unknown>,
): { action: string; method: string; digest?: string; unreadable?: true } | null {
  if (m.type !== 'backstop-grant' || typeof m.action !== 'string' || m.action.length > 8_192) return null;
  if (typeof m.method !== 'string' || !/^[a-z]{1,16}$/i.test(m.method)) return null;
  if (m.digest !== undefined && (typeof m.digest !== 'string' || !/^[0-9a-f]{64}$/.test(m.digest))) return null;
  return {
    action: m.action,
    method: m.method.toLowerCase(),
    ...(m.digest !== undefined ? { digest: m.digest } : {}),
    ...(m.unreadable === true && m.digest !== undefined ? { unreadable: true as const } : {}),
  };
}

export interface JudgeAnswer extends SubmissionVerdict {
  allPostsSensitive: boolean;
}

/** Extension storage key of the settings the worker publishes for each frame's guard at document_start. */
export const FORM_SETTINGS_KEY = 'formSettings';

/** What the guard needs before it can let a submission go untouched (or ahead of the worker's verdict). */
export interface FormSettings {
  allPostsSensitive: boolean;
  /** The organisation's domains under the policy in force (shared/web/form-fast-path.ts). */
  organizationDomains: string[];
}
