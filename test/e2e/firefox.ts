// The Firefox fixture: Debian's Firefox ESR with the built firefox-mv3 extension, driven by
// puppeteer-core over WebDriver BiDi (no geckodriver). Every host name goes through a loopback proxy
// (the test server), the add-on's moz-extension address is pinned, and managed settings are written
// where Firefox reads them without root: $HOME/.mozilla/managed-storage/<add-on id>.json, HOME being
// a fresh directory per launch.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import {
  sleep,
  urlMatches,
  type DeepElement,
  type FileToChoose,
  type GuardBrowser,
  type LaunchOptions,
  type Tab,
} from './driver.ts';

export const FIREFOX_EXTENSION_ID = 'ssk-guard@ssk.or.jp';
export const FIREFOX_EXTENSION_DIR = resolve('.output/firefox-mv3');
/** Pinned with extensions.webextensions.uuids, so moz-extension:// addresses are known in advance. */
export const FIREFOX_EXTENSION_UUID = '6c9f3e2a-55c1-4d7e-9b1a-5a4b7e0c2f11';
export const FIREFOX_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(path))
    throw new Error(
      `Firefox not found at ${path}: run npm test (its pretest step installs firefox-esr) or set FIREFOX_PATH`,
    );
  return path;
}

/** Prefs for a closed network: everything through the loopback proxy, nothing of Mozilla's own dialled. */
export function firefoxPrefs(proxyPort: number | undefined): Record<string, unknown> {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_EXTENSION_ID]: FIREFOX_EXTENSION_UUID }),
    ...(proxyPort
      ? {
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': proxyPort,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': proxyPort,
          'network.proxy.no_proxies_on': '',
          'network.proxy.allow_hijacking_localhost': true,
        }
      : { 'network.proxy.type': 0 }),
    // Remote settings, captive-portal and connectivity checks would otherwise reach the test server.
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // Firefox's own protections would hide ours (the same as Chromium's HttpsUpgrades and mixed-form warnings).
    'dom.security.https_first': false,
    'dom.security.https_first_schemeless': false,
    'security.warn_submit_secure_to_insecure': false,
    'security.insecure_field_warning.contextual.enabled': false,
    // testMatchOutcome and getMatchedRules (Chromium gives them to an unpacked extension; tests only).
    'extensions.dnr.feedback': true,
  };
}

/** The extension's managed storage as Firefox reads it for one user (a native-manifest file). */
export function writeFirefoxManagedStorage(home: string, policy: Record<string, unknown> | undefined): void {
  const file = join(home, '.mozilla/managed-storage', `${FIREFOX_EXTENSION_ID}.json`);
  if (policy === undefined) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(join(home, '.mozilla/managed-storage'), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ name: FIREFOX_EXTENSION_ID, description: 'ssk-guard e2e', type: 'storage', data: policy }),
  );
}

type Bidi = { send(method: string, params: object): Promise<{ result: any }> };

/** Runs a function in Firefox's own (chrome) scope: allowed by --remote-allow-system-access, for tests only. */
async function chromeScopeOf(bidi: Bidi, fn: string) {
  const { result } = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const reply = await bidi.send('script.callFunction', {
    functionDeclaration: fn,
    target: { context: result.contexts[0].context },
    awaitPromise: true,
  });
  if (reply.result.type === 'exception')
    throw new Error(`firefox (chrome scope): ${reply.result.exceptionDetails?.text ?? 'exception'}`);
  return reply;
}
const bidiOf = (browser: Browser) => (browser as unknown as { connection: Bidi }).connection;
const contextOf = (frame: Frame) => (frame as unknown as { _id: string })._id;

interface SerialNode {
  type: string;
  sharedId?: string;
  value?: {
    nodeType: number;
    localName?: string;
    attributes?: Record<string, string>;
    children?: SerialNode[];
    shadowRoot?: SerialNode | null;
  };
}

