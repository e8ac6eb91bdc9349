// The form guard's dialog (issue 4 item 4), inline on the page: a modal <dialog> in a closed shadow
// root, so page scripts and styles cannot reach into it, shown in the top layer above the page.
// Japanese first with English. Only a trusted event (a real click or key press) can confirm; the
// default, focused button is "do not send". Every string from the page goes in as text.
import { FORM_UI, SENSITIVITY_LABELS } from '@/shared/i18n/form-messages';
import type { Localized } from '@/shared/i18n/messages';
import type { Finding } from '@/shared/web/finding';
import type { FormDestination } from '@/shared/web/form-destination';
import type { SensitivityKind } from '@/shared/web/form-sensitivity';
import { bilingual, h } from '@/ui/dom';
import { DIALOG_CSS } from './dialog-style';
import { HOST_STYLE, dialogTampered } from './dialog-integrity';

export type DialogMode = 'confirm' | 'block' | 'upload' | 'notice';

export interface DialogContent {
  mode: DialogMode;
  destination: FormDestination | null;
  findings: readonly Finding[];
  kinds: readonly SensitivityKind[];
  /** For a notice without findings (the data changed, the check failed). */
  note?: Localized;
  /** The organisation's own name, for the destination line of its own sites. */
  organization?: Localized;
  /** The notice that a tampered dialog was cancelled: if it is tampered with too, it just closes. */
  afterTamper?: boolean;
}

/** Clicks this soon after the dialog opens are ignored: a click meant for the page must not confirm. */
const ARM_MS = 600;

function hostLine(d: FormDestination) {
  // The registrable domain is what names the owner: it is emphasised within the ASCII host.
  const head =
    d.host !== d.registrable && d.host.endsWith('.' + d.registrable) ? d.host.slice(0, -d.registrable.length) : '';
  return h('p', { class: 'host', 'data-testid': 'host' }, head, h('strong', {}, head ? d.registrable : d.host));
}

function ownerLine(d: FormDestination, org?: Localized) {
  if (d.relation === 'organization' || d.relation === 'known-organization') {
    const name = d.organization ?? { name: org?.ja ?? '', nameEn: org?.en };
    return h(
      'p',
      { class: 'owner ok', 'data-testid': 'owner' },
      bilingual({
        ja: `✓ ${name.name}`,
        en: name.nameEn ?? (d.relation === 'organization' ? FORM_UI.organization.en : ''),
      }),
    );
  }
  if (d.relation === 'approved-service' && d.service)
    return h(
      'p',
      { class: 'owner ok', 'data-testid': 'owner' },
      bilingual({ ja: `✓ ${d.service.name}（${d.service.operator}）`, en: d.service.operator }),
    );
  return h(
    'p',
    { class: 'owner ng', 'data-testid': 'owner' },
    bilingual({ ja: `✗ ${FORM_UI.notInDirectory.ja}`, en: FORM_UI.notInDirectory.en }),
  );
}

function destinationSection(d: FormDestination, mode: DialogMode, org?: Localized) {
  return h(
    'section',
    { class: 'dest' },
    h(
      'p',
      { class: 'label' },
      `${mode === 'upload' ? FORM_UI.uploadSite.ja : FORM_UI.destination.ja} / ${mode === 'upload' ? FORM_UI.uploadSite.en : FORM_UI.destination.en}`,
    ),
    hostLine(d),
    d.isIdn
      ? h(
          'p',
          { class: 'idn', 'data-testid': 'idn' },
          h('span', { class: 'idn-name' }, d.unicode),
          ` — ${FORM_UI.idn.ja} / ${FORM_UI.idn.en}`,
        )
      : null,
    ownerLine(d, org),
    d.governmentOnly
      ? h('p', { class: 'gov', 'data-testid': 'government' }, bilingual(FORM_UI.governmentOnly(d.governmentOnly)))
      : null,
    mode === 'upload'
      ? null
      : h(
          'p',
          { class: `transport ${d.encrypted ? 'ok' : 'ng'}`, 'data-testid': 'transport' },
          bilingual(
            d.encrypted
              ? { ja: `✓ ${FORM_UI.encrypted.ja}`, en: FORM_UI.encrypted.en }
              : { ja: `⚠ ${FORM_UI.notEncrypted.ja}`, en: FORM_UI.notEncrypted.en },
          ),
        ),
  );
}

