// The backstop in the service worker (issue 11): a blocking webRequest.onBeforeRequest listener, with
// the request body, that hands every request to the core's judgeRequest and cancels what it says to.
// Registered synchronously when the worker starts (a sleeping worker is woken by the request itself),
// it judges with what it has: the policy in memory, else the built-in default compiled on the spot;
// typed-value hashes in memory, else — while storage.session is read back — the pure classification alone.
// It never waits. While it holds typed values it keeps itself awake, so a page cannot wait for it to sleep;
// a request judged without them is checked again once they are back, and logged if they were in it. Blocking is granted only to a force-installed
// Chrome extension (and by Firefox); elsewhere the status says plainly that the backstop is off.
import { browser } from 'wxt/browser';
import { auditTarget } from '@/shared/audit/event';
import { BACKSTOP_UI, backstopNotice } from '@/shared/i18n/backstop-messages';
import { compilePolicy, type CompiledPolicy } from '@/shared/policy/compile';
import { SSK_DEFAULT_POLICY } from '@/shared/policy/default';
import { judgeRequest, type BackstopVerdict, type OutgoingRequest } from '@/shared/web/backstop';
import { consumeGrant, grantDestination, issueGrant, type BackstopGrant } from '@/shared/web/backstop-grant';
import {
  emptySeenStore,
  fingerprint,
  forgetTab,
  isEmptySeen,
  isSalt,
  pruneSeen,
  makeSalt,
  rememberSeen,
  seenIndex,
  type SeenIndex,
  type SeenKind,
  type SeenSalt,
  type SeenStore,
} from '@/shared/web/seen-values';
import type { NewEvent } from './audit-store';
import { parseGrantRequest, type BackstopGrantAnswer } from '@/shared/web/form-messages';
import { BACKSTOP_STATUS_KEY, NOTICES_KEY, type BackstopStatus, type StoredNotice } from '@/shared/web/backstop-state';
import { coalescedSave } from './coalesced-save';
import { loadPolicy, STATUS_KEY } from './policy-source';

const SALT_KEY = 'backstopSalt';
const SEEN_KEY = 'backstopSeen';
const OFF_LOGGED_KEY = 'backstopOffLogged';

export interface BackstopDeps {
  record(event: Omit<NewEvent, 'policyVersion'>): Promise<void>;
}

type Details = chrome.webRequest.OnBeforeRequestDetails & { originUrl?: string };

const NOTICE_EVERY_MS = 5_000;
const LOG_EVERY_MS = 60_000;
const MAX_VALUE = 1_000;

