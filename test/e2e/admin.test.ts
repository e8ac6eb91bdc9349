// Admin paths in real Chromium and Firefox: a signed remote policy served over local HTTPS takes
// effect; a badly signed one is rejected and the previous stays; audit events reach the collector once
// it is back, none lost across a background stop, none sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPolicy } from '../../shared/policy/remote-acceptance.ts';
import { generateKeyPair, importPrivateKey } from '../../shared/policy/signature.ts';
import { BROWSERS, launch } from './browser.ts';
import { tid, waitInExtension, type GuardBrowser, type Tab } from './driver.ts';
import { startTestServer, type TestServer } from './server.ts';

const POLICY_URL = 'https://policy.ssk.or.jp/ssk-guard/policy.signed.json';
const COLLECTOR = 'https://collector.ssk.or.jp/v1/events';

const version = (b: GuardBrowser) =>
  b.inExtension(
    async () =>
      ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string } | undefined)?.version,
  );

const EXPIRES = new Date(Date.now() + 7 * 86_400_000).toISOString();
const signed = async (doc: Record<string, unknown>, serial: number, privateKey: string) =>
  JSON.stringify(await signPolicy(doc, { serial, expires: EXPIRES }, await importPrivateKey(privateKey)));
const remoteResult = (b: GuardBrowser) =>
  b.inExtension(
    async () =>
      ((await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as { result: string } | undefined)
        ?.result,
  );
const fetchNow = (b: GuardBrowser) =>
  b.inExtension(() => chrome.alarms.create('policy-fetch', { when: Date.now() + 10, periodInMinutes: 5 }));

describe.each(BROWSERS)('remote policy and audit forwarding in %s', (name) => {
  let keys: { publicKey: string; privateKey: string };
  let server: TestServer;
  let b: GuardBrowser;
  let page: Tab;
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
    b = await launch(name, {
      serverPort: server.port,
      managedPolicy: {
        version: 'managed-1',
        policyUrl: POLICY_URL,
        policyPublicKey: keys.publicKey,
        policyRefreshMinutes: 5,
        audit: { endpoint: COLLECTOR, format: 'ssk-guard-v1' },
      },
    });
    page = await b.newTab();
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('a signed document from the policy URL takes effect (its exception lets aka.ms through)', async () => {
    // Managed storage is laid over the remote document, so the version shown stays the managed one;
    // the remote layer must be applied and its setting in force.
    await waitInExtension(
      b,
      async () => {
        const s = (await chrome.storage.local.get('policyStatus')).policyStatus as { applied?: string[] } | undefined;
        return s?.applied?.includes('remote');
      },
      undefined,
      30_000,
    );
    expect(await version(b)).toBe('managed-1');
    const sources = await b.inExtension(
      async () =>
        ((await chrome.storage.local.get('policyStatus')).policyStatus as { sources: Record<string, string> }).sources,
    );
    expect(sources['shorteners.exceptions']).toBe('remote');
    await page.goto('https://aka.ms/x');
    expect(await page.url()).toBe('https://aka.ms/x');
    expect(server.requests.some((r) => r.host === 'policy.ssk.or.jp')).toBe(true);
  });

  it('a badly signed document is rejected and the previous one stays in force', async () => {
    const other = await generateKeyPair();
    served = await signed({ version: 'remote-evil', shorteners: { exceptions: ['bit.ly'] } }, 11, other.privateKey);
    await fetchNow(b);
    const remote = await waitInExtension(
      b,
      async () => {
        const r = (await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as
          { result: string } | undefined;
        return r?.result.includes('signature') ? r : undefined;
      },
      undefined,
      20_000,
    );
    expect(remote.result).toContain('signature rejected');
    await page.goto('https://bit.ly/still-blocked');
    await page.waitForUrl(`${b.origin}/blocked.html#shortener:`);
    await page.goto('https://aka.ms/y');
    expect(await page.url()).toBe('https://aka.ms/y');
    // Recorded after the fetch's status is stored (the status is what was waited for above): polled.
    expect(
      await waitInExtension(b, async () => {
        const log = (await chrome.storage.local.get('auditLog')).auditLog as
          { events: { kind: string; detail?: Record<string, string> }[] } | undefined;
        return log?.events.some((e) => e.kind === 'policy-rejected' && e.detail?.layer === 'remote');
      }),
    ).toBe(true);
  });

  it('an older document, validly signed, is refused as a rollback and the newer one stays', async () => {
    served = await signed({ version: 'remote-0', shorteners: { exceptions: ['bit.ly'] } }, 9, keys.privateKey);
    await fetchNow(b);
    const result = await waitInExtension(
      b,
      async () => {
        const r = (await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as
          { result: string } | undefined;
        return r?.result.includes('rollback') ? r.result : undefined;
      },
      undefined,
      20_000,
    );
    expect(result).toContain('serial 9 is lower than 10');
    await page.goto('https://bit.ly/rolled-back');
    await page.waitForUrl(`${b.origin}/blocked.html#shortener:`);
    await page.goto('https://aka.ms/z');
    expect(await page.url()).toBe('https://aka.ms/z');
    // Back to the badly signed one, which the options page below reports.
    served = await signed({ version: 'remote-evil' }, 12, (await generateKeyPair()).privateKey);
    await fetchNow(b);
    await waitInExtension(b, async () => {
      const r = (await chrome.storage.local.get('remotePolicyStatus')).remotePolicyStatus as { result: string };
      return r.result.includes('signature rejected');
    });
    expect(await remoteResult(b)).toContain('signature rejected');
  });

  it('the options page shows where settings came from and the last fetch', async () => {
    const options = await b.newTab();
    await options.goto(`${b.origin}/options.html`);
    await options.waitFor(tid('remote-status'));
    expect(await options.text(tid('remote-status'))).toContain('signature rejected');
    expect(await options.text(tid('policy-layers'))).toContain('管理ポリシー / managed');
    await options.fill(tid('test-url'), 'https://bit.ly/abc');
    await options.click(`form:has(${tid('test-url')}) button[type=submit]`);
    await options.waitFor(`${tid('test-result')} *`);
    for (let i = 0; i < 50 && !(await options.text(tid('test-result')))?.includes('遮断 / blocked'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await options.text(tid('test-result'))).toContain('遮断 / blocked');
    await options.close();
  });

  it('events queue while the collector is down and arrive once it is back, across a background stop', async () => {
    await page.goto('https://bit.ly/queued-1');
    await page.goto('https://drive.google.com/queued-2');
    await waitInExtension(
      b,
      async () => {
        const q = (await chrome.storage.local.get('auditQueue')).auditQueue as
          { events: unknown[]; failures: number } | undefined;
        return q && q.events.length >= 2 && q.failures > 0;
      },
      undefined,
      20_000,
    );
    expect(received).toEqual([]);
    const queued = () =>
      b.inExtension(
        async () =>
          ((await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] } | undefined)?.events
            .length ?? 0,
      );
    const before = await queued();

    await b.stopBackground();
    collectorUp = true;
    // Wake the background; let the backoff be over now (the wait itself is tested in the unit tests).
    await page.goto('https://bit.ly/after-restart');
    await page.waitForUrl((u) => u.includes('blocked.html#shortener:'));
    await page.waitFor(tid('title'));
    // Its block event is queued by the background a moment after the page shows: wait for it, or the
    // read-modify-write of the queue below races the background's own write (one of them is lost).
    await waitInExtension(
      b,
      async (n) =>
        ((await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] }).events.length > n,
      before,
      20_000,
    );
    await b.inExtension(async () => {
      const { auditQueue } = await chrome.storage.local.get('auditQueue');
      await chrome.storage.local.set({ auditQueue: { ...(auditQueue as object), nextAttempt: 0 } });
      await chrome.alarms.create('audit-flush', { when: Date.now() + 10 });
    });
    await waitInExtension(
      b,
      async () => {
        const q = (await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] };
        return q.events.length === 0;
      },
      undefined,
      30_000,
    );

    const local = await b.inExtension(async () =>
      ((await chrome.storage.local.get('auditLog')).auditLog as { events: { id: string }[] }).events.map((e) => e.id),
    );
    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect([...ids].sort()).toEqual([...local].sort()); // none lost: every local event reached the collector
    expect(received.map((e) => e.kind)).toEqual(expect.arrayContaining(['policy-change', 'policy-rejected', 'block']));
  });
});
