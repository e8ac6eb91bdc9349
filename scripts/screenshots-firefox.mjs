// `node scripts/screenshots-firefox.mjs` (after npm run build): refreshes docs/firefox-*.png from the
// built add-on in Firefox ESR. Kept out of the tests, which change no tracked file.
// Node 20 cannot import .ts: esbuild bundles the script's TypeScript (packages stay external).
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = resolve('.output/screenshots-firefox.mjs');
await build({
  entryPoints: ['scripts/screenshots/firefox.ts'],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(out).href);
for (const file of await main(resolve('docs'))) console.log(`written: ${file}`);
