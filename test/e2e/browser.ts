// The end-to-end fixtures (TESTING.md). Chromium: Debian's Chromium with the built extension, every
// host name mapped to loopback, managed policy written where Chromium reads it on Linux. Firefox ESR:
// firefox.ts. Both implement the driver of driver.ts, and BROWSERS lists them for describe.each.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import {
  sleep,
  urlMatches,
  type BrowserName,
  type DeepElement,
  type FileToChoose,
  type GuardBrowser,
  type LaunchOptions,
  type Tab,
} from './driver.ts';
import { FIREFOX_ORIGIN, launchFirefox } from './firefox.ts';

export const EXTENSION_ID = 'hpfoeegggioenfljnobgiipembipbgnl';
export const EXTENSION_DIR = resolve('.output/chrome-mv3');
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'ssk-guard-e2e.json');
const BROWSER_POLICY_FILE = join(POLICY_DIR, 'ssk-guard-e2e-browser.json');

export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`Chromium not found at ${path}: run npm test (its pretest step installs it) or set CHROME_PATH`);
  return path;
}

/** Writes the extension's managed policy the way admins push it on Linux; `undefined` removes it. */
export function writeManagedPolicy(policy: Record<string, unknown> | undefined): void {
  if (policy === undefined) {
    rmSync(POLICY_FILE, { force: true });
    return;
  }
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: policy } } }));
}

/** Headless Chromium on a closed network: every host name to loopback, the built extension or none. */
export function chromiumArgs(options: { extension: boolean; hostPort?: number }): string[] {
  return [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...(options.extension
      ? [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`]
      : ['--disable-extensions']),
    `--host-resolver-rules=MAP * 127.0.0.1${options.hostPort ? `:${options.hostPort}` : ''}`,
    '--ignore-certificate-errors',
  ];
}

export interface Launched {
  context: BrowserContext;
  worker: Worker;
  close(): Promise<void>;
}

export interface Relaunchable extends Launched {
  /** Closes Chromium and starts it again on the same profile (context and worker are then new ones). */
  restart(): Promise<void>;
}

export async function launchWithExtension(
  options: { managedPolicy?: Record<string, unknown>; hostPort?: number } = {},
): Promise<Relaunchable> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`${EXTENSION_DIR} is not built: run npm run build`);
  writeManagedPolicy(options.managedPolicy);
  // Chromium's own protections would hide ours: HTTPS-Upgrades turns http://www.ssk.or.jp into https
  // (the test server speaks both on one port), and mixed-form warnings interrupt https → http posts.
  // Set the way admins set them, as managed browser policy (Firefox: the same through prefs, firefox.ts).
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(
    BROWSER_POLICY_FILE,
    JSON.stringify({ HttpsUpgradesEnabled: false, InsecureFormsWarningsEnabled: false }),
  );
  const profile = mkdtempSync(join(tmpdir(), 'ssk-e2e-'));
  const start = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: chromiumArgs({ extension: true, hostPort: options.hostPort }),
    });
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`),
      }));
    return { context, worker };
  };
  const launched = await start();
  return {
    get context() {
      return launched.context;
    },
    get worker() {
      return launched.worker;
    },
    async restart() {
      await launched.context.close();
      Object.assign(launched, await start());
    },
    async close() {
      await launched.context.close();
      writeManagedPolicy(undefined);
      rmSync(BROWSER_POLICY_FILE, { force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the worker's backstop holds the hashes of a value typed in the tab at `url` (or, without
 * it, in some tab). Name the tab when an earlier case typed in another: its entry outlives it in storage
 * until the worker has saved its removal, and would answer for a tab whose own hashes are not in yet.
 */
export async function waitForTypedValues(worker: Worker, url?: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const ok = await worker.evaluate(async (u) => {
      const s = (await chrome.storage.session.get('backstopSeen')).backstopSeen as
        { tabs?: Record<string, object> } | undefined;
      const tabs = Object.keys(s?.tabs ?? {});
      if (u === undefined) return tabs.length > 0;
      // the newest tab at that address (a tab closed a moment ago may still be listed)
      const ids = (await chrome.tabs.query({ url: u })).map((t) => t.id ?? -1);
      return ids.length > 0 && tabs.includes(String(Math.max(...ids)));
    }, url);
    if (ok) return;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the typed values in the service worker');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls a function evaluated in the service worker until it returns a truthy value. */
type Falsy = undefined | null | false | 0 | '';

export async function waitInWorker<T>(
  worker: Worker,
  fn: () => Promise<T | Falsy> | T | Falsy,
  timeoutMs = 15_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = (await worker.evaluate(fn)) as T | Falsy;
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting in the service worker');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CdpNode {
  backendNodeId: number;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}
/** Finds an element by data-testid anywhere, closed shadow roots included (DevTools can; pages cannot). */
export async function findByTestId(cdp: CDPSession, testid: string): Promise<CdpNode | null> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const stack: CdpNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === 'data-testid' && a[i + 1] === testid) return n;
    stack.push(...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : []));
  }
  return null;
}

