// Page-load time with the extension against without it, in real Chromium, on two sets of local pages
// (distinct host names mapped to a loopback server): 200 light pages, and 40 heavier ones (20 scripts,
// 10 style sheets, 5 cross-site iframes each). Bar: with / without ≤ 1.03 on both.
//
// The same run also loads every page in builds of the extension cut down to one part each, so the cost
// of the whole is shown split into its parts (the extension with no content script, one empty
// isolated-world script, the main-world hook alone) against the same baseline. All browsers load each page
// in turn, in an order that rotates, so each meets the same machine load and a warm server as often.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { EXTENSION_DIR, chromiumArgs, chromiumPath } from '../test/e2e/browser.ts';
import { launchForceInstalled } from '../test/e2e/force-install.ts';
import { startTestServer } from '../test/e2e/server.ts';
import { line } from './measure.ts';

interface Manifest {
  content_scripts?: { world?: string; js: string[] }[];
}

/** A copy of the built extension (or of `from`) whose manifest `edit` changes (null: no extension at all). */
interface Variant {
  name: string;
  edit: ((m: Manifest, dir: string) => void) | null;
  from?: string;
  /** Installed the way admins install it (test/e2e/force-install.ts): Chromium then grants the backstop its blocking listener. */
  force?: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'without the extension', edit: null },
  { name: 'with no content script', edit: (m) => void delete m.content_scripts },
  {
    name: 'with only an empty isolated-world script',
    edit: (m, dir) => {
      m.content_scripts = m.content_scripts!.filter((c) => c.world !== 'MAIN');
      writeFileSync(join(dir, m.content_scripts[0]!.js[0]!), 'void 0;\n');
    },
  },
  {
    name: 'with only the main-world hook',
    edit: (m) => void (m.content_scripts = m.content_scripts!.filter((c) => c.world === 'MAIN')),
  },
  // Candidate builds to compare in the same run: SSK_BENCH_CANDIDATES="name=/path/to/extension-dir,…".
  ...(process.env.SSK_BENCH_CANDIDATES ?? '')
    .split(',')
    .filter(Boolean)
    .map((c): Variant => ({
      name: `candidate ${c.split('=')[0]}`,
      from: c.slice(c.indexOf('=') + 1),
      edit: () => undefined,
    })),
  { name: 'the extension as built', edit: () => undefined },
  { name: 'the extension as built, force-installed by policy (backstop on)', edit: () => undefined, force: true },
];
/** The variant the bar is for: the extension as users have it. */
const AS_BUILT = VARIANTS.length - 2;

interface Launched {
  context: BrowserContext;
  page: Page;
  dirs: string[];
  close(): Promise<void>;
}

