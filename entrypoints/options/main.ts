// The options page (read-only for users): the policy in force and the local audit log, exportable as JSON.
import { ask } from '../background/ask';
import { bilingual, h } from '@/ui/dom';

async function main() {
  const [status, log] = await Promise.all([ask({ type: 'get-policy-status' }), ask({ type: 'get-audit' })]);
  const exportButton = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      'data-testid': 'export-audit',
      onclick: () => {
        const blob = new Blob([JSON.stringify(log, null, 2)], { type: 'application/json' });
        const a = h('a', {
          href: URL.createObjectURL(blob),
          download: `ssk-guard-audit-${new Date().toISOString().slice(0, 10)}.json`,
        });
        a.click();
        URL.revokeObjectURL(a.href);
      },
    },
    '監査ログを JSON で保存 / Export the audit log as JSON',
  );
  const rows = log.events
    .slice(-200)
    .reverse()
    .map((e) =>
      h(
        'tr',
        {},
        h('td', {}, new Date(e.time).toLocaleString('ja-JP')),
        h('td', {}, e.kind),
        h('td', {}, e.rule ?? ''),
        h('td', {}, e.clause ?? ''),
        h('td', { class: 'target' }, e.target ?? ''),
        h('td', {}, e.reason ?? ''),
      ),
    );
  document
    .getElementById('app')!
    .replaceChildren(
      h('h1', {}, 'ssk-guard'),
      h(
        'section',
        { class: 'card' },
        bilingual({ ja: '適用中のポリシー', en: 'Policy in force' }, 'h2'),
        h('p', { 'data-testid': 'policy-version' }, `${status.version} — ${status.organization}`),
        h(
          'p',
          { class: 'small' },
          `${status.applied.join(' < ')} · ${new Date(status.loadedAt).toLocaleString('ja-JP')}`,
        ),
        ...status.rejected.map((r) =>
          h(
            'p',
            { class: 'danger small' },
            `${r.layer}: ${r.errors.map((e) => `${e.path}: ${e.ja} / ${e.en}`).join('; ')}`,
          ),
        ),
      ),
      h(
        'section',
        { class: 'card' },
        bilingual({ ja: '監査ログ（この端末）', en: 'Audit log (this device)' }, 'h2'),
        h(
          'p',
          { class: 'small' },
          `${log.events.length} 件 / events${log.dropped ? `（古い ${log.dropped} 件は削除 / ${log.dropped} oldest dropped）` : ''}`,
        ),
        exportButton,
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['日時 / time', '種類 / kind', 'ルール / rule', '条項 / clause', '対象 / target', '理由 / reason'].map(
                (t) => h('th', {}, t),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
    );
}

void main();