export function startBackstop(deps: BackstopDeps): void {
  // ---- the policy: what memory has, else the built-in default, compiled now
  let compiled: CompiledPolicy = compilePolicy(SSK_DEFAULT_POLICY, Date.now());
  const reloadPolicy = () =>
    void loadPolicy()
      .then((p) => (compiled = p.compiled))
      .catch(() => undefined); // the last good one stays
  reloadPolicy();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STATUS_KEY in changes) reloadPolicy();
  });

  // ---- what each tab has seen typed: salted hashes, in memory and storage.session
  let salt: SeenSalt | null = null;
  let seen: SeenStore = emptySeenStore();
  let grants: BackstopGrant[] = [];
  const loaded: Promise<void> = browser.storage.session
    .get([SALT_KEY, SEEN_KEY])
    .then(async (stored) => {
      const s = stored[SALT_KEY];
      if (isSalt(s)) salt = s;
      else {
        salt = makeSalt(crypto.getRandomValues(new Uint32Array(2)));
        await browser.storage.session.set({ [SALT_KEY]: salt });
      }
      const kept = stored[SEEN_KEY] as SeenStore | undefined;
      if (kept?.tabs) seen = kept;
    })
    .catch(() => {
      salt ??= makeSalt(crypto.getRandomValues(new Uint32Array(2)));
    });
  const indexes = new Map<number, SeenIndex | null>();
  const seenFor = (tabId: number): SeenIndex | null | 'loading' => {
    if (!salt) return 'loading';
    if (!indexes.has(tabId)) indexes.set(tabId, seenIndex(seen, tabId, salt));
    return indexes.get(tabId)!;
  };
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const saveSeen = coalescedSave(() => browser.storage.session.set({ [SEEN_KEY]: seen }));
  const changeSeen = (next: SeenStore) => {
    seen = next;
    indexes.clear();
    saveSeen();
    // An extension API call every 20 s keeps an MV3 worker from its 30-second idle stop: the hashes stay
    // in memory while there are any, and expire on their own (SEEN_TTL_MS).
    if (isEmptySeen(seen)) {
      clearInterval(keepAlive);
      keepAlive = undefined;
    } else
      keepAlive ??= setInterval(() => {
        void browser.runtime.getPlatformInfo();
        const pruned = pruneSeen(seen, Date.now());
        if (pruned !== seen) changeSeen(pruned);
      }, 20_000);
  };
  void loaded.then(() => {
    const pruned = pruneSeen(seen, Date.now());
    changeSeen(pruned);
    recheckUnverified();
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    if (salt) changeSeen(forgetTab(seen, tabId));
  });

  // Requests that passed while the hashes were loading: judged again once they are back; one that
  // carried a typed value is logged (it has left: the log says so, for the security team to follow up).
  const unverified: OutgoingRequest[] = [];
  function recheckUnverified() {
    for (const request of unverified.splice(0)) {
      const index = seenFor(request.tabId);
      if (!index || index === 'loading') continue;
      const v = judgeRequest({ compiled, seen: index, grants: [], now: Date.now(), selfOrigin }, request);
      if (v.action !== 'cancel') continue;
      const finding = v.findings[0];
      void deps.record({
        kind: 'backstop-unchecked',
        ...(finding ? { rule: finding.rule, clause: finding.clause, action: finding.action } : {}),
        target: auditTarget(withoutQuery(request.url), compiled.policy.audit.urlDetail),
        detail: { path: 'backstop', type: request.type, fields: v.sensitive.join(',') || 'none' },
      });
    }
  }

  // ---- the listener, registered now
  const selfOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  const granted = new Map<string, string>(); // requestId → destination it was granted for (redirects)
  function onRequest(details: Details): chrome.webRequest.BlockingResponse | undefined {
    const request: OutgoingRequest = {
      url: details.url,
      method: details.method,
      type: details.type,
      tabId: details.tabId,
      initiator: details.initiator ?? details.originUrl,
      ...(details.requestBody ? { body: details.requestBody as OutgoingRequest['body'] } : {}),
    };
    let v: BackstopVerdict;
    try {
      const now = Date.now();
      const again = granted.get(details.requestId);
      if (again && again === grantDestination(details.url)) return undefined; // the same request, redirected in place
      v = judgeRequest({ compiled, seen: seenFor(details.tabId), grants, now, selfOrigin }, request);
      if (v.stateLoading && v.action === 'pass' && unverified.length < 50) unverified.push(request);
      if (v.grant) {
        grants = consumeGrant(grants, v.grant, now);
        granted.set(details.requestId, grantDestination(details.url) ?? '');
        if (granted.size > 200) granted.delete(granted.keys().next().value!);
      }
    } catch (e) {
      // The core threw on something a page sent: a body is not let through unjudged.
      console.error('[ssk-guard] backstop verdict failed', e);
      if (!request.body) return undefined;
      v = { action: 'cancel', reason: 'forbidden', sensitive: ['unscanned'], findings: [] };
    }
    if (v.action !== 'cancel') return undefined;
    if (enforcing === false) return undefined; // the browser ignores the answer: claim nothing was stopped
    const noticeId = crypto.randomUUID();
    void afterCancel(details, v, noticeId);
    if (details.type === 'main_frame' || details.type === 'sub_frame')
      return { redirectUrl: browser.runtime.getURL(`/backstop-notice.html#${noticeId}`) };
    return { cancel: true };
  }

  // Chromium drops webRequestBlocking from an extension that is not force-installed without a word:
  // the listener is added, its answers are ignored. So the listener goes in now (in case it is granted),
  // and the permission itself, asked a moment later, says whether the backstop works.
  const webRequest = (globalThis as { chrome?: typeof chrome }).chrome?.webRequest;
  let enforcing: boolean | null = null;
  let addError = '';
  try {
    if (!webRequest) throw new Error('webRequest is not available');
    webRequest.onBeforeRequest.addListener(onRequest, { urls: ['<all_urls>'] }, ['blocking', 'requestBody']);
  } catch (e) {
    addError = String((e as Error).message ?? e).slice(0, 300);
    enforcing = false;
  }
  void browser.permissions
    .contains({ permissions: ['webRequestBlocking' as 'webRequest'] })
    .catch(() => false)
    .then(async (granted) => {
      enforcing = granted && !addError;
      const status: BackstopStatus = {
        enforcing,
        ...(enforcing
          ? {}
          : { error: addError || 'webRequestBlocking not granted (the extension is not force-installed by policy)' }),
        checkedAt: new Date().toISOString(),
      };
      await browser.storage.local.set({ [BACKSTOP_STATUS_KEY]: status });
      if (enforcing) return;
      console.warn('[ssk-guard] the backstop is off:', status.error);
      // Once per browser start: storage.session outlives the worker's sleeps, not the browser.
      if ((await browser.storage.session.get(OFF_LOGGED_KEY))[OFF_LOGGED_KEY]) return;
      await browser.storage.session.set({ [OFF_LOGGED_KEY]: true });
      await deps.record({
        kind: 'backstop-off',
        detail: { reason: status.error ?? '', message: BACKSTOP_UI.unavailableTitle.en },
      });
    });

  // ---- after a cancel: the notice in the tab, and one audit event
  const lastNotice = new Map<string, number>();
  const lastLog = new Map<string, number>();
  // Notices are written one after another (a burst of cancels must not drop one another's), and before the
  // audit write: the frame redirected to backstop-notice.html reads its notice at once.
  let noticeWrites: Promise<unknown> = Promise.resolve();
  function storeNotice(noticeId: string, stored: StoredNotice): Promise<void> {
    const write = noticeWrites.then(async () => {
      const notices = ((await browser.storage.session.get(NOTICES_KEY))[NOTICES_KEY] ?? {}) as Record<
        string,
        StoredNotice
      >;
      const fresh = Object.fromEntries(
        Object.entries(notices)
          .filter(([, n]) => stored.time - n.time < 600_000)
          .slice(-20),
      );
      await browser.storage.session.set({ [NOTICES_KEY]: { ...fresh, [noticeId]: stored } });
    });
    noticeWrites = write.catch(() => undefined);
    return write;
  }

  async function afterCancel(details: Details, v: BackstopVerdict, noticeId: string) {
    const notice = backstopNotice(v);
    const finding = v.findings[0];
    const host = safeHost(details.url);
    const now = Date.now();
    const stored: StoredNotice = { ...notice, host, time: now };
    await storeNotice(noticeId, stored).catch(() => undefined); // the notice page then says what it can
    const logKey = `${details.tabId} ${host} ${finding?.rule ?? ''}`;
    if (now - (lastLog.get(logKey) ?? 0) > LOG_EVERY_MS) {
      lastLog.set(logKey, now);
      await deps.record({
        kind: 'block',
        ...(finding ? { rule: finding.rule, clause: finding.clause, action: 'block' } : {}),
        target: auditTarget(withoutQuery(details.url), compiled.policy.audit.urlDetail),
        detail: {
          path: 'backstop',
          type: details.type,
          fields: v.sensitive.join(',') || 'none',
          page: safeHost(details.initiator ?? details.originUrl ?? '') || 'none',
        },
      });
    }
    if (details.type === 'main_frame' || details.type === 'sub_frame') return;
    const tabs = details.tabId >= 0 ? [details.tabId] : await tabsOf(details.initiator ?? details.originUrl ?? '');
    for (const tabId of tabs) {
      const key = `${tabId} ${finding?.rule ?? ''}`;
      if (now - (lastNotice.get(key) ?? 0) < NOTICE_EVERY_MS) continue;
      lastNotice.set(key, now);
      await browser.scripting
        .executeScript({ target: { tabId }, func: showBackstopNotice, args: [stored] })
        .catch(() => undefined); // a tab the extension cannot script (the Web Store, a PDF): the log keeps it
    }
  }

  // ---- what the content scripts report: typed values (hashed at once), and the grants the guard asks for
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const m = message as Record<string, unknown> | null;
    if (sender.id !== browser.runtime.id || !m || typeof m.type !== 'string') return undefined;
    if (sender.url?.startsWith(browser.runtime.getURL('/'))) return undefined; // the extension's pages
    const tabId = sender.tab?.id;
    if (tabId === undefined) return undefined;
    if (m.type === 'backstop-seen') {
      const value = typeof m.value === 'string' && m.value.length <= MAX_VALUE ? m.value : null;
      const field = typeof m.field === 'string' && m.field.length <= 100 ? m.field : null;
      const kind = m.kind === 'password' || m.kind === 'my-number' || m.kind === 'payment-card' ? m.kind : null;
      if (value === null || !field || !kind) return undefined;
      const key = `${sender.frameId ?? 0}:${field}`;
      const origin = safeOrigin(sender.url ?? '');
      void loaded.then(() => {
        if (!salt) return;
        const now = Date.now();
        let next = rememberSeen(pruneSeen(seen, now), tabId, key, fingerprint(value, kind, origin, salt, now));
        // Numbers travel as typed or as bare digits: both are looked for.
        const digits = value.replace(/[^0-9０-９]/g, '').normalize('NFKC');
        if (kind !== 'password' && digits !== value)
          next = rememberSeen(next, tabId, `${key}#digits`, fingerprint(digits, kind, origin, salt, now));
        changeSeen(next);
      });
      return undefined;
    }
    // A grant the guard asks for, before it lets a confirmed request go: in force once this answers.
    if (m.type === 'backstop-grant') {
      const g = parseGrantRequest(m);
      const destination = g && grantDestination(g.action);
      if (!g || !destination) return Promise.resolve<BackstopGrantAnswer>({ error: 'bad request' });
      const grant = { id: crypto.randomUUID(), tabId, destination, method: g.method };
      const body = { ...(g.digest ? { digest: g.digest } : {}), ...(g.unreadable ? { unreadable: true } : {}) };
      grants = issueGrant(grants, { ...grant, ...body }, Date.now());
      return Promise.resolve<BackstopGrantAnswer>({ ok: true });
    }
    return undefined;
  });
}

