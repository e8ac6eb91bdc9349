// Page-load time with the extension against without it: 200 local pages (distinct host names mapped
// to a loopback server) in real Chromium, interleaved so both browsers see the same machine load.
// Bar: ratio ≤ 1.03.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/e2e/browser.ts';
import { startTestServer } from '../test/e2e/server.ts';
import { line } from './measure.ts';

const PAGES = 200;

async function launch(
  withExtension: boolean,
  port: number,
): Promise<{ context: BrowserContext; page: Page; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'ssk-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs({ extension: withExtension, hostPort: port }),
  });
  if (withExtension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    for (let i = 0; i < 100; i++) {
      if ((await worker.evaluate(() => chrome.storage.local.get('policyStatus'))).policyStatus) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { context, page: await context.newPage(), profile };
}

/** Navigation start to load event, from the page's own Navigation Timing. */
async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.loadEventEnd - nav.startTime;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const server = await startTestServer();
for (let i = 0; i < PAGES; i++)
  server.route(`site${i}.example.com`, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>page ${i}</title></head><body>
<h1>ページ ${i}</h1>${'<p>本文のテキスト / body text. '.repeat(40)}</p>
<form action="/search"><input name="q"><button>検索</button></form></body></html>`);
  });
const without = await launch(false, server.port);
const withExt = await launch(true, server.port);
const a: number[] = [];
const b: number[] = [];
try {
  for (let i = 0; i < 10; i++) {
    await loadTime(without.page, `https://site${i}.example.com/warm`);
    await loadTime(withExt.page, `https://site${i}.example.com/warm`);
  }
  for (let i = 0; i < PAGES; i++) {
    const url = `https://site${i}.example.com/page`;
    // Alternate which browser goes first, so neither always meets a warmer server.
    if (i % 2) {
      a.push(await loadTime(without.page, url));
      b.push(await loadTime(withExt.page, url));
    } else {
      b.push(await loadTime(withExt.page, url));
      a.push(await loadTime(without.page, url));
    }
  }
} finally {
  for (const l of [without, withExt]) {
    await l.context.close();
    rmSync(l.profile, { recursive: true, force: true });
  }
  await server.close();
}
console.log(
  `${PAGES} pages: without ${mean(a).toFixed(2)} ms mean / ${median(a).toFixed(2)} median; with ${mean(b).toFixed(2)} ms mean / ${median(b).toFixed(2)} median`,
);
line('page load: with the extension / without (mean)', mean(b) / mean(a), '≤ 1.03');
line('page load: with the extension / without (median)', median(b) / median(a), '≤ 1.03');
