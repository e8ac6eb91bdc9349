// The notice a frame shows in place of a form post the backstop stopped (issue 11). It shows only what
// the service worker stored under the id in its fragment: a page cannot make it say anything else.
import { browser } from 'wxt/browser';
import { BACKSTOP_UI } from '@/shared/i18n/backstop-messages';
import { bilingual, fill, h } from '@/ui/dom';
import { NOTICES_KEY, type StoredNotice } from '@/shared/web/backstop-state';

/** How long the page waits for its notice (the worker stores it just after the redirect). */
const WAIT_MS = 5_000;

function show(app: HTMLElement, n: StoredNotice) {
  fill(
    app,
    h(
      'section',
      { class: 'card', 'data-testid': 'backstop-notice', 'data-clause': n.clause },
      bilingual(n.title, 'h1'),
      h('p', { class: 'host', 'data-testid': 'host' }, n.host),
      ...n.lines.map((l) => bilingual(l, 'p')),
      h('p', { class: 'clause' }, `ポリシー / policy ${n.clause}`),
    ),
  );
}

async function main() {
  const app = document.getElementById('app')!;
  const id = location.hash.slice(1);
  const find = async () =>
    (((await browser.storage.session.get(NOTICES_KEY))[NOTICES_KEY] ?? {}) as Record<string, StoredNotice>)[id];
  // The general title at once; the notice itself as soon as the worker has stored it.
  fill(app, bilingual(BACKSTOP_UI.noticeTitle, 'h1'));
  let shown = false;
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const n = (changes[NOTICES_KEY]?.newValue as Record<string, StoredNotice> | undefined)?.[id];
    if (area === 'session' && n && !shown) {
      shown = true;
      show(app, n);
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  setTimeout(() => browser.storage.onChanged.removeListener(onChanged), WAIT_MS);
  const n = await find();
  if (n && !shown) {
    shown = true;
    show(app, n);
  }
}

void main();
