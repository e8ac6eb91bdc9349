// Admin paths in real Chromium: a signed remote policy served over local HTTPS takes effect; a badly
// signed one is rejected and the previous stays; audit events reach the collector once it is back,
// none lost across a service-worker stop, none sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { signPolicy } from '../../shared/policy/remote-acceptance.ts';
import { generateKeyPair, importPrivateKey } from '../../shared/policy/signature.ts';
import { EXTENSION_ID, launchWithExtension, waitInWorker, type Launched } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

const POLICY_URL = 'https://policy.ssk.or.jp/ssk-guard/policy.signed.json';
const COLLECTOR = 'https://collector.ssk.or.jp/v1/events';

async function visit(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
}
const version = (w: Worker) =>
  w.evaluate(
    async () =>
      ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string } | undefined)?.version,
  );
const worker = (b: Launched) => b.context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID)) ?? b.worker;

const EXPIRES = new Date(Date.now() + 7 * 86_400_000).toISOString();
const signed = async (doc: Record<string, unknown>, serial: number, privateKey: string) =>
  JSON.stringify(await signPolicy(doc, { serial, expires: EXPIRES }, await importPrivateKey(privateKey)));
const remoteResult = (w: Worker) =>
  w.evaluate(
    async () =>
      ((await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as { result: string } | undefined)
        ?.result,
  );
const fetchNow = (w: Worker) =>
  w.evaluate(() => chrome.alarms.create('policy-fetch', { when: Date.now() + 10, periodInMinutes: 5 }));

describe('remote policy and audit forwarding', () => {
  let keys: { publicKey: string; privateKey: string };
  let server: TestServer;
  let b: Launched;
  let page: Page;
  let served = '';
  let collectorUp = false;
  const received: { id: string; kind: string }[] = [];

  beforeAll(async () => {
    keys = await generateKeyPair();
    served = await signed({ version: 'remote-1', shorteners: { exceptions: ['aka.ms'] } }, 10, keys.privateKey);
    server = await startTestServer();
    server.route('policy.ssk.or.jp', (req, res) => {
      const etag = `"${served.length}-${served.slice(-12)}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(served);
    });
    server.route('collector.ssk.or.jp', (_req, res, body) => {
      if (!collectorUp) return res.writeHead(503).end();
      const envelope = JSON.parse(body) as { schema: string; events: { id: string; kind: string }[] };
      expect(envelope.schema).toBe('ssk-guard.audit/v1');
      received.push(...envelope.events);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    b = await launchWithExtension({
      hostPort: server.port,
      managedPolicy: {
        version: 'managed-1',
        policyUrl: POLICY_URL,
        policyPublicKey: keys.publicKey,
        policyRefreshMinutes: 5,
        audit: { endpoint: COLLECTOR, format: 'ssk-guard-v1' },
      },
    });
    page = await b.context.newPage();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('a signed document from the policy URL takes effect (its exception lets aka.ms through)', async () => {
    // Managed storage is laid over the remote document, so the version shown stays the managed one;
    // the remote layer must be applied and its setting in force.
    await waitInWorker(
      b.worker,
      async () => {
        const s = (await chrome.storage.local.get('policyStatus')).policyStatus as { applied?: string[] } | undefined;
        return s?.applied?.includes('remote');
      },
      30_000,
    );
    expect(await version(b.worker)).toBe('managed-1');
    const sources = await b.worker.evaluate(
      async () =>
        ((await chrome.storage.local.get('policyStatus')).policyStatus as { sources: Record<string, string> }).sources,
    );
    expect(sources['shorteners.exceptions']).toBe('remote');
    await visit(page, 'https://aka.ms/x');
    expect(page.url()).toBe('https://aka.ms/x');
    expect(server.requests.some((r) => r.host === 'policy.ssk.or.jp')).toBe(true);
  });

  it('a badly signed document is rejected and the previous one stays in force', async () => {
    const other = await generateKeyPair();
    served = await signed({ version: 'remote-evil', shorteners: { exceptions: ['bit.ly'] } }, 11, other.privateKey);
    await fetchNow(b.worker);
    const remote = await waitInWorker(
      b.worker,
      async () => {
        const r = (await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as
          { result: string } | undefined;
        return r?.result.includes('signature') ? r : undefined;
      },
      20_000,
    );
    expect(remote.result).toContain('signature rejected');
    await visit(page, 'https://bit.ly/still-blocked');
    await page.waitForURL((u) => u.href.startsWith(`chrome-extension://${EXTENSION_ID}/blocked.html#shortener:`));
    await visit(page, 'https://aka.ms/y');
    expect(page.url()).toBe('https://aka.ms/y');
    const log = await b.worker.evaluate(
      async () =>
        (await chrome.storage.local.get('auditLog')).auditLog as {
          events: { kind: string; detail?: Record<string, string> }[];
        },
    );
    expect(log.events.some((e) => e.kind === 'policy-rejected' && e.detail?.layer === 'remote')).toBe(true);
  });

  it('an older document, validly signed, is refused as a rollback and the newer one stays', async () => {
    served = await signed({ version: 'remote-0', shorteners: { exceptions: ['bit.ly'] } }, 9, keys.privateKey);
    await fetchNow(b.worker);
    const result = await waitInWorker(
      b.worker,
      async () => {
        const r = (await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as
          { result: string } | undefined;
        return r?.result.includes('rollback') ? r.result : undefined;
      },
      20_000,
    );
    expect(result).toContain('serial 9 is lower than 10');
    await visit(page, 'https://bit.ly/rolled-back');
    await page.waitForURL((u) => u.href.startsWith(`chrome-extension://${EXTENSION_ID}/blocked.html#shortener:`));
    await visit(page, 'https://aka.ms/z');
    expect(page.url()).toBe('https://aka.ms/z');
    // Back to the badly signed one, which the options page below reports.
    served = await signed({ version: 'remote-evil' }, 12, (await generateKeyPair()).privateKey);
    await fetchNow(b.worker);
    await waitInWorker(b.worker, async () => {
      const r = (await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as { result: string };
      return r.result.includes('signature rejected');
    });
    expect(await remoteResult(b.worker)).toContain('signature rejected');
  });

  it('the options page shows where settings came from and the last fetch', async () => {
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    await options.getByTestId('remote-status').waitFor();
    expect(await options.getByTestId('remote-status').textContent()).toContain('signature rejected');
    expect(await options.getByTestId('policy-layers').textContent()).toContain('管理ポリシー / managed');
    await options.getByTestId('test-url').fill('https://bit.ly/abc');
    await options.getByRole('button', { name: '確認 / Check' }).click();
    await options.getByTestId('test-result').getByText('遮断 / blocked').waitFor();
    await options.close();
  });

  it('events queue while the collector is down and arrive once it is back, across a service-worker stop', async () => {
    await visit(page, 'https://bit.ly/queued-1');
    await visit(page, 'https://drive.google.com/queued-2');
    await waitInWorker(
      b.worker,
      async () => {
        const q = (await chrome.storage.local.get('auditQueue')).auditQueue as
          { events: unknown[]; failures: number } | undefined;
        return q && q.events.length >= 2 && q.failures > 0;
      },
      20_000,
    );
    expect(received).toEqual([]);

    const cdp = await b.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    collectorUp = true;
    // Wake the worker; let the backoff be over now (the wait itself is tested in the unit tests).
    await visit(page, 'https://bit.ly/after-restart');
    await page.waitForURL((u) => u.href.includes('blocked.html#shortener:'));
    await page.getByTestId('title').waitFor(); // its block event is recorded once the page shows
    const w = worker(b);
    await w.evaluate(async () => {
      const { auditQueue } = await chrome.storage.local.get('auditQueue');
      await chrome.storage.local.set({ auditQueue: { ...(auditQueue as object), nextAttempt: 0 } });
      await chrome.alarms.create('audit-flush', { when: Date.now() + 10 });
    });
    await waitInWorker(
      w,
      async () => {
        const q = (await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] };
        return q.events.length === 0;
      },
      30_000,
    );

    const local = await w.evaluate(async () =>
      ((await chrome.storage.local.get('auditLog')).auditLog as { events: { id: string }[] }).events.map((e) => e.id),
    );
    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect([...ids].sort()).toEqual([...local].sort()); // none lost: every local event reached the collector
    expect(received.map((e) => e.kind)).toEqual(expect.arrayContaining(['policy-change', 'policy-rejected', 'block']));
  });
});
