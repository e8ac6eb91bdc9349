// The block page: what was blocked, why (with the clause), and what to do next — Japanese first.
// It only renders what the service worker's explanation says; all text goes in as text.
import { ask } from '../background/ask';
import { exceptionRequestMailto, type BlockExplanation } from '@/shared/web/block-explanation';
import { parseBlockFragment } from '@/shared/web/dnr';
import { bilingual, fill, h } from '@/ui/dom';

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

function render(e: BlockExplanation, url: string) {
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
    e.canResolve ? resolver(url) : null,
    exceptionRequest(e),
    e.override.allowed ? override(e, url) : null,
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
  const e = await ask({ type: 'explain-block', rule: parsed.rule, url: parsed.url });
  render(e, parsed.url);
  void ask({ type: 'block-shown', rule: parsed.rule, url: parsed.url });
}

void main();
// A new block while this page is open may only change the fragment: show the new one.
window.addEventListener('hashchange', () => void main());
