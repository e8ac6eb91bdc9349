// The block page: what was blocked, why (with the clause), and what to do next — Japanese first.
// It shows at once what its own address and the built-in default say (the service worker may take
// seconds to wake right after the browser starts), then what the worker says: whether this is a block
// the browser really made in this tab, under the policy in force. All text goes in as text.
import { ask } from '../background/ask';
import { compilePolicy, type CompiledPolicy } from '@/shared/policy/compile';
import { SSK_DEFAULT_POLICY } from '@/shared/policy/default';
import { exceptionRequestMailto, explainBlock, type BlockExplanation } from '@/shared/web/block-explanation';
import { parseBlockFragment } from '@/shared/web/dnr';
import { bilingual, fill, h } from '@/ui/dom';

/** How long the page waits for the worker before it says so (it still takes a late answer). */
const WORKER_WAIT_MS = 4_000;

type Standing = 'pending' | 'real' | 'not-real' | 'no-answer' | 'policy-pending';

const STANDING_TEXT: Record<Exclude<Standing, 'real'>, { ja: string; en: string }> = {
  pending: {
    ja: '内蔵の既定ポリシーで表示しています。適用中のポリシーを確認しています…',
    en: 'Shown under the built-in default policy; checking the policy in force…',
  },
  'no-answer': {
    ja: '拡張機能のサービスワーカーが応答しません。内蔵の既定ポリシーに基づいて表示しています（再読み込みで再確認できます）。',
    en: 'The extension’s service worker did not answer: this follows the built-in default policy (reload the page to check again).',
  },
  'policy-pending': {
    ja: '遮断を確認しました。適用中のポリシーの読み込みを待っています（内蔵の既定ポリシーで表示中）。',
    en: 'Block confirmed; waiting for the policy in force to load (shown under the built-in default).',
  },
  'not-real': {
    ja: 'これは ssk-guard による実際の遮断ではありません。別のページがこのページを任意のアドレスで開きました。記録はされていません（7.1.4）。',
    en: 'This is not a real block by ssk-guard: another page opened this page with an address of its own choosing. Nothing was recorded (7.1.4).',
  },
};

let builtin: CompiledPolicy | null = null;
const builtinPolicy = () => (builtin ??= compilePolicy(SSK_DEFAULT_POLICY, Date.now()));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

const app = document.getElementById('app')!;

function clauseBadge(clause: string) {
  return h('span', { class: 'clause' }, `ポリシー / policy ${clause}`);
}

function destination(e: BlockExplanation) {
  if (!e.host) return h('p', { class: 'url' }, e.urlText);
  const { unicode, ascii, isIdn, registrable } = e.host;
  // The ASCII form is the host's true identity (an IDN can look exactly like the real name), and the
  // registrable domain inside it is what identifies the owner: emphasise that part.
  const head = ascii.endsWith(registrable) ? ascii.slice(0, ascii.length - registrable.length) : '';
  return h(
    'div',
    { class: 'destination' },
    h('p', { class: 'host', 'data-testid': 'host' }, head, h('strong', {}, head ? registrable : ascii)),
    isIdn
      ? h(
          'p',
          { class: 'idn', 'data-testid': 'idn' },
          `表示上の名前 / shown as: `,
          h('span', { class: 'idn-name' }, unicode),
          ' — 国際化ドメイン名です。見た目が同じでも別のドメインです / an internationalised domain name: it may look like another name but is not',
        )
      : null,
    h('p', { class: 'url', 'data-testid': 'url' }, e.urlText),
  );
}

function resolver(url: string) {
  const out = h('div', { class: 'resolve-result', 'data-testid': 'resolve-result', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      'data-testid': 'resolve',
      onclick: async () => {
        button.disabled = true;
        out.replaceChildren(bilingual({ ja: '転送先を確認しています…', en: 'Finding out where it leads…' }, 'p'));
        const r = await ask({ type: 'resolve-short-link', url });
        if (!r.ok || !r.destination) {
          out.replaceChildren(
            bilingual(
              {
                ja: `転送先を確認できませんでした（${r.error ?? ''}）`,
                en: `Could not find the destination (${r.error ?? ''})`,
              },
              'p',
            ),
          );
          button.disabled = false;
          return;
        }
        const items: (Node | string)[] = [
          bilingual({ ja: '転送先:', en: 'Leads to:' }, 'p'),
          h('p', { class: 'url', 'data-testid': 'destination' }, r.destination),
        ];
        if (r.verdict === 'allow')
          items.push(
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                'data-testid': 'open-destination',
                onclick: () => location.replace(r.destination!),
              },
              '転送先を開く / Open the destination',
            ),
          );
        else
          items.push(
            h(
              'p',
              { class: 'danger', 'data-testid': 'destination-blocked' },
              ...(r.findings ?? []).flatMap((f) => [bilingual(f.message, 'span'), ' ']),
            ),
          );
        out.replaceChildren(...items);
      },
    },
    '行き先を確認 / Where does it lead?',
  );
  return h('section', { class: 'card' }, button, out);
}