class FirefoxTab implements Tab {
  constructor(
    readonly page: Page,
    private readonly bidi: Bidi,
    private readonly files: string,
  ) {}
  private get context() {
    return contextOf(this.page.mainFrame());
  }
  async goto(url: string) {
    // page.goto never settles when the extension redirects; BiDi's own navigate does.
    await this.bidi
      .send('browsingContext.navigate', { context: this.context, url, wait: 'complete' })
      .catch(() => undefined);
  }
  async url() {
    const { result } = await this.bidi.send('browsingContext.getTree', { root: this.context, maxDepth: 0 });
    return result.contexts[0].url as string;
  }
  async reload() {
    await this.bidi.send('browsingContext.reload', { context: this.context, wait: 'complete' }).catch(() => undefined);
  }
  async waitForUrl(wanted: string | RegExp | ((url: string) => boolean), timeoutMs = 10_000) {
    const start = Date.now();
    for (;;) {
      const url = await this.url();
      if (urlMatches(url, wanted)) return url;
      if (Date.now() - start > timeoutMs) throw new Error(`firefox: still at ${url}`);
      await sleep(100);
    }
  }
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.page.evaluate(fn as (arg: unknown) => R, arg) as Promise<R>;
  }
  async waitFor(selector: string, timeoutMs = 10_000) {
    await pollFor(this.page.mainFrame(), selector, timeoutMs);
  }
  text(selector: string) {
    return this.page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }
  attribute(selector: string, name: string) {
    return this.page.evaluate((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, selector, name);
  }
  count(selector: string) {
    return this.page.evaluate((s) => document.querySelectorAll(s).length, selector);
  }
  inputValue(selector: string) {
    return this.page.evaluate((s) => (document.querySelector(s) as HTMLInputElement).value, selector);
  }
  async click(selector: string) {
    await this.page.click(selector);
  }
  async fill(selector: string, value: string) {
    await fillIn(this.page.mainFrame(), selector, value);
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
    const dir = mkdtempSync(join(this.files, 'choose-'));
    const paths = files.map((f) => {
      const path = join(dir, f.name);
      writeFileSync(path, f.content);
      return path;
    });
    const input = await this.page.$(selector);
    if (!input) throw new Error(`firefox: no ${selector}`);
    await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(...paths);
  }
  private async contextFor(frameUrl?: string): Promise<string> {
    if (!frameUrl) return this.context;
    const { result } = await this.bidi.send('browsingContext.getTree', { root: this.context });
    const stack = [...result.contexts];
    while (stack.length) {
      const c = stack.pop();
      if (c.url.startsWith(frameUrl)) return c.context;
      stack.push(...(c.children ?? []));
    }
    throw new Error(`firefox: no frame at ${frameUrl}`);
  }
  /** BiDi serialises the document with every shadow tree, closed ones included (includeShadowTree: "all"). */
  private async findNode(testid: string, frameUrl?: string): Promise<{ node: SerialNode; context: string } | null> {
    const context = await this.contextFor(frameUrl);
    const { result } = await this.bidi.send('script.callFunction', {
      functionDeclaration: '() => document.documentElement',
      target: { context },
      awaitPromise: false,
      resultOwnership: 'none',
      serializationOptions: { maxDomDepth: null, includeShadowTree: 'all' },
    });
    const stack: SerialNode[] = [result.result];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.value?.attributes?.['data-testid'] === testid) return { node: n, context };
      stack.push(...(n.value?.children ?? []), ...(n.value?.shadowRoot ? [n.value.shadowRoot] : []));
    }
    return null;
  }
  private async callOn<R>(context: string, node: SerialNode, fn: string): Promise<R> {
    const { result } = await this.bidi.send('script.callFunction', {
      functionDeclaration: fn,
      target: { context },
      arguments: [{ sharedId: node.sharedId }],
      awaitPromise: false,
      resultOwnership: 'none',
    });
    return deserialise(result.result) as R;
  }
  async findDeep(testid: string, frameUrl?: string): Promise<DeepElement | null> {
    const found = await this.findNode(testid, frameUrl);
    if (!found) return null;
    const text = await this.callOn<string>(found.context, found.node, '(e) => e.textContent');
    return { attributes: { ...found.node.value!.attributes }, text };
  }
  async clickDeep(testid: string) {
    const found = await this.findNode(testid);
    if (!found) throw new Error(`firefox: no ${testid}`);
    const [x, y] = await this.callOn<number[]>(
      found.context,
      found.node,
      '(e) => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }',
    );
    await this.page.mouse.click(x!, y!);
  }
  async frame(urlPrefix: string) {
    let frame: Frame | undefined;
    for (let i = 0; i < 100 && !frame; i++) {
      frame = this.page.frames().find((f) => f.url().startsWith(urlPrefix));
      if (!frame) await sleep(100);
    }
    if (!frame) throw new Error(`firefox: no frame at ${urlPrefix}`);
    const f = frame;
    return {
      waitFor: (selector: string, timeoutMs = 10_000) => pollFor(f, selector, timeoutMs),
      fill: (selector: string, value: string) => fillIn(f, selector, value),
      click: (selector: string) => f.click(selector),
      evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
        f.evaluate(fn as (arg: unknown) => R, arg) as Promise<R>,
    };
  }
  async screenshot(path: string) {
    await this.page.screenshot({ path: path as `${string}.png` });
  }
  async close() {
    await this.page.close();
  }
}