class ChromiumTab implements Tab {
  private sessions = new Map<string, CDPSession>();
  constructor(readonly page: Page) {}
  async goto(url: string) {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
    await this.page.waitForLoadState('domcontentloaded').catch(() => undefined);
  }
  async url() {
    return this.page.url();
  }
  async reload() {
    await this.page.reload({ waitUntil: 'domcontentloaded' }).catch(() => undefined);
  }
  async waitForUrl(wanted: string | RegExp | ((url: string) => boolean), timeoutMs = 10_000) {
    // Polled, not waitForURL: a navigation the extension replaces mid-way aborts the first one.
    const start = Date.now();
    for (;;) {
      const url = this.page.url();
      if (urlMatches(url, wanted)) return url;
      if (Date.now() - start > timeoutMs) throw new Error(`chromium: still at ${url}`);
      await sleep(100);
    }
  }
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.page.evaluate(fn as (arg: unknown) => R, arg);
  }
  async waitFor(selector: string, timeoutMs = 10_000) {
    await this.page.locator(selector).first().waitFor({ timeout: timeoutMs });
  }
  text(selector: string) {
    return this.page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }
  attribute(selector: string, name: string) {
    return this.page.evaluate(([s, n]) => document.querySelector(s!)?.getAttribute(n!) ?? null, [selector, name]);
  }
  count(selector: string) {
    return this.page.locator(selector).count();
  }
  inputValue(selector: string) {
    return this.page.inputValue(selector);
  }
  async click(selector: string) {
    await this.page.click(selector);
  }
  async fill(selector: string, value: string) {
    await this.page.fill(selector, value);
  }
  async press(key: 'Enter' | 'Escape' | 'Tab') {
    await this.page.keyboard.press(key);
  }
  async type(text: string) {
    await this.page.keyboard.type(text);
  }
  async clickAt(x: number, y: number) {
    await this.page.mouse.click(x, y);
  }
  async chooseFiles(selector: string, files: FileToChoose[]) {
    await this.page.setInputFiles(
      selector,
      files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.content) })),
    );
  }
  private async session(frameUrl?: string) {
    const key = frameUrl ?? '';
    let s = this.sessions.get(key);
    if (!s) {
      // A cross-site iframe runs in its own process: its DOM is reached through its own session.
      const frame = frameUrl ? this.page.frames().find((f) => f.url().startsWith(frameUrl)) : undefined;
      if (frameUrl && !frame) throw new Error(`chromium: no frame at ${frameUrl}`);
      s = await this.page.context().newCDPSession(frame ?? this.page);
      this.sessions.set(key, s);
    }
    return s;
  }
  async findDeep(testid: string, frameUrl?: string): Promise<DeepElement | null> {
    const cdp = await this.session(frameUrl);
    const n = await findByTestId(cdp, testid);
    if (!n) return null;
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: n.backendNodeId })) as {
      object: { objectId: string };
    };
    const r = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { return this.textContent; }',
      returnByValue: true,
    })) as { result: { value: string } };
    const attributes: Record<string, string> = {};
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) attributes[a[i]!] = a[i + 1]!;
    return { attributes, text: r.result.value };
  }
  async clickDeep(testid: string) {
    const cdp = await this.session();
    const n = await findByTestId(cdp, testid);
    if (!n) throw new Error(`chromium: no ${testid}`);
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: n.backendNodeId })) as {
      model: { content: number[] };
    };
    const q = model.content;
    await this.page.mouse.click((q[0]! + q[4]!) / 2, (q[1]! + q[5]!) / 2);
  }
  async frame(urlPrefix: string) {
    let frame = this.page.frames().find((f) => f.url().startsWith(urlPrefix));
    for (let i = 0; i < 100 && !frame; i++) {
      await sleep(100);
      frame = this.page.frames().find((f) => f.url().startsWith(urlPrefix));
    }
    if (!frame) throw new Error(`chromium: no frame at ${urlPrefix}`);
    const f = frame;
    return {
      waitFor: async (selector: string, timeoutMs = 10_000) =>
        void (await f.waitForSelector(selector, { timeout: timeoutMs })),
      fill: (selector: string, value: string) => f.fill(selector, value),
      click: (selector: string) => f.click(selector),
      evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => f.evaluate(fn as (arg: unknown) => R, arg),
    };
  }
  async screenshot(path: string) {
    await this.page.screenshot({ path });
  }
  async close() {
    for (const s of this.sessions.values()) await s.detach().catch(() => undefined);
    await this.page.close();
  }
}