function kindsSection(kinds: readonly SensitivityKind[]) {
  if (!kinds.length) return null;
  const labels = kinds.map((k) => SENSITIVITY_LABELS[k]);
  return h(
    'section',
    { class: 'carries', 'data-testid': 'carries' },
    h('p', { class: 'label' }, `${FORM_UI.carries.ja} / ${FORM_UI.carries.en}`),
    bilingual({ ja: labels.map((l) => l.ja).join('、'), en: labels.map((l) => l.en).join(', ') }, 'p'),
  );
}

function findingsSection(findings: readonly Finding[], note?: Localized) {
  return h(
    'section',
    { class: 'findings' },
    note ? bilingual(note, 'p') : null,
    ...findings.map((f) =>
      h(
        'div',
        { class: `finding ${f.action}`, 'data-testid': 'finding', 'data-rule': f.rule },
        bilingual(f.message, 'p'),
        h(
          'span',
          { class: 'clause', 'data-testid': 'clause' },
          `${FORM_UI.policy.ja} / ${FORM_UI.policy.en} ${f.clause}`,
        ),
      ),
    ),
  );
}

function titleOf(mode: DialogMode): Localized {
  if (mode === 'confirm') return FORM_UI.confirmTitle;
  if (mode === 'upload') return FORM_UI.uploadTitle;
  return FORM_UI.blockTitle;
}

function button(label: Localized, testid: string, primary: boolean) {
  return h(
    'button',
    { type: 'button', class: primary ? 'default' : 'second', 'data-testid': testid },
    h('span', { class: 'ja', lang: 'ja' }, label.ja),
    h('span', { class: 'en', lang: 'en' }, label.en),
  );
}

