// The form guard's cost (issue 4 bars), measured in the same run against baselines:
//  1. the pure decision for an allowed form in Node (classify a login form + the cached verdict),
//     against a bare `new URL()` of its action;
//  2. in real Chromium with the built extension: time from submit to decision for an allowed form
//     (bar ≤ 5 ms median), with the verdict asked ahead (the user focused a field first) and cold
//     (submitted by script the moment the page loads), against the same page without the extension;
//  3. the content scripts' size (built, raw and gzipped) and their main-thread time per page load,
//     from a Chromium trace, against the page's whole main-thread script time.
// Chromium parts need `npm run build` and /usr/bin/chromium (or CHROME_PATH); without them they are skipped, saying so.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { compilePolicy } from '../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../shared/policy/default.ts';
import { classifySubmission, type FieldFact } from '../shared/web/form-sensitivity.ts';
import { judgeSubmission } from '../shared/web/form-verdict.ts';
import { EXTENSION_DIR, EXTENSION_ID, chromiumArgs } from '../test/e2e/browser.ts';
import { line, medianMs } from './measure.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
let sink = 0;

// ---- 1. the pure decision path in Node
{
  const fields: FieldFact[] = [
    { name: 'user', value: 'taro.yamada', type: 'text', autocomplete: 'username' },
    { name: 'password', value: 'correct horse 42', type: 'password', autocomplete: 'current-password' },
    { name: 'remember', value: 'on', type: 'checkbox' },
    { name: 'op', value: 'login' },
  ];
  const action = 'https://www.ssk.or.jp/session';
  const compiled = compilePolicy(SSK_DEFAULT_POLICY);
  const cache = new Map([
    [new URL(action).origin, judgeSubmission(compiled, { page: action, action, sensitive: ['password'] })],
  ]);
  const N = 10_000;
  const decide = medianMs(15, () => {
    for (let i = 0; i < N; i++) {
      const kinds = classifySubmission(fields, { method: 'post' });
      sink += kinds.length && cache.get(new URL(action).origin)?.verdict === 'allow' ? 1 : 0;
    }
  });
  const parse = medianMs(15, () => {
    for (let i = 0; i < N; i++) sink += new URL(action).origin.length;
  });
  console.log(
    `pure decision for a login form: ${((decide / N) * 1000).toFixed(2)} µs; new URL(action): ${((parse / N) * 1000).toFixed(2)} µs`,
  );
  line('forms: pure decision / bare new URL() of the action (Node)', decide / parse, 'information');
  const cold = medianMs(15, () => {
    for (let i = 0; i < 100; i++)
      sink += judgeSubmission(compiled, {
        page: action,
        action: `https://x${i}.example.net/p`,
        sensitive: ['password'],
      }).findings.length;
  });
  console.log(
    `service-worker verdict for a new destination (psl, look-alikes): ${((cold / 100) * 1000).toFixed(1)} µs`,
  );
}

// ---- 2 and 3: real Chromium
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(chromePath) || !existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  console.log('forms: Chromium parts skipped (need Chromium and `npm run build`)');
} else {
  await chromiumParts();
}
if (sink === 42) console.log('');

/** An HTTPS server for every host name (the browser maps them all to it), certificate made now. */
async function httpsServer(page: (url: string) => string): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'ssk-bench-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=bench', '-keyout', key, '-out', cert],
    {
      stdio: 'ignore',
    },
  );
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(req.url ?? '/'));
  });
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

