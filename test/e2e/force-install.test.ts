// The admin kit, installed for real (issue 10): Chromium installs the extension only because the Linux
// policy file that `ssk-guard policy build --extension-id --update-url` wrote says so, from a CRX3 and an
// update manifest served on loopback. Installed by policy it cannot be disabled, its managed settings are
// in force, a new policy file takes effect without a restart, and blocking webRequest is granted — which
// the same build loaded unpacked does not get. A policy naming another id installs nothing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { launchWithExtension, type Launched } from './browser.ts';
import { CHROMIUM_SERVICE_HOSTS, launchForceInstalled, type ForceInstalled } from './force-install.ts';
import { startTestServer, type TestServer } from './server.ts';

interface Status {
  version: string;
  applied: string[];
  sources: Record<string, string>;
}
/** The worker's policy status once it reports `version` (a policy file change settles in seconds). */
async function statusVersion(w: Worker, version: string): Promise<Status> {
  for (let i = 0; i < 300; i++) {
    const status = await w.evaluate(async (v) => {
      const s = (await chrome.storage.local.get('policyStatus')).policyStatus as Status | undefined;
      return s?.version === v ? s : undefined;
    }, version);
    if (status) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the worker never reported policy version ${version}`);
}

async function visit(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  await page.waitForLoadState('domcontentloaded');
}

/** Polled: the block page replaces the navigation mid-way. */
async function landsOn(page: Page, prefix: string): Promise<string> {
  for (let i = 0; i < 100 && !page.url().startsWith(prefix); i++) await page.waitForTimeout(100);
  return page.url();
}

/** What the extensions page's own toggle calls: chrome.management.setEnabled, from chrome://extensions. */
async function disableFromExtensionsPage(context: BrowserContext, id: string): Promise<string> {
  const page = await context.newPage();
  await page.goto('chrome://extensions/');
  const result = await page.evaluate(
    (extensionId) =>
      new Promise<string>((done) =>
        chrome.management.setEnabled(extensionId, false, () => done(chrome.runtime.lastError?.message ?? 'disabled')),
      ),
    id,
  );
  await page.close();
  return result;
}

/** Registers a blocking listener that cancels requests to cancel.example; the error text if refused. */
const registerBlockingListener = (w: Worker) =>
  w.evaluate(() => {
    try {
      const cancel = () => ({ cancel: true });
      chrome.webRequest.onBeforeRequest.addListener(cancel, { urls: ['*://cancel.example/*'] }, ['blocking']);
      (globalThis as { __sskCancel?: typeof cancel }).__sskCancel = cancel;
      return 'registered';
    } catch (e) {
      return String((e as Error).message ?? e);
    }
  });

/**
 * Registers a blocking listener cancelling cancel.example, visits it and then a control host, removes the
 * listener. Returns whether it registered, how the visit ended, and which of the two the server saw.
 */
async function blockingProbe(w: Worker, page: Page, server: TestServer) {
  const registered = await registerBlockingListener(w);
  const before = server.requests.length;
  const cancelled = await page.goto('https://cancel.example/post').then(
    () => 'loaded',
    (e: Error) => e.message,
  );
  await visit(page, 'https://www.ssk.or.jp/after-cancel');
  // Only the two hosts visited: the unpacked fixture lets Chromium's own accounts check through to the server.
  const reached = server.requests
    .slice(before)
    .map((r) => r.host)
    .filter((h) => h === 'cancel.example' || h === 'www.ssk.or.jp');
  await w.evaluate(() => {
    const g = globalThis as { __sskCancel?: () => { cancel: boolean } };
    if (g.__sskCancel) chrome.webRequest.onBeforeRequest.removeListener(g.__sskCancel);
  });
  return { registered, cancelled, reached };
}

describe('force-installed through the policy file that policy build writes', () => {
  let server: TestServer;
  let b: ForceInstalled;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    b = await launchForceInstalled({
      hostPort: server.port,
      managedPolicy: { version: 'fi-managed-1', shorteners: { exceptions: ['aka.ms'] } },
    });
    page = await b.context.newPage();
    const at = (path: string) => b.updateRequestMs[b.updateRequests.findIndex((u) => u.startsWith(path))];
    console.log(
      `force-install, ms after launching Chromium: update check ${at('/updates.xml')}, ` +
        `CRX fetched ${at('/ssk-guard.crx')}, worker up ${b.installMs}`,
    );
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('is installed from the self-hosted update manifest, named by the file policy build wrote', async () => {
    const file = JSON.parse(readFileSync(b.policyFile, 'utf8'));
    const [entry] = file.ExtensionInstallForcelist as string[];
    expect(entry).toMatch(new RegExp(`^${b.extensionId};http://127\\.0\\.0\\.1:\\d+/updates\\.xml$`));
    expect(Object.keys(file['3rdparty'].extensions)).toEqual([b.extensionId]);
    expect(b.worker.url()).toBe(`chrome-extension://${b.extensionId}/background.js`);
    // The update check says who asked for it; then the CRX was fetched.
    expect(b.updateRequests.find((u) => u.startsWith('/updates.xml'))).toContain('installedby%3Dpolicy');
    expect(b.updateRequests).toContain('/ssk-guard.crx');
  });

  it('is an admin install the user cannot disable', async () => {
    const self = await b.worker.evaluate(() => chrome.management.getSelf());
    expect(self).toMatchObject({ id: b.extensionId, installType: 'admin', mayDisable: false, enabled: true });
    const refused = await disableFromExtensionsPage(b.context, b.extensionId);
    expect(refused).toBe(`Extension ${b.extensionId} cannot be modified by user.`);
    expect(await b.worker.evaluate(async () => (await chrome.management.getSelf()).enabled)).toBe(true);
  });

  it('has the managed settings (3rdparty) in force in the worker', async () => {
    const status = await statusVersion(b.worker, 'fi-managed-1');
    expect(status.applied).toContain('managed');
    expect(status.sources).toMatchObject({ version: 'managed', 'shorteners.exceptions': 'managed' });
    expect(await b.worker.evaluate(() => chrome.storage.managed.get())).toMatchObject({
      version: 'fi-managed-1',
      shorteners: { exceptions: ['aka.ms'] },
    });
    // In force, not only stored: the managed exception lets aka.ms through, another shortener is blocked.
    await visit(page, 'https://aka.ms/fi');
    expect(page.url()).toBe('https://aka.ms/fi');
    await visit(page, 'https://bit.ly/fi');
    expect(await landsOn(page, `chrome-extension://${b.extensionId}/blocked.html#shortener:`)).toContain(
      `chrome-extension://${b.extensionId}/blocked.html#shortener:`,
    );
  });

  it('is granted blocking webRequest: a blocking listener cancels a request', async () => {
    expect(await b.worker.evaluate(() => chrome.permissions.contains({ permissions: ['webRequestBlocking'] }))).toBe(
      true,
    );
    expect(await blockingProbe(b.worker, page, server)).toEqual({
      registered: 'registered',
      cancelled: expect.stringContaining('ERR_BLOCKED_BY_CLIENT'),
      reached: ['www.ssk.or.jp'],
    });
  });

  it('picks up a rewritten policy file without a restart', async () => {
    // A page of its own, fully loaded: the shared one may still be committing the previous test's cancelled load.
    const same = await b.context.newPage();
    await same.goto('https://www.ssk.or.jp/marker', { waitUntil: 'load' });
    await same.evaluate(() => ((window as { marker?: string }).marker = 'same page, same browser'));
    b.setManagedPolicy({ version: 'fi-managed-2', shorteners: { exceptions: [] } });
    const status = await statusVersion(b.worker, 'fi-managed-2');
    expect(status.sources).toMatchObject({ version: 'managed' });
    expect(await same.evaluate(() => (window as { marker?: string }).marker)).toBe('same page, same browser');
    await same.close();
    // The exception is gone: aka.ms is now blocked like any shortener.
    const fresh = await b.context.newPage();
    await visit(fresh, 'https://aka.ms/fi2');
    expect(await landsOn(fresh, `chrome-extension://${b.extensionId}/blocked.html#shortener:`)).toContain(
      'blocked.html#shortener:',
    );
    await fresh.close();
  });

  it("keeps Chromium's own service calls off the test server (a closed network)", () => {
    const hosts = new Set(server.requests.map((r) => r.host));
    const services = CHROMIUM_SERVICE_HOSTS.map((h) => new RegExp(`^${h.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`));
    expect([...hosts].filter((h) => services.some((re) => re.test(h)))).toEqual([]);
  });
});

