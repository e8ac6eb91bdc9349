// The options page (read-only for users): the policy in force and where each setting came from, the
// remote document's last fetch, a box to test a URL, and the local audit log, exportable as JSON.
import { ask } from '../background/ask';
import type { AdminView } from '../background/protocol';
import type { AuditLog } from '@/shared/audit/event';
import { backstopWarning } from '@/ui/backstop-status';
import { bilingual, fill, h } from '@/ui/dom';
import { LAYER_LABELS } from '@/ui/labels';

function policySection(v: AdminView) {
  const { status, remote } = v;
  const sources = Object.entries(status.sources).sort(([a], [b]) => a.localeCompare(b));
  return h(
    'section',
    { class: 'card' },
    bilingual({ ja: '適用中のポリシー', en: 'Policy in force' }, 'h2'),
    h('p', { 'data-testid': 'policy-version' }, `${status.version} — ${status.organization}`),
    h(
      'p',
      { class: 'small', 'data-testid': 'policy-layers' },
      `${status.applied.map((l) => LAYER_LABELS[l] ?? l).join(' < ')} · ${new Date(status.loadedAt).toLocaleString('ja-JP')}`,
    ),
    ...status.rejected.map((r) =>
      h(
        'p',
        { class: 'danger small' },
        `${LAYER_LABELS[r.layer] ?? r.layer}: ${r.errors.map((e) => `${e.path}: ${e.ja} / ${e.en}`).join('; ')}`,
      ),
    ),
    remote
      ? h(
          'p',
          { class: remote.ok ? 'small' : 'danger small', 'data-testid': 'remote-status' },
          `配布サーバー / remote: ${remote.url} — 最終取得 / last fetch ${new Date(remote.lastAttempt).toLocaleString('ja-JP')}: ${remote.result}`,
          remote.lastSuccess
            ? ` (最終成功 / last success ${new Date(remote.lastSuccess).toLocaleString('ja-JP')})`
            : '',
        )
      : null,
    v.policy.audit.endpoint
      ? h(
          'p',
          { class: 'small' },
          `監査ログ送信先 / audit collector: ${v.policy.audit.endpoint} — 未送信 / queued: ${v.queued}`,
        )
      : null,
    h(
      'details',
      {},
      h('summary', {}, '設定ごとの配布元 / where each setting comes from'),
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          ...sources.map(([path, layer]) =>
            h('tr', {}, h('td', { class: 'path' }, path), h('td', {}, LAYER_LABELS[layer] ?? layer)),
          ),
        ),
      ),
    ),
  );
}

/** The public lists imported into the policy (4.2.3; CC BY-SA lists keep their attribution here). */
function listsSection(v: AdminView) {
  const lists = v.policy.lists;
  return h(
    'section',
    { class: 'card', 'data-testid': 'imported-lists' },
    bilingual({ ja: '取り込んだ一覧', en: 'Imported lists' }, 'h2'),
    lists.length
      ? h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[
                '一覧 / list',
                '種類 / category',
                '件数 / domains',
                '日付 / date',
                'ライセンス / licence',
                '出典 / source',
              ].map((t) => h('th', {}, t)),
            ),
          ),
          h(
            'tbody',
            {},
            ...lists.map((l) =>
              h(
                'tr',
                { 'data-testid': 'imported-list' },
                ...[l.name, l.category, String(l.domains), l.date, l.licence, l.source ?? ''].map((t) =>
                  h('td', {}, t),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'small' }, 'なし（組み込みの一覧のみ）/ none (built-in lists only)'),
  );
}

function urlTester() {
  const input = h('input', { type: 'url', id: 'test-url', placeholder: 'https://…', 'data-testid': 'test-url' });
  const out = h('div', { 'data-testid': 'test-result', role: 'status' });
  const check = async (e: Event) => {
    e.preventDefault();
    const r = await ask({ type: 'check-url', url: input.value.trim() });
    if (!r.ok) return fill(out, h('p', { class: 'danger' }, r.error));
    const label = { allow: '許可 / allowed', warn: '警告 / warning', block: '遮断 / blocked' }[r.verdict];
    fill(
      out,
      h('p', { class: r.verdict === 'allow' ? 'ok' : 'danger' }, label),
      ...r.findings.map((f) => bilingual(f.message, 'p')),
    );
  };
  return h(
    'section',
    { class: 'card' },
    bilingual({ ja: 'URL を確認', en: 'Test a URL' }, 'h2'),
    h(
      'form',
      { onsubmit: check },
      h('label', { for: 'test-url' }, 'URL'),
      input,
      h('button', { type: 'submit' }, '確認 / Check'),
    ),
    out,
  );
}

function auditSection(log: AuditLog) {
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
        ...[
          new Date(e.time).toLocaleString('ja-JP'),
          e.kind,
          e.rule ?? '',
          e.clause ?? '',
          e.target ?? '',
          e.reason ?? '',
        ].map((t) => h('td', {}, t)),
      ),
    );
  return h(
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
  );
}

async function main() {
  const [view, log, backstopOff] = await Promise.all([
    ask({ type: 'get-admin-view' }),
    ask({ type: 'get-audit' }),
    backstopWarning(),
  ]);
  fill(
    document.getElementById('app')!,
    h('h1', {}, 'ssk-guard'),
    backstopOff,
    policySection(view),
    listsSection(view),
    urlTester(),
    auditSection(log),
  );
}

void main();
