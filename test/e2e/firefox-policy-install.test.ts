// Firefox installed the way admins install it (docs/admin.*.md): the policies.json that
// `ssk-guard policy build` writes, unmodified, in /etc/firefox/policies of Firefox's own mount
// namespace; the add-on force-installed by that file from an https URL (served on loopback), and
// its managed settings from the same file's 3rdparty section. The fixture installs nothing itself.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tid, waitForPolicyVersion } from './driver.ts';
import {
  FIREFOX_EXTENSION_DIR,
  FIREFOX_EXTENSION_ID,
  firefoxPath,
  launchFirefox,
  type FirefoxBrowser,
} from './firefox.ts';
import { startTestServer, type TestServer } from './server.ts';

const XPI_URL = 'https://downloads.ssk.or.jp/ssk-guard/ssk-guard.xpi';

/** The XPI admins host: the built firefox-mv3 folder, zipped (unsigned here; production signs it on AMO). */
function packXpi(dir: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  return zipSync(files);
}

/**
 * Firefox in a mount namespace of its own, with `policies` bound over /etc/firefox/policies there:
 * the machine's own /etc/firefox/policies is never written, and other runs never see this file.
 */
function firefoxInOwnNamespace(work: string, policies: string): string {
  if (process.getuid?.() !== 0)
    throw new Error('the policy-install test binds over /etc/firefox/policies in a mount namespace: run it as root');
  // The mount point itself must exist; an empty directory changes nothing for any Firefox.
  execFileSync('mkdir', ['-p', '/etc/firefox/policies']);
  const wrapper = join(work, 'firefox-in-namespace.sh');
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      // unshare and the shells exec one another: the pid Puppeteer holds is Firefox's own.
      `exec unshare -m --propagation private sh -c 'mount --bind "$0" /etc/firefox/policies && exec "$@"' ${JSON.stringify(policies)} ${JSON.stringify(firefoxPath())} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

describe('Firefox ESR with the add-on force-installed by the policies.json that policy build writes', () => {
  let server: TestServer;
  let b: FirefoxBrowser;
  let work: string;
  let xpiRequests = 0;
  /** What an admin runs: `ssk-guard policy build policy.json --out deploy --xpi-url URL`. */
  function policyBuild(doc: Record<string, unknown>) {
    writeFileSync(join(work, 'policy.json'), JSON.stringify(doc));
    execFileSync(
      process.execPath,
      [
        'cli/bin.mjs',
        'policy',
        'build',
        join(work, 'policy.json'),
        '--out',
        join(work, 'deploy'),
        '--xpi-url',
        XPI_URL,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ssk-ff-policy-'));
    const xpi = packXpi(FIREFOX_EXTENSION_DIR);
    server = await startTestServer();
    server.route('downloads.ssk.or.jp', (req, res) => {
      if (req.url !== '/ssk-guard/ssk-guard.xpi') return res.writeHead(404).end();
      xpiRequests++;
      res.writeHead(200, { 'content-type': 'application/x-xpinstall', 'content-length': xpi.length }).end(xpi);
    });
    policyBuild({
      version: 'fleet-ff-1',
      shorteners: { exceptions: ['aka.ms'] },
      overrides: { allowed: true, reasonRequired: true, minutes: 15 },
    });
    b = await launchFirefox({
      proxyPort: server.port,
      install: 'policy',
      executablePath: firefoxInOwnNamespace(work, join(work, 'deploy', 'firefox')),
      // An unsigned XPI: ESR honours this pref; release Firefox and production use a signed XPI.
      prefs: { 'xpinstall.signatures.required': false },
      trustCertificate: { pem: server.certificate, hosts: [new URL(XPI_URL).hostname] },
    });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs the add-on from the policy’s install_url, as installed by policy and not removable', async () => {
    expect(xpiRequests).toBeGreaterThanOrEqual(1);
    const self = await b.inExtension(() => chrome.management.getSelf());
    expect(self).toMatchObject({ id: FIREFOX_EXTENSION_ID, installType: 'admin', enabled: true });
    const { result } = await b.chromeScope(
      `async () => {
        const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
        const a = await AddonManager.getAddonByID(${JSON.stringify(FIREFOX_EXTENSION_ID)});
        return JSON.stringify({
          temporary: a.temporarilyInstalled,
          canUninstall: Boolean(a.permissions & AddonManager.PERM_CAN_UNINSTALL),
          canDisable: Boolean(a.permissions & AddonManager.PERM_CAN_DISABLE),
        });
      }`,
    );
    expect(JSON.parse(result.result.value)).toEqual({ temporary: false, canUninstall: false, canDisable: false });
  });

  it('puts the managed settings of the same file in force', async () => {
    await waitForPolicyVersion(b, 'fleet-ff-1', 30_000);
    const status = await b.inExtension(
      async () =>
        (await chrome.storage.local.get('policyStatus')).policyStatus as {
          applied: string[];
          sources: Record<string, string>;
        },
    );
    expect(status.applied).toEqual(['default', 'managed']);
    expect(status.sources).toMatchObject({ 'shorteners.exceptions': 'managed', 'overrides.minutes': 'managed' });
    const tab = await b.newTab();
    // The exception from the file lets aka.ms through; other shorteners stay blocked, overridable now.
    await tab.goto('https://aka.ms/fleet');
    expect(await tab.url()).toBe('https://aka.ms/fleet');
    await tab.goto('https://bit.ly/fleet');
    await tab.waitForUrl(`${b.origin}/blocked.html#shortener:`);
    await tab.waitFor(tid('proceed'));
    expect(await tab.count(tid('proceed'))).toBe(1);
  });

  it('a new policies.json is in force from the next start, the add-on still installed by policy', async () => {
    policyBuild({ version: 'fleet-ff-2', shorteners: { exceptions: [] } });
    // Firefox reads policies.json at start-up only: until the user restarts, the previous file rules.
    expect(
      await b.inExtension(
        async () => ((await chrome.storage.local.get('policyStatus')).policyStatus as { version: string }).version,
      ),
    ).toBe('fleet-ff-1');
    await b.restart();
    await waitForPolicyVersion(b, 'fleet-ff-2', 30_000);
    expect(await b.inExtension(() => chrome.management.getSelf())).toMatchObject({ installType: 'admin' });
    const tab = await b.newTab();
    await tab.goto('https://aka.ms/fleet');
    await tab.waitForUrl(`${b.origin}/blocked.html#shortener:`);
  });
});
