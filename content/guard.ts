// The form guard, in the isolated world of every frame (issue 4): it sees each submission — the submit
// event in the capture phase, and what the main-world hook asks about form.submit(), fetch, XHR and
// sendBeacon — classifies it here, and lets anything not sensitive go at once. For a sensitive one it
// needs the policy's verdict on the destination, which the service worker gives (cached per origin,
// asked ahead when the user first focuses a form); then it sends, asks the user, or stops. What it lets go
// because the user confirmed it, it first has the backstop grant, once, and waits for that grant.
import type { FormEventKind, JudgeAnswer } from '@/shared/web/form-messages';
import { FORM_UI } from '@/shared/i18n/form-messages';
import { fieldsFromBody } from '@/shared/web/form-body';
import { formGrantBody, scriptGrantBody, type GrantBody } from '@/shared/web/grant-digest';
import {
  classifySubmission,
  markedFileNames,
  type FieldFact,
  type SensitivityKind,
} from '@/shared/web/form-sensitivity';
import {
  grantAfterConfirm,
  isWeb,
  needsWorker,
  originOf,
  outcomeOf,
  passesNow as decideNow,
  unknownDestinationOutcome,
  verdictFresh,
  type Grant,
  type Submission,
} from '@/shared/web/submission-decision';
import { askWorker } from './ask-worker';
import { sha256Hex } from './digest';
import { openChannel } from './channel';
import { collectForm, formEncoding, formTarget, pageSecrets, type FormFacts } from './collect';
import { abortSubmission, fieldsOfFormData, sameFields } from './late-check';
import { showDialog } from './dialog';
import { SCAN, SHADOW, SUBJECT, type HookAsk } from './hook-protocol';
import { readFormSettings } from './form-settings';
import { consumePass, resubmit, submitHeld } from './resubmit';
import { startUploadGuard } from './upload';

/** Only these elements and custom elements can carry a shadow root (DOM Standard, attachShadow). */
const SHADOW_HOSTS = new Set(
  'article aside blockquote body div footer h1 h2 h3 h4 h5 h6 header main nav p section span'.split(' '),
);
const canHostShadow = (el: Element) => SHADOW_HOSTS.has(el.localName) || el.localName.includes('-');

/** How long a confirmed request waits for the backstop's grant before it goes anyway. */
const GRANT_ACK_MS = 3_000;

/** Why a submission may go: the policy allows it, or the user confirmed it (then the backstop needs a grant). */
type Go = false | 'allowed' | 'confirmed';
/** Sent now untouched, or let go by the grant of a confirmation (then the backstop needs a grant too). */
type Pass = false | 'now' | 'covered';

interface CachedVerdict {
  at: number;
  answer: Promise<JudgeAnswer | null>;
  settled?: JudgeAnswer;
}

/** This frame's address for the verdict; about:blank and srcdoc frames speak for their origin. */
function pageUrl(): string {
  if (isWeb(location.href)) return location.href;
  return isWeb(origin) ? origin + '/' : location.href;
}

