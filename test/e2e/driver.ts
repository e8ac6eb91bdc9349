// One small browser-neutral driver for the end-to-end suite: each browser's fixture implements it
// (browser.ts for Chromium over Playwright, firefox.ts for Firefox ESR over WebDriver BiDi), and the
// tests are written once against it, run for each entry of BROWSERS.

export type BrowserName = 'chromium' | 'firefox';

/** `[data-testid="…"]`: the pages mark what tests read with data-testid. */
export const tid = (testid: string) => `[data-testid="${testid}"]`;

export interface FileToChoose {
  name: string;
  content: string;
}

/** An element found anywhere in a page, closed shadow roots included (DevTools and BiDi can; pages cannot). */
export interface DeepElement {
  attributes: Record<string, string>;
  text: string;
}

export interface Tab {
  /** Navigates and waits for the load to settle; a navigation the extension replaces or blocks does not throw. */
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  /** Loads the same address again (a reload, not a same-document navigation). */
  reload(): Promise<void>;
  /** Polls the tab's URL until it matches (a prefix, a pattern or a test). */
  waitForUrl(wanted: string | RegExp | ((url: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Runs in the page's own realm (what the page's scripts see). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  text(selector: string): Promise<string | null>;
  attribute(selector: string, name: string): Promise<string | null>;
  count(selector: string): Promise<number>;
  inputValue(selector: string): Promise<string>;
  /** Trusted input, the way a user clicks and types. */
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  press(key: 'Enter' | 'Escape' | 'Tab'): Promise<void>;
  /** Types into whatever has focus, key by key. */
  type(text: string): Promise<void>;
  /** A real mouse click at page coordinates. */
  clickAt(x: number, y: number): Promise<void>;
  /** Chooses files in an <input type=file> through the browser's own file-chooser path. */
  chooseFiles(selector: string, files: FileToChoose[]): Promise<void>;
  /** Finds data-testid anywhere in the top document or in the frame whose URL starts with `frameUrl`. */
  findDeep(testid: string, frameUrl?: string): Promise<DeepElement | null>;
  /** A real mouse click at the centre of an element found by findDeep (top document). */
  clickDeep(testid: string): Promise<void>;
  /** The same driver on a child frame (its URL starts with `urlPrefix`). */
  frame(urlPrefix: string): Promise<Pick<Tab, 'waitFor' | 'fill' | 'click' | 'evaluate'>>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** The extension's managed settings, as an admin pushes them (Chromium's policy file, Firefox's managed storage). */
  managedPolicy?: Record<string, unknown>;
}

export interface GuardBrowser {
  name: BrowserName;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>` (both pinned, so tests know them in advance). */
  origin: string;
  newTab(): Promise<Tab>;
  /** Every tab open now, those a page opened by itself included. */
  tabs(): Promise<Tab[]>;
  /** Runs where the extension's APIs are: Chromium's service worker, an extension page in Firefox. */
  inExtension<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /**
   * Writes new managed settings where the admin's tooling writes them. Chromium reads its policy file
   * again while running and signals storage.onChanged; Firefox reads an add-on's managed storage once
   * per session, so there the new settings are in force after restart().
   */
  pushManagedPolicy(policy: Record<string, unknown> | undefined): Promise<void>;
  /** Closes the browser and starts it again on the same profile, as a user does; earlier tabs are gone. */
  restart(): Promise<void>;
  /** Stops the extension's background (Chromium's service worker, Firefox's event page) as the browser does when idle. */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

type Falsy = undefined | null | false | 0 | '';

/** Polls a function evaluated in the extension until it returns a truthy value. */
export async function waitInExtension<T, A = undefined>(
  b: GuardBrowser,
  fn: (arg: A) => Promise<T | Falsy> | T | Falsy,
  arg?: A,
  timeoutMs = 15_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = (await b.inExtension(fn, arg as A)) as T | Falsy;
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`${b.name}: timed out waiting in the extension`);
    await sleep(100);
  }
}

/** Polls a function evaluated in the page until it returns a truthy value. */
export async function waitInTab<T, A = undefined>(
  tab: Tab,
  fn: (arg: A) => Promise<T | Falsy> | T | Falsy,
  arg?: A,
  timeoutMs = 10_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = (await tab.evaluate(fn, arg as A).catch(() => undefined)) as T | Falsy;
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting in ${await tab.url()}`);
    await sleep(50);
  }
}

/**
 * Waits until the guard's dialog (top document, or the frame whose URL starts with `frameUrl`) offers an
 * armed "send": the button is disabled for a moment after the dialog opens, and a click before then is
 * ignored. Polled on the button itself, not slept: a loaded machine runs the page's arming timer late.
 */
export async function waitArmed(tab: Tab, frameUrl?: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const send = await tab.findDeep('send', frameUrl).catch(() => null);
    if (send && !('disabled' in send.attributes)) return;
    if (Date.now() - start > timeoutMs) throw new Error(`no armed send in ${await tab.url()}`);
    await sleep(50);
  }
}

/** Waits until the policy in force has this version (the extension publishes it once its rules are in). */
export const waitForPolicyVersion = (b: GuardBrowser, version: string, timeoutMs = 15_000) =>
  waitInExtension(
    b,
    async (v) => ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string })?.version === v,
    version,
    timeoutMs,
  );

/** The extension's audit log, as the extension stored it. */
export type AuditEvent = {
  id: string;
  kind: string;
  rule?: string;
  clause?: string;
  target?: string;
  reason?: string;
  detail?: Record<string, string>;
};
export const auditLog = (b: GuardBrowser) =>
  b.inExtension(
    async () =>
      (((await chrome.storage.local.get('auditLog')).auditLog ?? { events: [] }) as { events: unknown[] }).events,
  ) as Promise<AuditEvent[]>;

/**
 * Polls the audit log until `ok` holds of it, and returns it: the background writes an event after the
 * act that caused it (a message from the page, a storage write), so a log read once may not hold it yet.
 */
export async function waitForAudit(
  b: GuardBrowser,
  ok: (events: AuditEvent[]) => boolean,
  timeoutMs = 15_000,
): Promise<AuditEvent[]> {
  const start = Date.now();
  for (;;) {
    const events = await auditLog(b);
    if (ok(events)) return events;
    if (Date.now() - start > timeoutMs)
      throw new Error(`${b.name}: the audit log never held what was waited for (${events.length} events)`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function urlMatches(url: string, wanted: string | RegExp | ((url: string) => boolean)): boolean {
  if (typeof wanted === 'string') return url.startsWith(wanted);
  if (wanted instanceof RegExp) return wanted.test(url);
  return wanted(url);
}

let marks = 0;
/**
 * A real block in a fresh tab, waited for in the log (exactly one more block than before): every write to
 * the log goes through one chain in the background, so once this later event is in, a record that anything
 * before it had started has landed too. What "nothing (more) was recorded" is checked against, instead of a
 * fixed time.
 */
export async function waitForLaterBlock(b: GuardBrowser): Promise<void> {
  const blocks = async () => (await auditLog(b)).filter((e) => e.kind === 'block').length;
  const n = await blocks();
  const tab = await b.newTab();
  await tab.goto(`https://bit.ly/marker-${++marks}`);
  await tab.waitForUrl(`${b.origin}/blocked.html#shortener:`);
  for (let i = 0; i < 150 && (await blocks()) !== n + 1; i++) await sleep(100);
  if ((await blocks()) !== n + 1) throw new Error(`${b.name}: the marker block was not recorded once`);
  await tab.close();
}
