// The force-install harness (TESTING.md, issue 10): the extension installed the way admins install it.
// The built extension is packed as CRX3 with a key made at test time, an update manifest and the CRX are
// served on loopback http, and Chromium installs it only because the Linux policy file that
// `ssk-guard policy build --extension-id ID --update-url URL` writes says so. Chromium runs in a mount
// namespace of its own, with that output folder bind-mounted over /etc/chromium/policies, so no other
// run on the machine sees these policies and the test process itself needs no re-exec.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { EXTENSION_DIR, chromiumPath, type Launched } from './browser.ts';
import { packCrx, updateManifest, type PackedCrx } from './crx.ts';

const SYSTEM_POLICY_DIR = '/etc/chromium/policies';
const CLI = resolve('cli/bin.mjs');
/** Where `policy build` puts Chromium's Linux file, relative to its --out folder. */
const BUILT_POLICY_DIR = 'linux/etc/chromium/policies';
const BUILT_POLICY_FILE = 'managed/ssk-guard.json';

/**
 * Test-only browser policies, in a file of their own beside the one `policy build` wrote:
 * DeveloperToolsAvailability 1 lets the harness attach to the force-installed extension's worker (it is 2,
 * disallowed, in production: docs/admin.*.md). The rest keeps a browser that may use the network (extension
 * updates need it) from dialling Google services on a closed network.
 */
export const TEST_BROWSER_POLICIES: Readonly<Record<string, unknown>> = {
  DeveloperToolsAvailability: 1,
  ComponentUpdatesEnabled: false,
  SyncDisabled: true,
  BrowserSignin: 0,
  MetricsReportingEnabled: false,
  SafeBrowsingProtectionLevel: 0,
  SearchSuggestEnabled: false,
  TranslateEnabled: false,
  NetworkPredictionOptions: 2,
  UrlKeyedAnonymizedDataCollectionEnabled: false,
  SpellcheckEnabled: false,
  DefaultBrowserSettingEnabled: false,
  PromotionsEnabled: false,
  BackgroundModeEnabled: false,
  MediaRouterCastAllowAllIPs: false,
  EnableMediaRouter: false,
};

/** Flags for the same end; `--disable-background-networking` itself would stop the force-install. */
const CLOSED_NETWORK_FLAGS = [
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--no-default-browser-check',
  '--no-first-run',
  '--metrics-recording-only',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
];

/**
 * Google services Chromium calls even with the policies above (network time, on-demand components, the
 * accounts cookie check, …). They resolve to nothing, so they never reach a test's server nor the network.
 */
export const CHROMIUM_SERVICE_HOSTS = [
  'accounts.google.com',
  'clients*.google.com',
  'android.clients.google.com',
  'update.googleapis.com',
  'safebrowsing.googleapis.com',
  'optimizationguide-pa.googleapis.com',
  'content-autofill.googleapis.com',
  'www.googleapis.com',
  'dl.google.com',
  '*.gvt1.com',
] as const;

/**
 * Every other host name to loopback (on the test server's port, if any). The first matching rule wins;
 * a MAP with a port applies to IP literals too, so 127.0.0.1 itself (the update server) is left out.
 */
function hostResolverRules(hostPort: number | undefined): string {
  const rules = [
    ...CHROMIUM_SERVICE_HOSTS.map((h) => `MAP ${h} ~NOTFOUND`),
    `MAP * 127.0.0.1${hostPort ? `:${hostPort}` : ''}`,
    'EXCLUDE 127.0.0.1',
  ];
  return `--host-resolver-rules=${rules.join(', ')}`;
}

export interface ForceInstallOptions {
  /** The ssk-guard policy document given to `policy build` (its managed settings, `3rdparty`); default `{}`. */
  managedPolicy?: Record<string, unknown>;
  /** The test web server's port: every host name resolves to 127.0.0.1 on it (as in launchWithExtension). */
  hostPort?: number;
  /** Browser policies added to (or overriding) TEST_BROWSER_POLICIES in the test-only file. */
  browserPolicies?: Record<string, unknown>;
  /**
   * Pass this id to `policy build --extension-id` instead of the CRX's own (a policy naming another
   * extension). The update server still offers our CRX for it, which Chromium must refuse: its signing key
   * gives another id. The launch then waits for no worker.
   */
  forcelistId?: string;
  /** Wait for the extension's worker before returning (default: yes, unless `forcelistId` is given). */
  waitForWorker?: boolean;
}