function exceptionRequest(e: BlockExplanation) {
  const reason = h('textarea', { id: 'request-reason', rows: '2', placeholder: '業務上の理由 / the business reason' });
  const link = h(
    'a',
    { class: 'button', 'data-testid': 'request-exception', href: exceptionRequestMailto(e, '') },
    '例外・利用承認を申請 / Request an exception or approval',
  );
  reason.addEventListener('input', () => (link.href = exceptionRequestMailto(e, reason.value)));
  return h(
    'section',
    { class: 'card' },
    bilingual({ ja: '申請（2.2.2 例外措置）', en: 'Request (2.2.2 exceptions)' }, 'h2'),
    h('label', { for: 'request-reason' }, '理由 / reason'),
    reason,
    link,
    h('p', { class: 'small' }, `${e.contact.desk} — ${e.contact.exceptionRequests}`),
  );
}

function override(e: BlockExplanation, url: string) {
  const reason = h('textarea', { id: 'override-reason', rows: '2', 'data-testid': 'override-reason' });
  const message = h('p', { class: 'danger', role: 'alert' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-testid': 'proceed',
      onclick: async () => {
        button.disabled = true;
        const r = await ask({ type: 'request-override', rule: e.rule, url, reason: reason.value });
        if (r.ok) location.replace(url);
        else {
          message.replaceChildren(bilingual(r.error, 'span'));
          button.disabled = false;
        }
      },
    },
    `理由を記録して続行（${e.override.minutes}分間） / Record a reason and proceed (${e.override.minutes} min)`,
  );
  return h(
    'section',
    { class: 'card override' },
    bilingual({ ja: '業務上どうしても必要な場合', en: 'If you really need it for work' }, 'h2'),
    h(
      'label',
      { for: 'override-reason' },
      e.override.reasonRequired ? '理由（必須） / reason (required)' : '理由 / reason',
    ),
    reason,
    button,
    message,
    bilingual({ ja: 'この操作は記録されます（7.1.4）。', en: 'This is recorded (7.1.4).' }, 'p'),
  );
}

/** A weak look-alike (lookalike.ts): the user is asked, and may say it is a different site, once. */
function realSiteQuestion(e: BlockExplanation, url: string) {
  const status = h('p', { role: 'status', 'data-testid': 'different-site-status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'primary',
      'data-testid': 'different-site',
      onclick: async () => {
        const r = await ask({ type: 'different-site', url });
        if (r.ok) location.replace(url);
        else fill(status, bilingual(r.error, 'span'));
      },
    },
    '別の組織のサイトです（今後は確認しない）/ It is a different organisation’s site (do not ask again)',
  );
  return h(
    'section',
    { class: 'card', 'data-testid': 'real-site-question' },
    bilingual({ ja: '本物ですか？', en: 'Is this the real site?' }, 'h2'),
    bilingual(
      {
        ja: `${e.imitates ?? ''} に似ていますが、別の組織の本物のサイトかもしれません。確かでなければ戻ってください。`,
        en: `It resembles ${e.imitates ?? ''}, but it may be another organisation’s genuine site. If you are not sure, go back.`,
      },
      'p',
    ),
    button,
    status,
  );
}

function standingNote(standing: Standing) {
  if (standing === 'real') return null;
  return h(
    'p',
    {
      class: standing === 'not-real' ? 'standing danger' : 'standing',
      'data-testid': 'block-standing',
      'data-standing': standing,
      role: 'status',
    },
    bilingual(STANDING_TEXT[standing], 'span'),
  );
}