export async function launchChromium(options: LaunchOptions & { hostPort?: number } = {}): Promise<GuardBrowser> {
  return chromiumDriver(await launchWithExtension(options), EXTENSION_ID);
}

/**
 * The driver over a Chromium already launched with the extension `extensionId` in it: the unpacked
 * build (launchChromium) or the force-installed one (force-install.ts, whose extension has another id).
 */
export function chromiumDriver(
  l: Launched & {
    restart?(): Promise<void>;
    /** Where this launch's managed settings go (default: the unpacked build's policy file). */
    pushManagedPolicy?(policy: Record<string, unknown> | undefined): void;
  },
  extensionId: string,
): GuardBrowser {
  const prefix = `chrome-extension://${extensionId}/`;
  // After a stop the worker comes back as a new one (an event wakes it): always ask the one running now;
  // a stopped worker's handle may linger in the list without answering.
  const worker = async (): Promise<Worker> => {
    for (let t = 0; t < 400; t++) {
      const ours = l.context.serviceWorkers().filter((w) => w.url().startsWith(prefix));
      for (const w of ours.reverse()) {
        const ok = await Promise.race([
          w.evaluate(() => true).catch(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(false), 500)),
        ]);
        if (ok) return w;
      }
      await sleep(25);
    }
    throw new Error('chromium: no running service worker');
  };
  return {
    name: 'chromium',
    origin: `chrome-extension://${extensionId}`,
    newTab: async () => new ChromiumTab(await l.context.newPage()),
    tabs: async () => l.context.pages().map((p) => new ChromiumTab(p)),
    inExtension: async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      (await worker()).evaluate(fn as (arg: unknown) => R, arg),
    async pushManagedPolicy(policy) {
      (l.pushManagedPolicy ?? writeManagedPolicy)(policy);
    },
    async restart() {
      if (!l.restart) throw new Error('chromium: this launch cannot restart');
      await l.restart();
    },
    async stopBackground() {
      const page = l.context.pages()[0] ?? (await l.context.newPage());
      const cdp = await l.context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    close: () => l.close(),
  };
}

/** The browsers every cross-browser test runs in (SSK_BROWSERS=chromium or firefox narrows it while developing). */
export const BROWSERS: BrowserName[] = (['chromium', 'firefox'] as const).filter(
  (b) => !process.env.SSK_BROWSERS || process.env.SSK_BROWSERS.split(',').includes(b),
);

/** Launches one of BROWSERS with the built extension, its hosts served by the test server on `serverPort`. */
export function launch(
  name: BrowserName,
  options: LaunchOptions & { serverPort?: number } = {},
): Promise<GuardBrowser> {
  return name === 'chromium'
    ? launchChromium({ ...options, hostPort: options.serverPort })
    : launchFirefox({ ...options, proxyPort: options.serverPort });
}

export { FIREFOX_ORIGIN };
