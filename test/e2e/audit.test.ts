// The audit trail tells the truth (7.1.4; issue 12 §3) in real Chromium and Firefox: a block is recorded
// from the browser's own redirect, never from what the block page is told; a page cannot flood the log;
// and events queued while the collector is down arrive exactly once across 100 restarts of the
// background (Chromium's service worker, Firefox's event page).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch } from './browser.ts';
import {
  auditLog,
  sleep,
  tid,
  waitForLaterBlock,
  waitForPolicyVersion,
  waitInExtension,
  waitInTab,
  type AuditEvent,
  type GuardBrowser,
  type Tab,
} from './driver.ts';
import { startTestServer, type TestServer } from './server.ts';

const COLLECTOR = 'https://collector.ssk.or.jp/v1/events';

const blocks = async (b: GuardBrowser) => (await auditLog(b)).filter((e) => e.kind === 'block');

/** What the block page says of itself once the background answered: 'real' shows no note at all. */
async function standing(tab: Tab): Promise<string> {
  await tab.waitFor(tid('title'));
  await waitInTab(
    tab,
    () => {
      const s = document.querySelector('[data-testid=block-standing]')?.getAttribute('data-standing');
      return s === undefined || s === null || s === 'not-real' || s === 'no-answer';
    },
    undefined,
    20_000,
  );
  return (await tab.attribute(tid('block-standing'), 'data-standing')) ?? 'real';
}

