// The audit trail tells the truth (7.1.4; issue 12 §3) in real Chromium: a block is recorded from the
// browser's own redirect, never from what the block page is told; a page cannot flood the log; and events
// queued while the collector is down arrive exactly once across 100 service-worker restarts.
import type { CDPSession, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID, launchWithExtension, waitInWorker, type Launched } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

const BLOCK_PAGE = `chrome-extension://${EXTENSION_ID}/blocked.html`;
const COLLECTOR = 'https://collector.ssk.or.jp/v1/events';

interface Event {
  id: string;
  kind: string;
  rule?: string;
  target?: string;
  detail?: Record<string, string>;
}

const worker = (b: Launched): Worker =>
  b.context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID)) ?? b.worker;
const auditLog = (b: Launched) =>
  worker(b).evaluate(
    async () =>
      (((await chrome.storage.local.get('auditLog')).auditLog as { events: unknown[] } | undefined)?.events ??
        []) as Event[],
  );
const blocks = async (b: Launched) => (await auditLog(b)).filter((e) => e.kind === 'block');

async function standing(page: Page): Promise<string> {
  await page.getByTestId('title').waitFor();
  // The page says what the worker answered; 'real' shows no note at all.
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid=block-standing]')?.getAttribute('data-standing');
      return s === undefined || s === null || s === 'not-real' || s === 'no-answer' ? true : false;
    },
    undefined,
    { timeout: 20_000 },
  );
  return (
    (await page
      .getByTestId('block-standing')
      .getAttribute('data-standing', { timeout: 100 })
      .catch(() => null)) ?? 'real'
  );
}

