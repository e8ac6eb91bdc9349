// Bundles scripts/addin-screenshots.ts (Node 20 runs no TypeScript) and runs it: the task pane's and
// the Smart Alerts' pictures in docs/. Needs Chromium (CHROME_PATH, else /usr/bin/chromium).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const out = mkdtempSync(join(root, 'node_modules', '.cache', 'ssk-shots-'));
try {
  const outfile = join(out, 'shots.mjs');
  await build({
    entryPoints: [join(root, 'scripts/addin-screenshots.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    external: ['playwright-core', 'esbuild', 'prettier'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