function render(e: BlockExplanation, url: string, standing: Standing) {
  // Actions only for a block the browser made here: a page that opened this one cannot offer them.
  const real = standing === 'real';
  const asked = e.rule === 'lookalike-domain' && e.findings.length > 0 && e.findings.every((f) => f.action === 'warn');
  document.title = `ssk-guard: ${e.title.ja} / ${e.title.en}`;
  fill(
    app,
    h(
      'header',
      { class: 'banner' },
      h('p', { class: 'brand' }, 'ssk-guard'),
      h(
        'h1',
        { 'data-testid': 'title' },
        h('span', { lang: 'ja' }, e.title.ja),
        h('span', { class: 'en', lang: 'en' }, e.title.en),
      ),
      clauseBadge(e.clause),
      standingNote(standing),
    ),
    h(
      'section',
      { class: 'card' },
      bilingual({ ja: 'アクセスしようとした先', en: 'You tried to open' }, 'h2'),
      destination(e),
    ),
    h(
      'section',
      { class: 'card', 'data-testid': 'reason' },
      bilingual({ ja: '理由', en: 'Why' }, 'h2'),
      h('p', { lang: 'ja' }, e.message.ja),
      h('p', { class: 'en', lang: 'en' }, e.message.en),
      e.service
        ? h(
            'dl',
            { class: 'service', 'data-testid': 'service' },
            h('dt', {}, 'サービス / service'),
            h('dd', {}, e.service.name),
            h('dt', {}, '提供者 / operator'),
            h('dd', {}, e.service.operator),
            h('dt', {}, '種類 / category'),
            h('dd', {}, `${e.service.category.ja} / ${e.service.category.en}`),
            e.service.expired ? h('dt', {}, '承認期限 / approval ended') : null,
            e.service.expired ? h('dd', {}, e.service.expired) : null,
          )
        : null,
    ),
    e.nextSteps.length
      ? h(
          'section',
          { class: 'card' },
          bilingual({ ja: '次にすること', en: 'What to do next' }, 'h2'),
          h('ul', {}, ...e.nextSteps.map((s) => bilingual(s, 'li'))),
        )
      : null,
    real && asked ? realSiteQuestion(e, url) : null,
    real && e.canResolve ? resolver(url) : null,
    standing === 'not-real' ? null : exceptionRequest(e),
    real && e.override.allowed ? override(e, url) : null,
    h(
      'footer',
      {},
      h(
        'button',
        { type: 'button', onclick: () => (history.length > 1 ? history.back() : window.close()) },
        '戻る / Go back',
      ),
      ` ${e.contact.desk} (${e.contact.email})`,
    ),
  );
}

// The fragment is `rule:URL` exactly as the redirect wrote it (a canonical URL needs no decoding).
async function main() {
  const parsed = parseBlockFragment(location.hash);
  if (!parsed) {
    app.replaceChildren(
      bilingual(
        {
          ja: 'このページは ssk-guard が遮断したときに表示されます。',
          en: 'ssk-guard shows this page when it blocks something.',
        },
        'p',
      ),
    );
    return;
  }
  // Inside a frame this page only informs: no actions a framing page could trick the user into.
  if (window.top !== window) {
    app.replaceChildren(
      bilingual({ ja: 'ssk-guard がこの内容を遮断しました。', en: 'ssk-guard blocked this content.' }, 'p'),
    );
    return;
  }
  const shown = location.hash;
  const current = () => location.hash === shown; // a newer block replaced this one meanwhile
  // At once: the page's own address under the built-in default.
  render(explainBlock(builtinPolicy(), parsed.rule, parsed.url), parsed.url, 'pending');
  const answer = ask({ type: 'block-status', rule: parsed.rule, url: parsed.url });
  const status = await withTimeout(answer, WORKER_WAIT_MS).catch(() => 'timeout' as const);
  if (!current()) return;
  if (status === 'timeout') {
    render(explainBlock(builtinPolicy(), parsed.rule, parsed.url), parsed.url, 'no-answer');
    void answer.then((s) => (current() ? refine(parsed.rule, s) : undefined)).catch(() => undefined);
    return;
  }
  await refine(parsed.rule, status);
}

/** The worker's word: real or not, and the explanation under the policy in force (which may load later). */
async function refine(rule: string, status: { real: boolean; url: string }) {
  const shown = location.hash;
  const url = status.real ? status.url : (parseBlockFragment(shown)?.url ?? '');
  const standing: Standing = status.real ? 'real' : 'not-real';
  const explained = ask({ type: 'explain-block', rule, url });
  const first = await withTimeout(explained, WORKER_WAIT_MS).catch(() => 'timeout' as const);
  if (location.hash !== shown) return;
  if (first !== 'timeout') return render(first, url, standing);
  render(explainBlock(builtinPolicy(), rule, url), url, status.real ? 'policy-pending' : 'not-real');
  void explained.then((e) => (location.hash === shown ? render(e, url, standing) : undefined)).catch(() => undefined);
}

void main();
// A new block while this page is open may only change the fragment: show the new one.
window.addEventListener('hashchange', () => void main());
