// The form guard's protocol: what the content scripts ask the service worker and what the worker
// publishes for them. Plain data, so both adapters (content/ and entrypoints/background/) depend on
// the core and never on each other.
import type { SensitivityKind } from './form-sensitivity.ts';
import type { SubmissionVerdict } from './form-verdict.ts';

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
