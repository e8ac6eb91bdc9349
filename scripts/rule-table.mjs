// Writes the rule table generated from the rule records (shared/rules/) into the README and the admin
// guides, between their rule-table markers. `node scripts/rule-table.mjs --check` only reports drift.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import prettier from 'prettier';

const root = resolve(new URL('..', import.meta.url).pathname);
export const DOCS = [
  ['README.md', 'en'],
  ['docs/admin.ja.md', 'ja'],
  ['docs/admin.en.md', 'en'],
];

const dir = mkdtempSync(join(tmpdir(), 'ssk-rules-'));
let mod;
try {
  const outfile = join(dir, 'table.mjs');
  await build({
    entryPoints: [join(root, 'shared/rules/table.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
  });
  mod = await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const check = process.argv.includes('--check');
let drift = 0;
for (const [file, lang] of DOCS) {
  const path = join(root, file);
  const doc = readFileSync(path, 'utf8');
  let next = mod.withRuleTable(doc, lang);
  // Laid out as prettier lays out markdown tables, so formatting the docs never fights the generator.
  if (next !== null) {
    const options = (await prettier.resolveConfig(path)) ?? {};
    const table = await prettier.format(mod.ruleTable(lang), { ...options, parser: 'markdown' });
    next = mod.withRuleTable(doc, lang, table.trimEnd());
  }
  if (next === null) {
    console.error(`${file}: no rule-table markers`);
    drift++;
    continue;
  }
  if (next === doc) continue;
  drift++;
  if (check) console.error(`${file}: rule table out of date (run node scripts/rule-table.mjs)`);
  else {
    writeFileSync(path, next);
    console.log(`${file}: rule table written`);
  }
}
if (check && drift) process.exit(1);
