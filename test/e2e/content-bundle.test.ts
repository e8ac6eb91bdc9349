// The content scripts are parsed and run in every frame of every page at document_start
// (bench/page-load.bench.ts measures what that costs): they stay small, and take the browser's own
// promise-based API rather than webextension-polyfill (wxt.config.ts, content/extension-api.ts).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Bytes each script may take, as built; raise it only with the bench's figures in the commit message. */
const BUDGET: Record<string, number> = { 'form-guard.js': 44_000, 'form-hook.js': 12_000 };
// A sentence of webextension-polyfill's own start-up check: present when the polyfill is bundled.
const POLYFILL = 'This script should only be loaded in a browser extension';

describe.each(['chrome-mv3', 'firefox-mv3'])('the content scripts of %s', (build) => {
  const dir = join('.output', build, 'content-scripts');
  it.each(Object.keys(BUDGET))('%s is within its budget and carries no polyfill', (file) => {
    const path = join(dir, file);
    expect(existsSync(path), 'run npm run build first').toBe(true);
    expect(statSync(path).size).toBeLessThanOrEqual(BUDGET[file]!);
    expect(readFileSync(path, 'utf8')).not.toContain(POLYFILL);
  });
  it('the worker and the extension’s pages keep the polyfill (so the check above would see it)', () => {
    const chunks = join('.output', build, 'chunks');
    const files = [join('.output', build, 'background.js'), ...readdirSync(chunks).map((f) => join(chunks, f))];
    expect(files.some((f) => readFileSync(f, 'utf8').includes(POLYFILL))).toBe(true);
  });
});