/**
 * Polled by hand, not page.waitForSelector: the extension may replace a navigation while it loads
 * (the look-alike guard), and Puppeteer's poller then fails on the node of the document that went.
 */
async function pollFor(frame: Frame, selector: string, timeoutMs: number) {
  const start = Date.now();
  for (;;) {
    const found = await frame.evaluate((s) => document.querySelector(s) !== null, selector).catch(() => false);
    if (found) return;
    if (Date.now() - start > timeoutMs) throw new Error(`firefox: no ${selector} in ${frame.url()}`);
    await sleep(100);
  }
}

/** Typed in with trusted key events after clearing the field, as a user fills it in. */
async function fillIn(frame: Frame, selector: string, value: string) {
  await frame.click(selector, { count: 3 });
  await frame.evaluate((s) => {
    const el = document.querySelector(s) as HTMLInputElement;
    el.select();
  }, selector);
  await frame.page().keyboard.press('Backspace');
  await frame.type(selector, value);
}

function deserialise(v: { type: string; value?: unknown }): unknown {
  if (v.type === 'array') return (v.value as { type: string; value?: unknown }[]).map(deserialise);
  return v.value;
}

export interface FirefoxLaunchOptions extends LaunchOptions {
  /** The test server's port: Firefox's HTTP and HTTPS proxy. */
  proxyPort?: number;
  /**
   * `temporary` (the default): the fixture installs the built add-on over BiDi (webExtension.install).
   * `policy`: nothing is installed by the fixture; the add-on must come from /etc/firefox/policies.
   */
  install?: 'temporary' | 'policy';
  /** Extra prefs (e.g. xpinstall.signatures.required for an unsigned add-on installed by policy). */
  prefs?: Record<string, unknown>;
  /** Another way to start Firefox (a wrapper that gives it its own mount namespace). */
  executablePath?: string;
  /**
   * A certificate to trust for these https hosts in the profile itself. acceptInsecureCerts covers
   * what the WebDriver session loads, but a policy install runs at start-up, before any session:
   * so the fixture starts Firefox once to remember the exception (as a user's "accept the risk"
   * would), then starts it for the test.
   */
  trustCertificate?: { pem: string; hosts: string[] };
}