describe('what must not install', () => {
  it('a policy naming another id installs nothing, though our CRX is offered for it', async () => {
    const other = 'abcdefghijklmnopabcdefghijklmnop';
    const b = await launchForceInstalled({ forcelistId: other });
    try {
      // Chromium asks about the id the policy names, fetches the CRX it is offered, and must refuse it.
      for (let i = 0; i < 300 && !b.updateRequests.includes('/ssk-guard.crx'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(b.updateRequests.find((u) => u.startsWith('/updates.xml'))).toContain(`id%3D${other}`);
      expect(b.updateRequests).toContain('/ssk-guard.crx');
      const page = await b.context.newPage();
      let installed = '';
      // Give the refused install its moment, then look at every extension Chromium holds.
      for (let i = 0; i < 3; i++) {
        await page.waitForTimeout(1000);
        await page.goto('chrome://extensions-internals/');
        installed = await page.evaluate(() => document.body.innerText);
      }
      expect(installed).toContain('"location": "COMPONENT"'); // the list is there (Chromium's own PDF viewer)
      expect(installed).not.toContain('"name": "ssk-guard"');
      expect(installed).not.toContain(b.extensionId);
      expect(installed).not.toContain(other);
      expect(b.context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});

describe('developer tools, as production leaves them', () => {
  it("without the test's DeveloperToolsAvailability 1 the installed extension's worker is out of reach", async () => {
    // 0 is Chromium's default: developer tools, but not on force-installed extensions (production uses 2: none).
    const b = await launchForceInstalled({ waitForWorker: false, browserPolicies: { DeveloperToolsAvailability: 0 } });
    try {
      const page = await b.context.newPage();
      let installed = '';
      for (let i = 0; i < 100 && !installed.includes('"name": "ssk-guard"'); i++) {
        await page.waitForTimeout(100);
        await page.goto('chrome://extensions-internals/');
        installed = await page.evaluate(() => document.body.innerText);
      }
      expect(installed).toContain(`"id": "${b.extensionId}"`);
      expect(installed).toContain('"location": "EXTERNAL_POLICY_DOWNLOAD"');
      // Installed and running, yet no worker to attach to, and its pages cannot be driven.
      expect(b.context.serviceWorkers().filter((w) => w.url().includes(b.extensionId))).toEqual([]);
      const popup = await b.context.newPage();
      const opened = await popup.goto(`chrome-extension://${b.extensionId}/popup.html`).then(
        () => 'opened',
        (e: Error) => e.message,
      );
      expect(opened).toMatch(/closed/);
    } finally {
      await b.close();
    }
  });
});

describe('the same build loaded unpacked (the developer path)', () => {
  let server: TestServer;
  let b: Launched;
  beforeAll(async () => {
    server = await startTestServer();
    b = await launchWithExtension({ hostPort: server.port });
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('is not an admin install and is not granted blocking webRequest: nothing is cancelled', async () => {
    const self = await b.worker.evaluate(() => chrome.management.getSelf());
    expect(self).toMatchObject({ installType: 'development', mayDisable: true });
    expect(await b.worker.evaluate(() => chrome.permissions.contains({ permissions: ['webRequestBlocking'] }))).toBe(
      false,
    );
    // The listener is accepted without a word, and it cancels nothing: the request reaches the server.
    const probe = await blockingProbe(b.worker, await b.context.newPage(), server);
    expect(probe.cancelled).toBe('loaded');
    expect(probe.reached).toEqual(['cancel.example', 'www.ssk.or.jp']);
  });
});
