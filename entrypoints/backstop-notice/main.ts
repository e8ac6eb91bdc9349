// The notice a frame shows in place of a form post the backstop stopped (issue 11). It shows only what
// the service worker stored under the id in its fragment: a page cannot make it say anything else.
import { browser } from 'wxt/browser';
import { BACKSTOP_UI } from '@/shared/i18n/backstop-messages';
import { bilingual, fill, h } from '@/ui/dom';
import { NOTICES_KEY, type StoredNotice } from '@/shared/web/backstop-state';

async function main() {
  const app = document.getElementById('app')!;
  const id = location.hash.slice(1);
  const notices = ((await browser.storage.session.get(NOTICES_KEY))[NOTICES_KEY] ?? {}) as Record<string, StoredNotice>;
  const n = notices[id];
  if (!n) {
    fill(app, bilingual(BACKSTOP_UI.noticeTitle, 'h1'));
    return;
  }
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

void main();