async function chromiumParts() {
  // Sizes first: they need no browser.
  const dir = join(EXTENSION_DIR, 'content-scripts');
  let totalGz = 0;
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const bytes = readFileSync(join(dir, f));
    const gz = gzipSync(bytes, { level: 9 }).length;
    totalGz += gz;
    console.log(`content script ${f}: ${(bytes.length / 1024).toFixed(1)} kB, gzip ${(gz / 1024).toFixed(1)} kB`);
  }
  line('forms: content scripts, all, gzip', totalGz / 1024, 'report', ' kB');

  // The same extension without its content scripts (same worker, same rules), and with an empty
  // isolated-world script in their place: what any document_start script in every frame costs.
  const variant = (scripts: (cs: { js: string[]; world?: string }[]) => unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'ssk-bench-variant-'));
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'content-scripts', 'empty.js'), 'void 0;');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const cs = scripts(manifest.content_scripts as { js: string[]; world?: string }[]);
    if (cs) manifest.content_scripts = cs;
    else delete manifest.content_scripts;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  };
  const bare = variant(() => undefined);
  const empty = variant((cs) =>
    cs.filter((c) => c.world !== 'MAIN').map((c) => ({ ...c, js: ['content-scripts/empty.js'] })),
  );

  const loginPage = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
    <form id="f" method="post" action="/session"><input name="user" value="taro">
    <input id="pw" name="password" type="password" value="correct horse 42"><button id="go">login</button></form>
    <script>
      window.lat = []; let t0 = 0;
      // Registered after the guard's capture listener: runs once the guard has let the submission go.
      window.addEventListener('submit', (e) => { e.preventDefault(); lat.push(performance.now() - t0); });
      window.once = () => { t0 = performance.now(); document.getElementById('f').requestSubmit(); };
    </script></body></html>`;
  const plainPage = (n: string) => `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>page ${n}</title>
    <script>window.firstScript = performance.now();</script></head>
    <body><h1>ページ ${n}</h1><p>${'本文のテキスト / body text. '.repeat(40)}</p>
    <form action="/search"><input name="q"><button>検索</button></form><iframe src="/frame"></iframe></body></html>`;
  const server = await httpsServer((url) =>
    url.startsWith('/plain') ? plainPage(url) : url.startsWith('/frame') ? '<p>frame</p>' : loginPage,
  );
  const port = (server.address() as AddressInfo).port;

  const launch = async (extensionDir: string) => {
    const profile = mkdtempSync(join(tmpdir(), 'ssk-bench-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromePath,
      headless: true,
      args: chromiumArgs({ extension: true, hostPort: port }).map((a) => a.replace(EXTENSION_DIR, extensionDir)),
    });
    const worker =
      context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID)) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().includes(EXTENSION_ID) }));
    for (let i = 0; i < 300; i++) {
      if (await worker.evaluate(async () => !!(await chrome.storage.local.get('policyStatus')).policyStatus)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const page = await context.newPage();
    return { page, close: async () => (await context.close(), rmSync(profile, { recursive: true, force: true })) };
  };
  const ours = await launch(EXTENSION_DIR);
  const none = await launch(bare);
  const idle = await launch(empty);
  const lat = (page: Page) => page.evaluate(() => (window as unknown as { lat: number[] }).lat);

  /** Submit → decision with the verdict asked ahead: focus first (as a user does), then 200 submits. */
  async function warm(page: Page): Promise<number> {
    await page.goto('https://www.ssk.or.jp/login');
    await page.focus('#pw');
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const w = window as unknown as { once(): void };
      for (let i = 0; i < 200; i++) w.once();
    });
    return median((await lat(page)).slice(10));
  }
  /** Submitted by script the moment the page has loaded: the verdict may still be on its way. */
  async function cold(page: Page, rounds: number): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await page.goto(`https://www.ssk.or.jp/login?${i}`);
      await page.evaluate(() => (window as unknown as { once(): void }).once());
      await page.waitForFunction(() => (window as unknown as { lat: number[] }).lat.length > 0, undefined, {
        timeout: 10_000,
      });
      times.push((await lat(page))[0]!);
    }
    return median(times.slice(1));
  }
  /** Navigation start to load event, and to the page's first script (which document_start scripts delay). */
  async function loadTime(page: Page, url: string): Promise<[number, number]> {
    await page.goto(url, { waitUntil: 'load' });
    return page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return [
        nav.loadEventEnd - nav.startTime,
        (window as unknown as { firstScript: number }).firstScript - nav.startTime,
      ];
    });
  }
  /** Main-thread time of the content scripts' own evaluation in one page load (2 frames), from a trace. */
  async function scriptTime(page: Page, rounds: number): Promise<number> {
    const cdp = await page.context().newCDPSession(page);
    type TraceEvent = { name: string; dur?: number; args?: { data?: { url?: string } } };
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const events: TraceEvent[] = [];
      const collect = (e: { value: object[] }) => events.push(...(e.value as TraceEvent[]));
      cdp.on('Tracing.dataCollected', collect);
      const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline'] } });
      await page.goto(`https://www.ssk.or.jp/plain-trace-${i}`, { waitUntil: 'load' });
      await cdp.send('Tracing.end');
      await done;
      cdp.off('Tracing.dataCollected', collect);
      let ms = 0;
      for (const e of events)
        if (
          e.name === 'EvaluateScript' &&
          e.args?.data?.url?.startsWith(`chrome-extension://${EXTENSION_ID}/content-scripts/`)
        )
          ms += (e.dur ?? 0) / 1000;
      times.push(ms);
    }
    await cdp.detach();
    return median(times.slice(2));
  }

  const baseWarm = await warm(none.page);
  const extWarm = await warm(ours.page);
  const extCold = await cold(ours.page, 20);
  const browsers = { none, idle, ours };
  type Which = keyof typeof browsers;
  const loads: Record<Which, number[]> = { none: [], idle: [], ours: [] };
  const first: Record<Which, number[]> = { none: [], idle: [], ours: [] };
  const orders: Which[][] = [
    ['none', 'idle', 'ours'],
    ['ours', 'none', 'idle'],
    ['idle', 'ours', 'none'],
  ];
  for (let i = 0; i < 10; i++)
    for (const w of orders[0]!) await loadTime(browsers[w].page, `https://warm${i}.example.com/plain`);
  for (let i = 0; i < 120; i++) {
    // Interleaved in rotating order, so the three browsers see the same machine load.
    for (const w of orders[i % 3]!) {
      const [load, script] = await loadTime(browsers[w].page, `https://site${i}.example.com/plain`);
      loads[w].push(load);
      first[w].push(script);
    }
  }
  const evaluate = await scriptTime(ours.page, 25);
  await ours.close();
  await none.close();
  await idle.close();
  await new Promise((r) => server.close(r));
  for (const d of [bare, empty]) rmSync(d, { recursive: true, force: true });

  console.log('submit → decision, allowed password form on www.ssk.or.jp (median, timer resolution 0.1 ms):');
  console.log(
    `  without the content scripts ${baseWarm.toFixed(2)} ms; with them, verdict asked ahead ${extWarm.toFixed(2)} ms; ` +
      `submitted by script at load ${extCold.toFixed(2)} ms`,
  );
  line('forms: submit → decision, allowed form, verdict asked ahead', extWarm, '≤ 5 ms', ' ms');
  line('forms: submit → decision, allowed form, at load (cold)', extCold, '≤ 5 ms', ' ms');
  const m = (xs: number[]) => median(xs).toFixed(1);
  console.log('page load, 120 pages of 2 frames (median ms): load / first page script');
  console.log(`  no content scripts ${m(loads.none)} / ${m(first.none)}`);
  console.log(`  an empty isolated-world script, document_start, all frames ${m(loads.idle)} / ${m(first.idle)}`);
  console.log(`  the form guard and hook ${m(loads.ours)} / ${m(first.ours)}`);
  line('forms: page load, form guard / no content scripts', median(loads.ours) / median(loads.none), 'information');
  line(
    'forms: page load, form guard / an empty document_start script',
    median(loads.ours) / median(loads.idle),
    'information',
  );
  line('forms: content scripts’ evaluation per page load (2 frames)', evaluate, 'report', ' ms');
}