async function waitForPolicy(worker: Worker) {
  for (let i = 0; i < 100; i++) {
    if ((await worker.evaluate(() => chrome.storage.local.get('policyStatus'))).policyStatus) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function launch(v: Variant, port: number): Promise<Launched> {
  if (v.force) {
    // Its own flags and browser policies (force-install.ts): compare it with the unpacked build, not only the baseline.
    const f = await launchForceInstalled({ hostPort: port });
    await waitForPolicy(f.worker);
    return { context: f.context, page: await f.context.newPage(), dirs: [], close: () => f.close() };
  }
  const profile = mkdtempSync(join(tmpdir(), 'ssk-bench-'));
  const dirs = [profile];
  let args = chromiumArgs({ extension: false, hostPort: port });
  if (v.edit) {
    const ext = mkdtempSync(join(tmpdir(), 'ssk-bench-ext-'));
    dirs.push(ext);
    cpSync(v.from ?? EXTENSION_DIR, ext, { recursive: true });
    const file = join(ext, 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    v.edit(m, ext);
    writeFileSync(file, JSON.stringify(m));
    args = args
      .filter((a) => a !== '--disable-extensions')
      .concat(`--disable-extensions-except=${ext}`, `--load-extension=${ext}`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args,
  });
  if (v.edit) {
    const worker =
      context.serviceWorkers()[0] ??
      (await context.waitForEvent('serviceworker', { timeout: 60_000 }).catch(() => {
        throw new Error(`${v.name}: the extension's service worker did not start (${v.from ?? EXTENSION_DIR})`);
      }));
    await waitForPolicy(worker);
  }
  return { context, page: await context.newPage(), dirs, close: () => context.close() };
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

const LIGHT = 200;
const HEAVY = 40;
const text = '<p>本文のテキスト / body text. '.repeat(40) + '</p>';
const server = await startTestServer();
const send = (res: import('node:http').ServerResponse, type: string, body: string) =>
  res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
for (let i = 0; i < LIGHT; i++)
  server.route(`site${i}.example.com`, (_req, res) =>
    send(
      res,
      'text/html',
      `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>page ${i}</title></head><body>
<h1>ページ ${i}</h1>${text}
<form action="/search"><input name="q"><button>検索</button></form></body></html>`,
    ),
  );
for (let i = 0; i < HEAVY; i++) {
  server.route(`heavy${i}.example.org`, (req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/s/'))
      return send(
        res,
        'text/javascript',
        `window.n${path.slice(3, -3)} = ${'[1,2,3].map(x => x * 2).length + '.repeat(50)}0;`,
      );
    if (path.startsWith('/c/'))
      return send(res, 'text/css', `.c${path.slice(3, -4)} { margin: 1px; color: #123; }\n`.repeat(40));
    const scripts = Array.from({ length: 20 }, (_, k) => `<script src="/s/${k}.js"></script>`).join('');
    const styles = Array.from({ length: 10 }, (_, k) => `<link rel="stylesheet" href="/c/${k}.css">`).join('');
    const frames = Array.from(
      { length: 5 },
      (_, k) => `<iframe src="https://frame${k}.heavy${i}.example.net/"></iframe>`,
    ).join('');
    send(
      res,
      'text/html',
      `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>heavy ${i}</title>${styles}${scripts}</head>
<body><h1>重いページ ${i}</h1>${text.repeat(5)}<form method="post" action="/login"><input name="id"><input type="password" name="pw"><button>ログイン</button></form>${frames}</body></html>`,
    );
  });
  for (let k = 0; k < 5; k++)
    server.route(`frame${k}.heavy${i}.example.net`, (_req, res) =>
      send(
        res,
        'text/html',
        `<!doctype html><html><head><meta charset="utf-8"><title>frame ${k}</title></head><body><p>広告 ${k}</p><script>document.title += '.';</script></body></html>`,
      ),
    );
}

const launched: Launched[] = [];
const times = VARIANTS.map(() => ({ light: [] as number[], heavy: [] as number[] }));
try {
  for (const v of VARIANTS) launched.push(await launch(v, server.port));
  const round = async (set: 'light' | 'heavy', i: number, url: string, record: boolean) => {
    // Rotate who goes first, so no browser always meets a warmer server or a busier machine.
    for (let k = 0; k < launched.length; k++) {
      const j = (i + k) % launched.length;
      const t = await loadTime(launched[j]!.page, url);
      if (record) times[j]![set].push(t);
    }
  };
  for (let i = 0; i < 10; i++) await round('light', i, `https://site${i}.example.com/warm`, false);
  for (let i = 0; i < LIGHT; i++) await round('light', i, `https://site${i}.example.com/page`, true);
  for (let i = 0; i < 3; i++) await round('heavy', i, `https://heavy${i}.example.org/warm`, false);
  for (let i = 0; i < HEAVY; i++) await round('heavy', i, `https://heavy${i}.example.org/page`, true);
} finally {
  for (const l of launched) {
    await l.close();
    for (const d of l.dirs) rmSync(d, { recursive: true, force: true });
  }
  await server.close();
}

for (const set of ['light', 'heavy'] as const) {
  const base = times[0]![set];
  console.log(
    `\n${set === 'light' ? `${LIGHT} light pages` : `${HEAVY} heavy pages (20 scripts, 10 styles, 5 iframes)`}: ` +
      `without the extension ${mean(base).toFixed(1)} ms mean / ${median(base).toFixed(1)} median`,
  );
  VARIANTS.forEach((v, j) => {
    if (j === 0) return;
    const t = times[j]![set];
    const bar = j === AS_BUILT ? '≤ 1.03' : j < AS_BUILT ? 'none: a part of the whole' : 'information';
    line(`${set}: ${v.name} / without (mean)`, mean(t) / mean(base), bar);
    if (j === AS_BUILT) line(`${set}: ${v.name} / without (median)`, median(t) / median(base), bar);
  });
  const forced = times[VARIANTS.length - 1]![set];
  line(
    `${set}: force-installed / unpacked, as built (mean)`,
    mean(forced) / mean(times[AS_BUILT]![set]),
    'information',
  );
}