describe.each(BROWSERS)('blocks as %s made them', (name) => {
  let server: TestServer;
  let b: GuardBrowser;
  let BLOCK_PAGE: string;
  beforeAll(async () => {
    server = await startTestServer();
    b = await launch(name, { serverPort: server.port });
    BLOCK_PAGE = `${b.origin}/blocked.html`;
    await waitInExtension(b, async () => (await chrome.storage.local.get('policyStatus')).policyStatus);
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('must pass: a real redirect is recorded once, and its page offers the short-link check', async () => {
    const tab = await b.newTab();
    await tab.goto('https://bit.ly/real');
    await tab.waitForUrl(`${BLOCK_PAGE}#shortener:`);
    expect(await standing(tab)).toBe('real');
    expect(await tab.count(tid('resolve'))).toBe(1);
    const found = await waitInExtension(b, async () => {
      const log = (await chrome.storage.local.get('auditLog')).auditLog as { events: { kind: string }[] } | undefined;
      return log?.events.filter((e) => e.kind === 'block').length;
    });
    expect(found).toBe(1);
    // Reloading the page shows the same block again: it was recorded once, when it happened.
    await tab.reload();
    expect(await standing(tab)).toBe('real');
    await waitForLaterBlock(b);
    expect(await blocks(b)).toHaveLength(2); // the redirect's and the marker's: none for the reload
    await tab.close();
  });

  it(
    name === 'chromium'
      ? 'a hostile page cannot open the block page by its address (use_dynamic_url): nothing is recorded'
      : 'a hostile page can open the block page by its address (Firefox has no use_dynamic_url): it says it is not a real block, and nothing is recorded',
    async () => {
      const before = (await blocks(b)).length;
      server.route('evil.example', (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><h1 id="page">evil</h1>
        <iframe id="f" src="${BLOCK_PAGE}#cloud-unapproved:https://www.example.com/"></iframe>
        <script>window.opened = window.open('${BLOCK_PAGE}#shortener:https://www.example.com/', '_blank');</script>`),
      );
      const tab = await b.newTab();
      await tab.goto('https://evil.example/');
      await tab
        .evaluate((u) => void (location.href = `${u}#shortener:https://www.example.org/`), BLOCK_PAGE)
        .catch(() => undefined);
      await sleep(800);
      if (name === 'chromium') expect((await tab.url()).startsWith(BLOCK_PAGE)).toBe(false);
      else {
        // Firefox opens it: the page must then tell the user it stands for no block, and offer nothing.
        await tab.waitForUrl(BLOCK_PAGE);
        expect(await standing(tab)).toBe('not-real');
        expect(await tab.text(tid('block-standing'))).toContain('実際の遮断ではありません');
        expect(await tab.count(tid('resolve'))).toBe(0);
      }
      let opened = 0;
      for (const t of await b.tabs())
        if ((await t.url().catch(() => '')).startsWith(BLOCK_PAGE)) {
          opened++;
          expect(await standing(t)).not.toBe('real'); // if anything opened at all
        }
      if (name === 'firefox') expect(opened).toBeGreaterThan(0);
      await waitForLaterBlock(b);
      expect((await blocks(b)).length).toBe(before + 1); // the marker's only
      for (const t of await b.tabs()) {
        const url = await t.url().catch(() => ''); // a window the page opened may be gone
        if (url.startsWith('https://evil.example') || url.startsWith(BLOCK_PAGE)) await t.close();
      }
    },
  );

  it('the block page opened with a fake rule and URL says it is not a real block, offers nothing, records nothing', async () => {
    const before = (await blocks(b)).length;
    const tab = await b.newTab();
    // Opened directly (as a link a user was tricked into pasting would): no redirect stands behind it.
    for (const fake of ['cloud-unapproved:https://www.example.com/', 'shortener:https://bit.ly/never-visited']) {
      await tab.goto(`${BLOCK_PAGE}#${fake}`);
      expect(await standing(tab)).toBe('not-real');
      expect(await tab.text(tid('block-standing'))).toContain('not a real block');
      expect(await tab.text(tid('block-standing'))).toContain('実際の遮断ではありません');
      expect(await tab.count(tid('resolve'))).toBe(0);
      expect(await tab.count(tid('proceed'))).toBe(0);
      expect(await tab.count(tid('request-exception'))).toBe(0);
    }
    await waitForLaterBlock(b);
    expect((await blocks(b)).length).toBe(before + 1); // the marker's only
    // And the background follows no address that is not a shortener under the policy.
    const asked = await tab.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'resolve-short-link', url: 'https://www.example.com/' }),
    );
    expect(asked).toMatchObject({ ok: false });
    expect(server.requests.some((r) => r.host === 'www.example.com')).toBe(false);
    await tab.close();
  });

  it('a page that makes 300 blocked frames by itself writes a bounded number of events and the count of the rest', async () => {
    server.route('flood.example', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><h1 id="page">flood</h1><script>
        for (let i = 0; i < 300; i++) { const f = document.createElement('iframe'); f.src = 'https://bit.ly/f' + i; document.body.append(f); }
      </script>`),
    );
    const before = (await blocks(b)).length;
    const tab = await b.newTab();
    await tab.goto('https://flood.example/');
    const scope = () =>
      b.inExtension(async () => {
        const t = (await chrome.storage.session.get('auditThrottle')).auditThrottle as
          { scopes: Record<string, { count: number; overLimit: number; duplicates: number }> } | undefined;
        return Object.entries(t?.scopes ?? {}).find(([k]) => k.includes('flood.example'))?.[1];
      });
    const seen = async () => {
      const s = await scope();
      return s ? s.count + s.overLimit + s.duplicates : 0;
    };
    for (let i = 0; i < 300 && (await seen()) < 300; i++) await sleep(100);
    expect(await seen()).toBe(300);
    // The throttle counts an admitted event before its write to the log has finished: wait for the log
    // to hold every admitted one (a write that never lands fails here).
    const admitted = (await scope())!.count;
    let written = (await blocks(b)).length - before;
    for (let i = 0; i < 150 && written < admitted; i++) {
      await sleep(100);
      written = (await blocks(b)).length - before;
    }
    expect(written).toBe(admitted);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(10);

    // Let the window be over now (its length is tested in the unit tests), restart the background, and
    // the drops are written down as one summary in the log itself.
    await sleep(400); // the throttle's state is saved a moment after its last change
    await b.inExtension(async () => {
      const { auditThrottle } = await chrome.storage.session.get('auditThrottle');
      const t = auditThrottle as { scopes: Record<string, { windowStart: number; lastActive: number }> };
      for (const s of Object.values(t.scopes)) s.windowStart -= 120_000;
      await chrome.storage.session.set({ auditThrottle: t });
    });
    await b.stopBackground();
    await tab.goto('https://bit.ly/wake'); // any event wakes it
    const summary = await waitInExtension(b, async () => {
      const log = (await chrome.storage.local.get('auditLog')).auditLog as { events: AuditEvent[] };
      return log.events.find((e) => e.kind === 'suppressed' && e.detail?.scope?.includes('flood.example'));
    });
    expect(Number(summary.detail!.overLimit) + Number(summary.detail!.duplicates) + written).toBe(300);
    await tab.close();
  });
});

describe.each(BROWSERS)('delivery to the collector across 100 restarts of the background in %s', (name) => {
  let server: TestServer;
  let b: GuardBrowser;
  let collectorUp = false;
  const received: AuditEvent[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    server.route('collector.ssk.or.jp', (_req, res, body) => {
      if (!collectorUp) return res.writeHead(503).end();
      received.push(...(JSON.parse(body) as { events: AuditEvent[] }).events);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    b = await launch(name, {
      serverPort: server.port,
      managedPolicy: { version: 'e2e-restarts', audit: { endpoint: COLLECTOR, format: 'ssk-guard-v1' } },
    });
    await waitForPolicyVersion(b, 'e2e-restarts', 30_000);
  });
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('every event queued while the collector was down arrives exactly once', async () => {
    const control = await b.newTab();
    const queued = () =>
      b.inExtension(
        async () =>
          ((await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] } | undefined)?.events
            .length ?? 0,
      );
    const RESTARTS = 100;
    let restarts = 0;
    let count = await queued();
    for (let i = 0; i < RESTARTS; i++) {
      const tab = await b.newTab(); // its own tab: a block of its own, not a duplicate
      void tab.goto(`https://bit.ly/r${i}`);
      const before = count;
      for (let t = 0; t < 400 && (count = await queued()) <= before; t++) await sleep(25);
      expect(count, `restart ${i}: the block is queued`).toBeGreaterThan(before);
      await tab.close();
      await b.stopBackground();
      restarts++;
      if (i % 10 === 9) console.info(`[restart test, ${name}] ${restarts} restarts, ${count} queued`);
    }
    expect(restarts).toBe(RESTARTS);
    expect(received).toEqual([]);
    collectorUp = true;
    await control.goto('https://www.ssk.or.jp/'); // a navigation wakes the background
    expect(await queued()).toBeGreaterThanOrEqual(RESTARTS);
    // Let the backoff be over now (its timing is tested in the unit tests).
    await b.inExtension(async () => {
      const { auditQueue } = await chrome.storage.local.get('auditQueue');
      await chrome.storage.local.set({ auditQueue: { ...(auditQueue as object), nextAttempt: 0 } });
      await chrome.alarms.create('audit-flush', { when: Date.now() + 10 });
    });
    await waitInExtension(
      b,
      async () =>
        ((await chrome.storage.local.get('auditQueue')).auditQueue as { events: unknown[] }).events.length === 0,
      undefined,
      60_000,
    );

    const local = await auditLog(b);
    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect([...ids].sort()).toEqual(local.map((e) => e.id).sort()); // none lost
    const targets = received.filter((e) => e.kind === 'block').map((e) => e.target);
    expect(targets).toHaveLength(RESTARTS);
    console.info(
      `[restart test, ${name}] ${RESTARTS} restarts, ${ids.length} events queued, ${received.length} received, ${new Set(ids).size} distinct`,
    );
  }, 600_000);
});
