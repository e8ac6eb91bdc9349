// Where the backstop keeps what the extension's pages show of it (popup, options, the notice page): the
// storage keys and the shapes both the service worker and those pages read. Plain data.
import type { Localized } from '../i18n/messages.ts';
import type { SeenKind } from './seen-values.ts';

/** storage.local: whether blocking webRequest was granted at the worker's last start. */
export const BACKSTOP_STATUS_KEY = 'backstopStatus';
/** storage.session: the notices of stopped requests, by id (the notice page's fragment). */
export const NOTICES_KEY = 'backstopNotices';

export interface BackstopStatus {
  enforcing: boolean;
  /** Why not, as the browser said it. */
  error?: string;
  checkedAt: string;
}

export interface StoredNotice {
  title: Localized;
  lines: Localized[];
  clause: string;
  host: string;
  time: number;
}

/**
 * What the content scripts tell the backstop: a field's latest typed value (hashed on arrival, never
 * kept; an empty value clears the field), and a grant for what the user confirmed (destination and the
 * bodyDigest of its fields; without a digest, the first body to that destination). The worker also takes
 * the form guard's own `form-event` "confirm" as a grant without a digest.
 */
export type BackstopMessage =
  | { type: 'backstop-seen'; field: string; value: string; kind: SeenKind }
  | { type: 'backstop-grant'; action: string; method: string; digest?: string };
