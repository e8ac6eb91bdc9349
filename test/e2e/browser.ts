// The end-to-end fixture (TESTING.md): Debian's Chromium with the built extension, every host name
// mapped to loopback, and managed policy written where Chromium reads it on Linux.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const EXTENSION_ID = 'hpfoeegggioenfljnobgiipembipbgnl';
export const EXTENSION_DIR = resolve('.output/chrome-mv3');
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'ssk-guard-e2e.json');

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

export async function launchWithExtension(
  options: { managedPolicy?: Record<string, unknown>; hostPort?: number } = {},
): Promise<Launched> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`${EXTENSION_DIR} is not built: run npm run build`);
  writeManagedPolicy(options.managedPolicy);
  const profile = mkdtempSync(join(tmpdir(), 'ssk-e2e-'));
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
  return {
    context,
    worker,
    async close() {
      await context.close();
      writeManagedPolicy(undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
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
