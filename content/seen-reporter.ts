// Tells the backstop (issue 11) what the user types that must not leave unnoticed: the latest value of
// each password field, and of any field holding a My Number or card number. The service worker keeps
// only salted hashes of them (shared/web/seen-values.ts), to find them in what the page sends by any
// route. Only trusted input events count: a page cannot make the user seem to have typed something.
import type { BackstopMessage } from '@/shared/web/form-messages';
import { isPasswordName } from '@/shared/web/form-sensitivity';
import { seenKindOf } from '@/shared/web/seen-values';

const CREDENTIAL = /(?:^|\s)(?:current-password|new-password|one-time-code)(?:\s|$)/i;
const MAX_VALUE = 1_000;

function isPasswordField(el: HTMLInputElement | HTMLTextAreaElement): boolean {
  if (el instanceof HTMLInputElement && el.type === 'password') return true;
  if (CREDENTIAL.test(el.autocomplete || el.getAttribute('autocomplete') || '')) return true;
  return isPasswordName(el.name || el.id || '');
}

export function startSeenReporter(send: (message: BackstopMessage) => void): void {
  const ids = new WeakMap<Element, string>();
  let next = 0;
  const onInput = (e: Event) => {
    if (!e.isTrusted) return;
    const el = e.composedPath()[0] ?? e.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
    const value = el.value;
    if (value.length > MAX_VALUE) return;
    const kind = seenKindOf(value, isPasswordField(el));
    let field = ids.get(el);
    if (!kind && field === undefined) return;
    if (field === undefined) ids.set(el, (field = String(next++)));
    // A field that no longer holds such a value clears what was kept for it (an empty value is short).
    send({ type: 'backstop-seen', field, value: kind ? value : '', kind: kind ?? 'password' });
  };
  window.addEventListener('input', onInput, true);
  window.addEventListener('change', onInput, true);
}