/** The Firefox driver, with the browser's own (chrome) scope for what only the add-on manager knows. */
export type FirefoxBrowser = GuardBrowser & { chromeScope(fn: string): Promise<{ result: any }> };

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxBrowser> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json')))
    throw new Error(`${FIREFOX_EXTENSION_DIR} is not built: run npm run build`);
  const home = mkdtempSync(join(tmpdir(), 'ssk-ff-'));
  const profile = join(home, 'profile');
  mkdirSync(profile);
  writeFirefoxManagedStorage(home, options.managedPolicy);

  let browser: Browser;
  let bidi: Bidi;
  let extTab: FirefoxTab;
  const launchOnce = () =>
    puppeteer.launch({
      browser: 'firefox',
      executablePath: options.executablePath ?? firefoxPath(),
      headless: true,
      acceptInsecureCerts: true,
      userDataDir: profile,
      // BiDi may then open the extension's own pages (moz-extension://) in a tab.
      args: ['--remote-allow-system-access'],
      defaultViewport: { width: 1280, height: 800 },
      env: { ...process.env, HOME: home },
      extraPrefsFirefox: { ...firefoxPrefs(options.proxyPort), ...options.prefs },
    });
  if (options.trustCertificate) {
    const warmUp = await launchOnce();
    const b64 = options.trustCertificate.pem.replace(/-----[A-Z ]+-----|\s/g, '');
    await chromeScopeOf(
      bidiOf(warmUp),
      `() => {
        const cert = Cc['@mozilla.org/security/x509certdb;1'].getService(Ci.nsIX509CertDB).constructX509FromBase64(${JSON.stringify(b64)});
        const overrides = Cc['@mozilla.org/security/certoverride;1'].getService(Ci.nsICertOverrideService);
        for (const host of ${JSON.stringify(options.trustCertificate.hosts)}) overrides.rememberValidityOverride(host, 443, {}, cert, false);
      }`,
    );
    await warmUp.close();
  }
  const start = async () => {
    browser = await launchOnce();
    bidi = bidiOf(browser);
    try {
      if (options.install !== 'policy') await browser.installExtension(FIREFOX_EXTENSION_DIR);
      // The extension's APIs are reached from one of its own pages, kept open in a tab of its own.
      extTab = new FirefoxTab(await browser.newPage(), bidi, home);
      for (let i = 0; ; i++) {
        await extTab.goto(`${FIREFOX_ORIGIN}/popup.html`);
        if ((await extTab.url()).startsWith(FIREFOX_ORIGIN)) break;
        if (i > 100) throw new Error(`firefox: the add-on's page ${FIREFOX_ORIGIN}/popup.html does not open`);
        await sleep(200);
      }
    } catch (e) {
      await browser.close();
      throw e;
    }
  };
  await start();

  const inExtension = <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => extTab.evaluate(fn, arg);
  const chromeScope = (fn: string) => chromeScopeOf(bidi, fn);
  return {
    name: 'firefox',
    origin: FIREFOX_ORIGIN,
    newTab: async () => new FirefoxTab(await browser.newPage(), bidi, home),
    tabs: async () =>
      (await browser.pages()).filter((p) => p !== extTab.page).map((p) => new FirefoxTab(p, bidi, home)),
    inExtension,
    async pushManagedPolicy(policy) {
      // Firefox reads an add-on's managed storage once per session and signals no change: the file
      // is the one an admin's tooling writes, and the policy in it is in force from the next start.
      writeFirefoxManagedStorage(home, policy);
    },
    async restart() {
      await browser.close();
      await start();
    },
    async stopBackground() {
      // What Firefox does to an idle event page, asked of the add-on manager directly.
      const { result } = await chromeScope(
        `async () => {
          const extension = WebExtensionPolicy.getByID(${JSON.stringify(FIREFOX_EXTENSION_ID)}).extension;
          await extension.terminateBackground({ disableResetIdleForTest: true });
          return extension.backgroundState;
        }`,
      );
      if (result.result.value !== 'stopped') throw new Error(`firefox: the background is ${result.result.value}`);
    },
    chromeScope,
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