export interface ForceInstalled extends Launched {
  /** The id of the installed extension: that of the test key (the packed copy has no manifest `key`). */
  extensionId: string;
  /** The folder bind-mounted over /etc/chromium/policies inside Chromium's namespace. */
  policyDir: string;
  /** The policy file `policy build` wrote, as Chromium reads it (`<policyDir>/managed/ssk-guard.json`). */
  policyFile: string;
  /** Milliseconds from launching Chromium until the extension's worker was up (or the launch returned). */
  installMs: number;
  /** Requests the update server answered: `/updates.xml…` and `/ssk-guard.crx`. */
  updateRequests: string[];
  /** When each of those came, in ms after Chromium was launched (same order). */
  updateRequestMs: number[];
  /** Rebuilds the policy file with `policy build` from this document and replaces it; no restart. */
  setManagedPolicy(policy: Record<string, unknown>): void;
}

let packed: { crx: PackedCrx; dir: string } | undefined;

/** Packs once per test process; every launch serves the same CRX. */
function packedCrx(): PackedCrx {
  if (!packed) {
    const dir = mkdtempSync(join(tmpdir(), 'ssk-crx-'));
    const packer =
      chromiumPath() === '/usr/bin/chromium' && existsSync('/usr/lib/chromium/chromium')
        ? '/usr/lib/chromium/chromium' // Debian's /usr/bin/chromium is a shell wrapper around this binary
        : chromiumPath();
    packed = { crx: packCrx(packer, EXTENSION_DIR, dir), dir };
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return packed.crx;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A stand-in "executable" for Playwright: enters a new mount namespace (as root; otherwise a user
 * namespace too), binds `policyDir` over /etc/chromium/policies there, then execs Chromium with the
 * arguments Playwright gave. The process id stays the same, so Playwright's pipe and kill still work.
 */
function namespaceWrapper(dir: string, policyDir: string): string {
  const root = process.getuid?.() === 0;
  if (root) mkdirSync(SYSTEM_POLICY_DIR, { recursive: true });
  else if (!existsSync(SYSTEM_POLICY_DIR))
    throw new Error(`${SYSTEM_POLICY_DIR} does not exist and only root can create it: run as root (CI does)`);
  const unshare = root ? 'unshare --mount --propagation private' : 'unshare --user --map-root-user --mount';
  const script = join(dir, 'chromium-in-namespace.sh');
  writeFileSync(
    script,
    '#!/bin/sh\n' +
      "# Written by test/e2e/force-install.ts: Chromium with this run's policies and no one else's.\n" +
      `exec ${unshare} sh -c 'mount --bind "$0" ${SYSTEM_POLICY_DIR} && exec "$@"' ` +
      `${shellQuote(policyDir)} ${shellQuote(chromiumPath())} "$@"\n`,
    { mode: 0o755 },
  );
  return script;
}

/** Runs the real CLI: `policy build` into `out`; returns the Linux policy file it wrote. */
function policyBuild(out: string, policy: Record<string, unknown>, id: string, updateUrl: string) {
  const input = `${out}-input.json`;
  writeFileSync(input, JSON.stringify(policy));
  try {
    execFileSync(
      process.execPath,
      [CLI, 'policy', 'build', input, '--out', out, '--extension-id', id, '--update-url', updateUrl],
      { stdio: 'pipe' },
    );
  } catch (e) {
    const err = e as { stderr?: Buffer; status?: number };
    throw new Error(`ssk-guard policy build exited ${err.status}: ${err.stderr?.toString() ?? e}`);
  }
  const file = join(out, BUILT_POLICY_DIR, BUILT_POLICY_FILE);
  if (!existsSync(file)) throw new Error(`policy build wrote no ${BUILT_POLICY_DIR}/${BUILT_POLICY_FILE}`);
  return file;
}

async function startUpdateServer(
  crx: PackedCrx,
  seen: string[],
  seenAt: number[],
  since: () => number,
): Promise<{ server: Server; base: string }> {
  let base = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push(req.url ?? '');
    seenAt.push(Date.now() - since());
    if (url.pathname === '/updates.xml') {
      // Answer for the id asked about (`x=id%3D…`), always with our CRX: a policy naming another id gets
      // a CRX that is not that extension, and Chromium must refuse it (its signature gives another id).
      const asked = new URLSearchParams(url.searchParams.get('x') ?? '').get('id') ?? crx.id;
      return res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(updateManifest(asked, crx.version, `${base}/ssk-guard.crx`));
    }
    const path = url.pathname;
    if (path === '/ssk-guard.crx')
      return res.writeHead(200, { 'content-type': 'application/x-chrome-extension' }).end(crx.crx);
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base };
}

export async function launchForceInstalled(options: ForceInstallOptions = {}): Promise<ForceInstalled> {
  const crx = packedCrx();
  const work = mkdtempSync(join(tmpdir(), 'ssk-force-'));
  const updateRequests: string[] = [];
  const updateRequestMs: number[] = [];
  let started = Date.now();
  const { server, base } = await startUpdateServer(crx, updateRequests, updateRequestMs, () => started);
  const updateUrl = `${base}/updates.xml`;
  const forcelistId = options.forcelistId ?? crx.id;
  const closeServer = () => new Promise<void>((done) => server.close(() => done()));
  let context: import('playwright-core').BrowserContext | undefined;
  try {
    // The policy folder is exactly what `policy build` wrote for /etc/chromium/policies, plus one test file.
    const out = join(work, 'deploy');
    policyBuild(out, options.managedPolicy ?? {}, forcelistId, updateUrl);
    const policyDir = join(out, BUILT_POLICY_DIR);
    const policyFile = join(policyDir, BUILT_POLICY_FILE);
    writeFileSync(
      join(policyDir, 'managed', 'ssk-guard-test-only.json'),
      JSON.stringify({ ...TEST_BROWSER_POLICIES, ...options.browserPolicies }),
    );

    started = Date.now();
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: namespaceWrapper(work, policyDir),
      headless: true,
      // Either default stops a force-install: extensions off, and no update check at all.
      ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        ...CLOSED_NETWORK_FLAGS,
        hostResolverRules(options.hostPort),
        '--ignore-certificate-errors',
      ],
    });
    const prefix = `chrome-extension://${crx.id}/`;
    const worker = !(options.waitForWorker ?? options.forcelistId === undefined)
      ? undefined
      : (context.serviceWorkers().find((w) => w.url().startsWith(prefix)) ??
        (await context
          .waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(prefix), timeout: 45_000 })
          .catch((e: Error) => {
            throw new Error(
              `the force-installed extension ${crx.id} did not start (${e.message}); ` +
                `the update server saw: ${JSON.stringify(updateRequests.map((u) => u.split('?')[0]))}`,
            );
          })));
    const installMs = Date.now() - started;
    const ctx = context;
    let rebuilds = 0;
    return {
      context: ctx,
      // With a forcelist naming another id there is no worker of ours; tests of that case must not use it.
      worker: worker as NonNullable<typeof worker>,
      extensionId: crx.id,
      policyDir,
      policyFile,
      installMs,
      updateRequests,
      updateRequestMs,
      setManagedPolicy(policy) {
        const next = policyBuild(join(work, `deploy-${++rebuilds}`), policy, forcelistId, updateUrl);
        // Replace, not rewrite in place: Chromium never reads a half-written file.
        const staged = join(work, 'staged-policy.json');
        copyFileSync(next, staged);
        renameSync(staged, policyFile);
      },
      async close() {
        await ctx.close().catch(() => undefined);
        await closeServer();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => undefined);
    await closeServer();
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}