describe('blocks as the browser made them', () => {
  let server: TestServer;
  let b: Launched;
  beforeAll(async () => {
    server = await startTestServer();
    b = await launchWithExtension({ hostPort: server.port });
    await waitInWorker(b.worker, async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('must pass: a real redirect is recorded once, and its page offers the short-link check', async () => {
    const page = await b.context.newPage();
    await page.goto('https://bit.ly/real', { waitUntil: 'commit' }).catch(() => undefined);
    await page.waitForURL((u) => u.href.startsWith(`${BLOCK_PAGE}#shortener:`));
    expect(await standing(page)).toBe('real');
    expect(await page.getByTestId('resolve').count()).toBe(1);
    const found = await waitInWorker(worker(b), async () => {
      const log = (await chrome.storage.local.get('auditLog')).auditLog as { events: { kind: string }[] } | undefined;
      return log?.events.filter((e) => e.kind === 'block').length;
    });
    expect(found).toBe(1);
    // Reloading the page shows the same block again: it was recorded once, when it happened.
    await page.reload();
    expect(await standing(page)).toBe('real');
    await page.waitForTimeout(300);
    expect(await blocks(b)).toHaveLength(1);
    await page.close();
  });

  it('a hostile page cannot open the block page by its address (use_dynamic_url): nothing is recorded', async () => {
    const before = (await blocks(b)).length;
    server.route('evil.example', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><h1 id="page">evil</h1>
        <iframe id="f" src="${BLOCK_PAGE}#cloud-unapproved:https://www.example.com/"></iframe>
        <script>window.opened = window.open('${BLOCK_PAGE}#shortener:https://www.example.com/', '_blank');</script>`),
    );
    const page = await b.context.newPage();
    await page.goto('https://evil.example/');
    await page
      .evaluate((u) => (location.href = `${u}#shortener:https://www.example.org/`), BLOCK_PAGE)
      .catch(() => undefined);
    await page.waitForTimeout(800);
    expect(page.url().startsWith(BLOCK_PAGE)).toBe(false);
    for (const p of b.context.pages()) if (p.url().startsWith(BLOCK_PAGE)) expect(await standing(p)).not.toBe('real'); // if anything opened at all
    expect((await blocks(b)).length).toBe(before);
    for (const p of b.context.pages())
      if (p.url().startsWith('https://evil.example') || p.url().startsWith(BLOCK_PAGE)) await p.close();
  });

  it('the block page opened with a fake rule and URL says it is not a real block, offers nothing, records nothing', async () => {
    const before = (await blocks(b)).length;
    const page = await b.context.newPage();
    // Opened directly (as a link a user was tricked into pasting would): no redirect stands behind it.
    for (const fake of ['cloud-unapproved:https://www.example.com/', 'shortener:https://bit.ly/never-visited']) {
      await page.goto(`${BLOCK_PAGE}#${fake}`);
      expect(await standing(page)).toBe('not-real');
      expect(await page.getByTestId('block-standing').textContent()).toContain('not a real block');
      expect(await page.getByTestId('block-standing').textContent()).toContain('実際の遮断ではありません');
      expect(await page.getByTestId('resolve').count()).toBe(0);
      expect(await page.getByTestId('proceed').count()).toBe(0);
      expect(await page.getByTestId('request-exception').count()).toBe(0);
    }
    await page.waitForTimeout(300);
    expect((await blocks(b)).length).toBe(before);
    // And the worker follows no address that is not a shortener under the policy.
    const asked = await page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'resolve-short-link', url: 'https://www.example.com/' }),
    );
    expect(asked).toMatchObject({ ok: false });
    expect(server.requests.some((r) => r.host === 'www.example.com')).toBe(false);
    await page.close();
  });

  it('a page that makes 300 blocked frames by itself writes a bounded number of events and the count of the rest', async () => {
    server.route('flood.example', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><h1 id="page">flood</h1><script>
        for (let i = 0; i < 300; i++) { const f = document.createElement('iframe'); f.src = 'https://bit.ly/f' + i; document.body.append(f); }
      </script>`),
    );
    const before = (await blocks(b)).length;
    const page = await b.context.newPage();
    await page.goto('https://flood.example/');
    const seen = () =>
      worker(b).evaluate(async () => {
        const t = (await chrome.storage.session.get('auditThrottle')).auditThrottle as
          { scopes: Record<string, { count: number; overLimit: number; duplicates: number }> } | undefined;
        const s = Object.entries(t?.scopes ?? {}).find(([k]) => k.includes('flood.example'))?.[1];
        return s ? s.count + s.overLimit + s.duplicates : 0;
      });
    for (let i = 0; i < 100 && (await seen()) < 300; i++) await page.waitForTimeout(100);
    expect(await seen()).toBe(300);
    const written = (await blocks(b)).length - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(10);

    // Let the window be over now (its length is tested in the unit tests), restart the worker, and the
    // drops are written down as one summary in the log itself.
    await page.waitForTimeout(400); // the throttle's state is saved a moment after its last change
    await worker(b).evaluate(async () => {
      const { auditThrottle } = await chrome.storage.session.get('auditThrottle');
      const t = auditThrottle as { scopes: Record<string, { windowStart: number; lastActive: number }> };
      for (const s of Object.values(t.scopes)) s.windowStart -= 120_000;
      await chrome.storage.session.set({ auditThrottle: t });
    });
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.goto('https://bit.ly/wake').catch(() => undefined); // any event wakes it
    const summary = await waitInWorker(worker(b), async () => {
      const log = (await chrome.storage.local.get('auditLog')).auditLog as { events: Event[] };
      return log.events.find((e) => e.kind === 'suppressed' && e.detail?.scope?.includes('flood.example'));
    });
    expect(Number(summary.detail!.overLimit) + Number(summary.detail!.duplicates) + written).toBe(300);
    await page.close();
  });
});

describe('delivery to the collector across 100 service-worker restarts', () => {
  let server: TestServer;
  let b: Launched;
  let collectorUp = false;
  const received: Event[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    server.route('collector.ssk.or.jp', (_req, res, body) => {
      if (!collectorUp) return res.writeHead(503).end();
      received.push(...(JSON.parse(body) as { events: Event[] }).events);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    b = await launchWithExtension({
      hostPort: server.port,
      managedPolicy: { version: 'e2e-restarts', audit: { endpoint: COLLECTOR, format: 'ssk-guard-v1' } },
    });
    await waitInWorker(
      b.worker,
      async () =>
        ((await chrome.storage.local.get('policyStatus')).policyStatus as { version?: string })?.version ===
        'e2e-restarts',
      30_000,
    );
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('every event queued while the collector was down arrives exactly once', async () => {
    const control = await b.context.newPage();
    const cdp: CDPSession = await b.context.newCDPSession(control);
    await cdp.send('ServiceWorker.enable');
    // A stopped worker's handle is dead: find the one running now (a navigation has woken it).
    const live = async (): Promise<Worker> => {
      for (let t = 0; t < 400; t++) {
        for (const w of b.context.serviceWorkers().filter((x) => x.url().includes(EXTENSION_ID))) {
          const ok = await Promise.race([
            w.evaluate(() => true).catch(() => false),
            new Promise<boolean>((r) => setTimeout(() => r(false), 500)),
          ]);
          if (ok) return w;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no running service worker');
    };
    const queued = async () =>
      (await live()).evaluate(
        async () =>
          ((await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] } | undefined)?.events
            .length ?? 0,
      );
    const RESTARTS = 100;
    let restarts = 0;
    let count = await queued();
    for (let i = 0; i < RESTARTS; i++) {
      const page = await b.context.newPage(); // its own tab: a block of its own, not a duplicate
      await page.goto(`https://bit.ly/r${i}`, { waitUntil: 'commit' }).catch(() => undefined);
      const before = count;
      for (let t = 0; t < 400 && (count = await queued()) <= before; t++) await new Promise((r) => setTimeout(r, 25));
      expect(count, `restart ${i}: the block is queued`).toBeGreaterThan(before);
      await page.close();
      await cdp.send('ServiceWorker.stopAllWorkers');
      restarts++;
      if (i % 10 === 9) console.info(`[restart test] ${restarts} restarts, ${count} queued`);
    }
    expect(restarts).toBe(RESTARTS);
    expect(received).toEqual([]);
    collectorUp = true;
    await control.goto('https://www.ssk.or.jp/').catch(() => undefined); // a navigation wakes the worker
    expect(await queued()).toBeGreaterThanOrEqual(RESTARTS);
    // Let the backoff be over now (its timing is tested in the unit tests).
    await (
      await live()
    ).evaluate(async () => {
      const { auditQueue } = await chrome.storage.local.get('auditQueue');
      await chrome.storage.local.set({ auditQueue: { ...(auditQueue as object), nextAttempt: 0 } });
      await chrome.alarms.create('audit-flush', { when: Date.now() + 10 });
    });
    await waitInWorker(
      await live(),
      async () =>
        ((await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] }).events.length === 0,
      60_000,
    );

    const local = await auditLog(b);
    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect([...ids].sort()).toEqual(local.map((e) => e.id).sort()); // none lost
    const targets = received.filter((e) => e.kind === 'block').map((e) => e.target);
    expect(targets).toHaveLength(RESTARTS);
    console.info(
      `[restart test] ${RESTARTS} restarts, ${ids.length} events queued, ${received.length} received, ${new Set(ids).size} distinct`,
    );
  }, 600_000);
});
