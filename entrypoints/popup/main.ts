// The toolbar popup: what the current tab is under the policy, which policy is in force, today's blocks.
import { ask } from '../background/ask';
import type { TabStatus } from '../background/protocol';
import { backstopWarning } from '@/ui/backstop-status';
import { bilingual, fill, h } from '@/ui/dom';
import { LAYER_LABELS } from '@/ui/labels';

const KIND: Record<string, { ja: string; en: string; tone: string }> = {
  organization: { ja: '組織のサイト', en: 'The organisation’s site', tone: 'ok' },
  'known-organization': { ja: '既知の組織のサイト', en: 'A known organisation’s site', tone: 'ok' },
  'approved-service': { ja: '承認済みのクラウドサービス', en: 'An approved cloud service', tone: 'ok' },
  'cloud-service': { ja: '未承認のクラウドサービス', en: 'A cloud service not approved', tone: 'danger' },
  other: { ja: 'その他のサイト', en: 'Another site', tone: 'neutral' },
};

function render(s: TabStatus, backstopOff: HTMLElement | null) {
  const kind = s.kind ? KIND[s.kind] : undefined;
  const app = document.getElementById('app')!;
  fill(
    app,
    h('h1', {}, 'ssk-guard'),
    backstopOff,
    s.host && kind
      ? h(
          'section',
          { class: `status ${kind.tone}`, 'data-testid': 'tab-status' },
          h('p', { class: 'host' }, s.host),
          bilingual(kind, 'p'),
          s.organization ? h('p', { class: 'small' }, s.organization) : null,
          s.service
            ? h(
                'p',
                { class: 'small' },
                `${s.service.name} — ${s.service.operator}`,
                s.service.validUntil ? ` (承認期限 / approved until ${s.service.validUntil})` : '',
              )
            : null,
        )
      : bilingual({ ja: 'このタブは Web ページではありません。', en: 'This tab is not a web page.' }, 'p'),
    h(
      'dl',
      {},
      h('dt', {}, 'ポリシー / policy'),
      h('dd', { 'data-testid': 'policy-version' }, s.policy.version),
      h('dt', {}, '配布元 / source'),
      h('dd', {}, s.policy.applied.map((l) => LAYER_LABELS[l] ?? l).join(' < ')),
      h('dt', {}, '今日の遮断 / blocked today'),
      h('dd', { 'data-testid': 'blocked-today' }, String(s.blockedToday)),
    ),
    s.policy.rejected.length
      ? h(
          'p',
          { class: 'danger small' },
          '配布されたポリシーに誤りがあり、前の設定で保護しています / a pushed policy was invalid; the previous one stays in force',
        )
      : null,
    h('a', { href: '/options.html', target: '_blank' }, '詳細・監査ログ / details and audit log'),
  );
}

const tabParam = Number(new URLSearchParams(location.search).get('tab'));
void Promise.all([ask({ type: 'get-tab-status', ...(tabParam ? { tabId: tabParam } : {}) }), backstopWarning()]).then(
  ([status, off]) => render(status, off),
);
