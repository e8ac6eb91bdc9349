// The one policy setting the guard needs before it can let a POST go untouched: whether every POST is
// sensitive. The service worker publishes it in extension storage; each frame reads it at
// document_start (no message to the worker, which may be asleep), so nothing non-sensitive waits.
import { browser } from 'wxt/browser';
import { FORM_SETTINGS_KEY, type FormSettings } from '@/shared/web/form-messages';

export { FORM_SETTINGS_KEY, type FormSettings };

export async function readFormSettings(): Promise<FormSettings | null> {
  try {
    const v = (await browser.storage.local.get(FORM_SETTINGS_KEY))[FORM_SETTINGS_KEY] as
      Partial<FormSettings> | undefined;
    return typeof v?.allPostsSensitive === 'boolean' ? { allPostsSensitive: v.allPostsSensitive } : null;
  } catch {
    return null;
  }
}