export function startGuard(): void {
  let allPostsSensitive: boolean | null = null;
  // The organisation's domains from the cached policy (or the built-in default): what may go ahead of the worker.
  let organizationDomains: readonly string[] = [];
  const verdicts = new Map<string, CachedVerdict>();
  let grant: Grant | null = null;
  // Read on first need, not at document_start: most pages never submit anything.
  let settingsRead: Promise<void> | null = null;
  const needSettings = (): Promise<void> =>
    (settingsRead ??= readFormSettings().then((s) => {
      if (allPostsSensitive === null) allPostsSensitive = s.allPostsSensitive;
      organizationDomains = s.organizationDomains;
    }));

  function verdictFor(action: string): Promise<JudgeAnswer | null> {
    const key = originOf(action);
    const hit = verdicts.get(key);
    if (hit && verdictFresh(hit.at, Date.now())) return hit.answer;
    const entry: CachedVerdict = {
      at: Date.now(),
      answer: askWorker({ type: 'form-judge', action, method: 'post', kinds: [], assumeSensitive: true }),
    };
    void entry.answer.then((a) => {
      if (!a) return void verdicts.delete(key);
      entry.settled = a;
      allPostsSensitive = a.allPostsSensitive;
    });
    verdicts.set(key, entry);
    return entry.answer;
  }

  function settledVerdict(action: string): JudgeAnswer | undefined {
    const hit = verdicts.get(originOf(action));
    return hit && verdictFresh(hit.at, Date.now()) ? hit.settled : undefined;
  }

  /** Sent now (shared/web/submission-decision.ts): untouched, or covered by the grant, which this uses up. */
  function passesNow(s: Submission): Pass {
    const r = decideNow(
      {
        allPostsSensitive,
        organizationDomains,
        grant,
        settled: settledVerdict(s.action),
        pageUrl: pageUrl(),
        now: Date.now(),
      },
      s,
    );
    s.kinds = r.kinds;
    if (r.grantUsed) grant = null;
    return r.pass && (r.grantUsed ? 'covered' : 'now');
  }

  /**
   * The backstop (issue 11) lets a sensitive request past only with a one-time grant for exactly it: asked for
   * here, and waited for, before what the user confirmed goes. No answer (the worker gone, or later than
   * GRANT_ACK_MS) and it goes all the same, since the user confirmed it: the backstop then stops it, and says so.
   */
  async function grantBackstop(s: Submission, body: GrantBody): Promise<void> {
    const started = performance.now();
    const digest = body.text === undefined ? undefined : await sha256Hex(body.text);
    const why = body.why ?? (digest === undefined ? 'no-webcrypto' : undefined);
    const asked = askWorker({
      type: 'backstop-grant',
      action: s.action,
      method: s.method,
      ...(digest ? { digest } : {}),
      ...(body.unreadable ? { unreadable: true } : {}),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = await Promise.race([
      asked,
      new Promise<null>((r) => (timer = setTimeout(() => r(null), GRANT_ACK_MS))),
    ]);
    clearTimeout(timer);
    const ms = (performance.now() - started).toFixed(1);
    const what = digest ? 'body digest' : `destination only (${why})`;
    console.debug(`[ssk-guard] backstop grant (${what}) ${answer ? 'in force' : 'not acknowledged'} after ${ms} ms`);
  }

  function report(event: FormEventKind, s: Submission) {
    void askWorker({
      type: 'form-event',
      event,
      path: s.path,
      action: s.action,
      method: s.method,
      kinds: s.kinds,
      files: s.markedFiles.length,
    });
  }

  /** Whether the submission may go: allowed by the policy, or confirmed by the user. */
  async function decide(s: Submission): Promise<Go> {
    if (!s.kinds.length && !s.markedFiles.length && allPostsSensitive === null) {
      await needSettings(); // usually answers without waking the worker
      if (allPostsSensitive === false) return 'allowed';
    }
    await needSettings();
    if (!needsWorker({ allPostsSensitive, organizationDomains, pageUrl: pageUrl() }, s)) return 'allowed';
    const v = s.markedFiles.length
      ? await askWorker({
          type: 'form-judge',
          action: s.action,
          method: s.method,
          kinds: s.kinds,
          markedFiles: s.markedFiles,
        })
      : await verdictFor(s.action);
    if (v) allPostsSensitive = v.allPostsSensitive;
    const o = outcomeOf(s, v);
    s.kinds = o.kinds;
    if (o.kind === 'send') return 'allowed';
    if (o.kind === 'failed') {
      await showDialog({ mode: 'notice', destination: null, findings: [], kinds: s.kinds, note: FORM_UI.failed });
      return false;
    }
    if (o.kind === 'block') {
      report('block', s);
      await showDialog({ mode: 'block', destination: v!.destination, findings: o.findings, kinds: s.kinds });
      return false;
    }
    report('warn', s);
    const ok = await showDialog({ mode: 'confirm', destination: v!.destination, findings: o.findings, kinds: s.kinds });
    report(ok ? 'confirm' : 'cancel', s);
    return ok && 'confirmed';
  }

  const changed = () =>
    void showDialog({ mode: 'notice', destination: null, findings: [], kinds: [], note: FORM_UI.changed });

  const formSubmission = (path: 'submit' | 'form.submit', facts: FormFacts): Submission => ({
    path,
    action: facts.action,
    method: facts.method,
    kinds: classifySubmission(facts.fields, { method: facts.method, allPostsSensitive: allPostsSensitive === true }),
    markedFiles: markedFileNames(facts.fields),
  });

  /** Held for the policy and the user (or, covered by a confirmation's grant, for the backstop's); sent again, as judged. */
  function hold(
    form: HTMLFormElement,
    submitter: HTMLElement | null,
    facts: FormFacts,
    s: Submission,
    covered = false,
  ) {
    void (covered ? Promise.resolve<Go>('confirmed') : decide(s)).then(async (go) => {
      if (!go) return;
      if (go === 'confirmed')
        await grantBackstop(s, formGrantBody(facts.fields, { method: facts.method, ...formEncoding(form, submitter) }));
      if (!covered) grant = grantAfterConfirm(s.action, Date.now());
      const sent = s.path === 'form.submit' ? submitHeld(form, facts.key) : resubmit(form, submitter, facts.key);
      if (!sent) changed();
    });
  }

  // ---- judged again after the page's own listeners ran (issue 11): a page may change the form in its own
  // submit or formdata listener (enable a field it disabled at pointerdown, fill one in), after the guard looked.
  interface Judged {
    path: 'submit' | 'form.submit';
    submitter: HTMLElement | null;
    key: string;
    fields: FieldFact[];
  }
  const judged = new WeakMap<HTMLFormElement, Judged>();

  /** The form's data differs from what was judged and no longer passes: stopped by `stop`, and held. */
  function judgeAgain(form: HTMLFormElement, j: Judged, stop: () => void, sent?: FieldFact[]): void {
    const facts = collectForm(form, j.submitter);
    if (facts.key === j.key && (!sent || sameFields(sent, j.fields))) return;
    // What the browser is about to send (the formdata event's entries) counts where it says more.
    const s = formSubmission(j.path, facts);
    if (sent && !sameFields(sent, facts.fields)) {
      s.kinds = classifySubmission(sent, {
        method: facts.method,
        allPostsSensitive: allPostsSensitive === true,
        secrets: pageSecrets(),
      });
      s.markedFiles = markedFileNames(sent);
    }
    j.key = facts.key;
    j.fields = sent ?? facts.fields;
    // Covered by a confirmation's grant, it goes without one of the backstop's: it is not what was confirmed,
    // and it cannot wait here; the backstop stops it if it is sensitive.
    if (passesNow(s)) return;
    judged.delete(form);
    stop();
    hold(form, j.submitter, facts, s);
  }

  /** Remembers the judgement until this task ends, and looks again after the page's submit listeners. */
  function judgedNow(e: Event | null, form: HTMLFormElement, j: Judged) {
    judged.set(form, j);
    setTimeout(() => {
      if (judged.get(form) === j) judged.delete(form);
    }, 0);
    if (!e) return;
    const late = (ev: Event) => {
      if (ev !== e) return;
      const current = judged.get(form);
      if (!current) return;
      if (e.defaultPrevented) return void judged.delete(form); // the page sends by script: the hook asks about that
      judgeAgain(form, current, () => {
        e.preventDefault();
        e.stopImmediatePropagation();
      });
    };
    // After the page's own listeners on the form (target phase) and, last, at the window (bubble phase).
    form.addEventListener('submit', late, { once: true });
    window.addEventListener('submit', late, { once: true });
  }

  /**
   * The formdata event comes once the submit event is over, just before the browser builds the request: the
   * last look at what will be sent. It cannot be cancelled, but a form taken out of its document for a moment
   * cannot navigate (HTML's form submission algorithm checks right after the entry list is built).
   */
  function onFormData(e: Event) {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const j = judged.get(form);
    if (!j) return;
    const sent = fieldsOfFormData((e as FormDataEvent).formData);
    judgeAgain(form, j, () => abortSubmission(form), sent);
  }
  const onLateFormData = (e: Event) => {
    if (e.target instanceof HTMLFormElement && judged.has(e.target)) onFormData(e);
  };
  window.addEventListener('formdata', onFormData, true);
  window.addEventListener('formdata', onLateFormData);

  // ---- the submit event: user clicks, Enter, requestSubmit()
  function onSubmit(e: Event) {
    if (!e.isTrusted) return; // a synthetic submit event sends nothing
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    void needSettings();
    const submitter = (e as SubmitEvent).submitter;
    const facts = collectForm(form, submitter);
    if (facts.method === 'dialog') return;
    const j: Judged = { path: 'submit', submitter, key: facts.key, fields: facts.fields };
    if (consumePass(form, submitter, facts.key)) return judgedNow(e, form, j);
    const s = formSubmission('submit', facts);
    const pass = passesNow(s);
    if (pass === 'now') return judgedNow(e, form, j);
    e.preventDefault();
    e.stopImmediatePropagation();
    hold(form, submitter, facts, s, pass === 'covered');
  }
  window.addEventListener('submit', onSubmit, true);

  // ---- shadow trees: a submit event stays inside its tree, so each tree gets the same listener
  const watched = new WeakSet<ShadowRoot>();
  const rootOf = (host: Element): ShadowRoot | null =>
    !canHostShadow(host)
      ? null
      : (host.shadowRoot ??
        (
          globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(e: Element): ShadowRoot | null } } }
        ).chrome?.dom?.openOrClosedShadowRoot?.(host) ??
        (host as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ??
        null);
  function watch(host: Element) {
    const root = rootOf(host);
    if (!root || watched.has(root)) return;
    watched.add(root);
    added.observe(root, { childList: true, subtree: true });
    scanForTrees(root);
    root.addEventListener('submit', onSubmit, true);
    root.addEventListener('formdata', onFormData, true);
    root.addEventListener('formdata', onLateFormData);
    // A tree inside this one: its host is handed over here (see announceHosts in hook.ts).
    root.addEventListener(
      SHADOW,
      (e) => {
        e.stopImmediatePropagation();
        if (e.target instanceof Element) watch(e.target);
      },
      true,
    );
    // A subtree setHTMLUnsafe() just built inside this tree (see SCAN in hook-protocol.ts).
    root.addEventListener(
      SCAN,
      (e) => {
        e.stopImmediatePropagation();
        const t = e.target;
        if (t instanceof Element || t instanceof ShadowRoot) scanFresh(t);
      },
      true,
    );
    // The user reaching into a tree inside this one: found on the way down, before any submit.
    root.addEventListener('pointerdown', discover, true);
    root.addEventListener('keydown', discover, true);
    root.addEventListener(
      SUBJECT,
      (e) => {
        e.stopImmediatePropagation(); // the page's listeners never see it, nor replace it
        if (e.target instanceof Element) channel.subject(e.target);
      },
      true,
    );
  }
  // Trees the parser, setHTMLUnsafe() or parseHTMLUnsafe() made carry no attachShadow call: every element
  // added is looked at once (a WeakSet keeps each subtree from being walked again for each of its nodes).
  const looked = new WeakSet<Element>();
  function scanForTrees(from: Element | ShadowRoot) {
    const stack: Element[] = from instanceof Element ? [from] : Array.from(from.children);
    while (stack.length) {
      const el = stack.pop()!;
      if (looked.has(el)) continue;
      looked.add(el);
      if (rootOf(el)) watch(el);
      for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
    }
  }
  /** What setHTMLUnsafe() just replaced is new throughout: every element of it is looked at. */
  function scanFresh(from: Element | ShadowRoot) {
    if (from instanceof Element) looked.delete(from);
    scanForTrees(from);
  }
  const added = new MutationObserver((records) => {
    for (const r of records)
      for (const n of Array.from(r.addedNodes)) if (n.nodeType === Node.ELEMENT_NODE) scanForTrees(n as Element);
  });
  // Not while the page is parsed (a MutationObserver then costs every page its load time): the parser's trees
  // are all there once it is done, and a script's tree submitted before that is announced by the hook. (Not
  // later either: a tree the page's own script made while it was parsed may be submitted through another
  // realm's prototype, which the hook does not see, right after the page is loaded.)
  const observeAll = () => {
    if (document.documentElement) scanForTrees(document.documentElement);
    added.observe(document, { childList: true, subtree: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observeAll, { once: true });
  else observeAll();

  /** The user pressing or typing into a tree the guard has not seen (declarative, setHTMLUnsafe): watched now. */
  function discover(e: Event) {
    if (e.isTrusted && e.target instanceof Element && rootOf(e.target)) watch(e.target);
  }
  window.addEventListener('pointerdown', discover, true);
  window.addEventListener('keydown', discover, true);
  /** Trees built by the parser (declarative shadow DOM) are found when the user first focuses into them. */
  function watchFocused(target: EventTarget | null): Element | null {
    let el = target instanceof Element ? target : null;
    for (let depth = 0; el && depth < 32; depth++) {
      const root = rootOf(el);
      if (!root?.activeElement) return el;
      watch(el);
      el = root.activeElement;
    }
    return el;
  }

  // ---- what the main-world hook asks
  const channel = openChannel(onAsk, watch, scanFresh);
  function onAsk(ask: HookAsk, subject: Element | null): boolean {
    void needSettings();
    if (ask.path === 'form.submit') {
      if (!(subject instanceof HTMLFormElement)) {
        // A form the guard could not be handed (a shadow tree it has not seen): not sent unchecked.
        if (ask.connected)
          void showDialog({ mode: 'notice', destination: null, findings: [], kinds: [], note: FORM_UI.failed });
        return true;
      }
      const form = subject;
      const facts = collectForm(form, null);
      const s = formSubmission('form.submit', facts);
      const pass = passesNow(s);
      if (pass === 'now') {
        judgedNow(null, form, { path: 'form.submit', submitter: null, key: facts.key, fields: facts.fields });
        return false;
      }
      hold(form, null, facts, s, pass === 'covered');
      return true;
    }
    const method = (ask.method ?? 'POST').toLowerCase();
    const fields = ask.body && !ask.body.opaque ? fieldsFromBody(ask.body) : [];
    const s: Submission = {
      path: ask.path,
      action: ask.url ?? '',
      method,
      kinds: classifySubmission(fields, {
        method,
        unscanned: ask.body?.opaque === true || ask.body?.truncated === true,
        allPostsSensitive: allPostsSensitive === true,
        secrets: pageSecrets(),
      }),
      markedFiles: markedFileNames(fields),
      ...(ask.sync ? { sync: true } : {}),
    };
    if (ask.unknownState) {
      if (unknownDestinationOutcome(s).kind === 'send') return false;
      s.action = pageUrl();
      report('block', s);
      void showDialog({
        mode: 'block',
        destination: null,
        findings: [],
        kinds: s.kinds,
        note: FORM_UI.unknownDestination,
      }).then(() => channel.answer(ask.t, false));
      return true;
    }
    const pass = passesNow(s);
    if (pass === 'now') return false;
    if (pass === 'covered' && s.sync) {
      // A synchronous XHR cannot wait: its grant is asked for as it goes, and may come late (the backstop then stops it).
      void grantBackstop(s, scriptGrantBody(ask.body));
      return false;
    }
    void (pass === 'covered' ? Promise.resolve<Go>('confirmed') : decide(s)).then(async (go) => {
      if (go === 'confirmed') await grantBackstop(s, scriptGrantBody(ask.body));
      channel.answer(ask.t, !!go);
    });
    return true;
  }

  // ---- ask ahead: the verdict for a form's destination is ready by the time the user submits
  const prefetch = (e: Event) => {
    void needSettings();
    const el = e.type === 'focusin' ? watchFocused(e.target) : e.target;
    if (!(el instanceof Element)) return;
    const form = el.closest('form');
    if (!form) return;
    const { action } = formTarget(form, el instanceof HTMLButtonElement || el instanceof HTMLInputElement ? el : null);
    if (isWeb(action)) void verdictFor(action);
  };
  window.addEventListener('focusin', prefetch, true);
  window.addEventListener('pointerdown', prefetch, true);
  // A sign-in or upload page may be submitted by script (or a password manager) before any focus.
  document.addEventListener(
    'DOMContentLoaded',
    () => {
      const field = document.querySelector('input[type=password], input[type=file]');
      if (field) prefetch({ target: field } as unknown as Event);
    },
    { once: true },
  );

  startUploadGuard((path, files) =>
    report('block', {
      path,
      action: pageUrl(),
      method: 'post',
      kinds: ['file', 'confidential-marker'],
      markedFiles: Array.from({ length: files }, () => ''),
    }),
  );
}
