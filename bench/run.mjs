// Runs every bench/*.bench.ts (or those named on the command line): each is bundled with
// esbuild and run in its own Node process with --expose-gc, so one bench's heap never skews another.
// Benches print their own figures as ratios against a baseline measured in the same run.
import { build } from 'esbuild';
import { readdirSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { spawnSync } from 'node:child_process';

const here = new URL('.', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

mkdirSync(join(here, '..', 'node_modules', '.cache'), { recursive: true });
// Inside the project, so that external packages (playwright-core) resolve from node_modules.
const out = mkdtempSync(join(here, '..', 'node_modules', '.cache', 'ssk-bench-'));
let failed = 0;
try {
  for (const file of benches) {
    const outfile = join(out, basename(file, '.ts') + '.mjs');
    await build({
      entryPoints: [join(here, file)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      external: ['playwright-core'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    console.log(`\n== ${file}`);
    const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: process.cwd() });
    if (r.status !== 0) failed++;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