function styleInto(root: ShadowRoot, doc: Document) {
  try {
    // A constructed sheet belongs to the document whose window built it.
    const Sheet = (doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet ?? CSSStyleSheet;
    const sheet = new Sheet();
    sheet.replaceSync(DIALOG_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(h('style', {}, DIALOG_CSS));
  }
}

/** Anything of the page's own in the top layer (a modal, a popover, fullscreen) could sit over ours. */
function pageOverlayOpen(doc: Document): boolean {
  try {
    return doc.querySelector(':modal, :popover-open, :fullscreen') !== null;
  } catch {
    return false;
  }
}

/** The topmost document of this origin: a dialog for a small same-origin frame (about:blank too) covers the page. */
function hostDocument(): Document {
  let w: Window = window;
  try {
    while (w.parent !== w && w.parent.origin === w.origin && w.origin !== 'null' && w.parent.document) w = w.parent;
  } catch {
    // a cross-origin parent: the dialog stays in this frame
  }
  return w.document;
}

let open: Promise<unknown> = Promise.resolve();

/** Says that the send was cancelled because the page changed the dialog (logged to the console for support). */
function showTamperNotice(why: string): Promise<boolean> {
  console.warn(`ssk-guard: the page changed the confirmation dialog (${why}); nothing was sent`);
  return showDialog({
    mode: 'notice',
    destination: null,
    findings: [],
    kinds: [],
    note: FORM_UI.tampered,
    afterTamper: true,
  });
}

/**
 * Shows the dialog; resolves true only when the user confirms with a trusted event. A notice (block,
 * upload) resolves false when closed. One dialog at a time per frame: later ones wait their turn.
 */
export function showDialog(content: DialogContent): Promise<boolean> {
  const shown = open.then(() => display(content));
  open = shown.catch(() => undefined);
  return shown;
}

function display(c: DialogContent): Promise<boolean> {
  const doc = hostDocument();
  const root = doc.documentElement;
  if (!root) return Promise.resolve(false);
  const host = doc.createElement('div');
  // Inline !important outranks the page's stylesheets, and `:host { all: initial !important }` inside
  // (DIALOG_CSS) outranks even the page's inline !important; what neither can undo is checked (dialog-integrity.ts).
  host.setAttribute('style', HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed' });
  styleInto(shadow, doc);
  const confirming = c.mode === 'confirm';
  const cancel = button(confirming ? FORM_UI.dontSend : FORM_UI.close, confirming ? 'dont-send' : 'close', true);
  const send = confirming ? button(FORM_UI.send, 'send', false) : null;
  const dialog = h(
    'dialog',
    { class: `ssk ${c.mode}`, 'aria-labelledby': 'ssk-title', 'data-testid': 'form-dialog', 'data-mode': c.mode },
    h(
      'header',
      {},
      h('p', { class: 'brand' }, `${FORM_UI.brand.ja} / ${FORM_UI.brand.en}`),
      h('h2', { id: 'ssk-title' }, bilingual(titleOf(c.mode))),
    ),
    c.destination ? destinationSection(c.destination, c.mode, c.organization) : null,
    kindsSection(c.kinds),
    findingsSection(c.findings, c.note),
    h('footer', {}, send, cancel),
  );
  shadow.append(dialog);
  root.append(host);
  if (doc.fullscreenElement) void doc.exitFullscreen().catch(() => undefined);

  return new Promise<boolean>((resolve) => {
    let settled = false;
    const openedAt = performance.now();
    // Why the page's doing makes this dialog untrustworthy, once seen: it never confirms after that.
    let tampered: string | null = null;
    const readable = [dialog.querySelector('h2 .ja'), send?.querySelector('.ja'), cancel.querySelector('.ja')].filter(
      (e): e is Element => e !== null,
    );
    const finish = (result: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      hostObserver.disconnect();
      pageObserver.disconnect();
      window.removeEventListener('pagehide', gone);
      if (dialog.open) dialog.close();
      host.remove();
      resolve(result);
      if (tampered && !c.afterTamper) void showTamperNotice(tampered);
    };
    const check = () => {
      if (settled || tampered) return;
      if (!host.isConnected || !dialog.open) return finish(false);
      // The notice that follows a tampered dialog confirms nothing: the page may spoil its look, not its end.
      if (c.afterTamper) return;
      const why = dialogTampered(host, dialog, readable);
      if (why) {
        tampered = why;
        finish(false);
      }
    };
    // The page touching the host at all (style, class, any attribute) ends the dialog: "do not send".
    const hostObserver = new MutationObserver(() => {
      tampered ??= 'host attributes changed';
      finish(false);
    });
    if (!c.afterTamper) hostObserver.observe(host, { attributes: true });
    // Anything the page changes in the document may restyle the host's ancestors: look again at once.
    let pending = false;
    const pageObserver = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      queueMicrotask(() => {
        pending = false;
        check();
      });
    });
    pageObserver.observe(doc, {
      attributes: true,
      attributeFilter: ['style', 'class'],
      childList: true,
      subtree: true,
    });
    // A page that removes the dialog gets no answer but "do not send"; a frame that goes away takes its dialog with it.
    const watch = setInterval(check, 200);
    const gone = () => finish(false);
    window.addEventListener('pagehide', gone);
    cancel.addEventListener('click', (e) => {
      if (e.isTrusted) finish(false);
    });
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      if (e.isTrusted) finish(false);
    });
    if (send) {
      send.disabled = true;
      setTimeout(() => {
        send.disabled = false;
      }, ARM_MS);
      send.addEventListener('click', (e) => {
        if (!e.isTrusted || performance.now() - openedAt < ARM_MS) return;
        check(); // as painted at the moment of the click
        if (settled) return;
        if (pageOverlayOpen(doc)) {
          // Something of the page's may cover this dialog: raise ours again and ask for a fresh click.
          dialog.close();
          dialog.showModal();
          cancel.focus();
          return;
        }
        finish(true);
      });
    }
    dialog.showModal();
    cancel.focus();
  });
}