async function tabsOf(origin: string): Promise<number[]> {
  const o = safeOrigin(origin);
  if (!o.startsWith('http')) return [];
  const tabs = await browser.tabs.query({ url: `${o}/*` }).catch(() => []);
  return tabs.map((t) => t.id).filter((id): id is number => id !== undefined);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.slice(0, 200);
  }
}

/**
 * Injected into the tab (isolated world): a notice in a closed shadow root that the page's styles do
 * not reach. Self-contained — it runs where nothing of this module exists. Text goes in as text.
 */
function showBackstopNotice(n: {
  title: { ja: string; en: string };
  lines: { ja: string; en: string }[];
  clause: string;
}) {
  const ID = 'ssk-guard-backstop-notice';
  document.getElementById(ID)?.remove();
  const host = document.createElement('div');
  host.id = ID;
  for (const [k, v] of [
    ['all', 'initial'],
    ['position', 'fixed'],
    ['z-index', '2147483647'],
    ['top', '16px'],
    ['right', '16px'],
    ['display', 'block'],
    ['zoom', '1'],
    ['opacity', '1'],
    ['visibility', 'visible'],
  ])
    host.style.setProperty(k!, v!, 'important');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = `:host{all:initial !important;position:fixed !important;top:16px !important;right:16px !important;z-index:2147483647 !important;display:block !important;opacity:1 !important;visibility:visible !important}
    .box{all:initial;display:block;box-sizing:border-box;width:min(440px,calc(100vw - 32px));background:#fff;color:#1a1a1a;
      border:3px solid #b3261e;border-radius:10px;padding:14px 16px;font:14px/1.5 system-ui,'IPAGothic',sans-serif;
      box-shadow:0 6px 24px rgba(0,0,0,.3);zoom:1 !important;-webkit-text-fill-color:#1a1a1a !important}
    h2{all:initial;display:block;font:bold 15px/1.4 system-ui,'IPAGothic',sans-serif;color:#b3261e;-webkit-text-fill-color:#b3261e;margin:0 0 8px}
    p{all:initial;display:block;font:inherit;color:inherit;-webkit-text-fill-color:inherit;margin:0 0 6px}
    .en{color:#444;-webkit-text-fill-color:#444;font-size:13px}
    button{all:initial;display:inline-block;cursor:pointer;background:#b3261e;color:#fff;-webkit-text-fill-color:#fff;
      border-radius:6px;padding:6px 14px;font:14px system-ui,sans-serif;margin-top:6px}`;
  const box = document.createElement('div');
  box.className = 'box';
  box.setAttribute('role', 'alert');
  box.setAttribute('data-clause', n.clause);
  const para = (text: string, cls: string, tag: 'p' | 'h2' = 'p') => {
    const el = document.createElement(tag);
    el.className = cls;
    el.textContent = text;
    return el;
  };
  box.append(para(n.title.ja, 'ja', 'h2'), para(n.title.en, 'en'));
  for (const l of n.lines) box.append(para(l.ja, 'ja'), para(l.en, 'en'));
  const close = document.createElement('button');
  close.textContent = '閉じる / Close';
  close.addEventListener('click', () => host.remove());
  box.append(close);
  root.append(style, box);
  (document.body ?? document.documentElement).append(host);
  // Tests and support staff read what was shown from the page (the text is not a secret).
  host.dataset.text = [n.title.ja, n.title.en, ...n.lines.flatMap((l) => [l.ja, l.en])].join('\n');
}
