// Where the backstop keeps what the extension's pages show of it (popup, options, the notice page): the
// storage keys and the shapes both the service worker and those pages read. Plain data.
import type { Localized } from '../i18n/messages.ts';

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
