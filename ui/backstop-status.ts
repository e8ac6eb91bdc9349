// The backstop's state for the popup and the options page (issue 11): where blocking webRequest is not
// granted (an unpacked developer build), they say so plainly — 「最終防衛線が無効です」.
import { browser } from 'wxt/browser';
import { BACKSTOP_STATUS_KEY, type BackstopStatus } from '@/shared/web/backstop-state';
import { BACKSTOP_UI } from '@/shared/i18n/backstop-messages';
import { bilingual, h } from './dom';

/** The warning when the backstop is off; null when it is on (or its state is not known yet). */
export async function backstopWarning(): Promise<HTMLElement | null> {
  const status = (await browser.storage.local.get(BACKSTOP_STATUS_KEY))[BACKSTOP_STATUS_KEY] as
    BackstopStatus | undefined;
  if (!status || status.enforcing) return null;
  return h(
    'section',
    { class: 'status danger', role: 'alert', 'data-testid': 'backstop-off' },
    bilingual(BACKSTOP_UI.unavailableTitle, 'h2'),
    bilingual(BACKSTOP_UI.unavailable, 'p'),
  );
}
