// The Firefox build (firefox-mv3) passes Mozilla's linter with no errors and no warnings.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('web-ext lint passes on .output/firefox-mv3', async () => {
  expect(existsSync('.output/firefox-mv3/manifest.json'), 'run npm run build first').toBe(true);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      'node_modules/web-ext/bin/web-ext.js',
      'lint',
      '--source-dir',
      '.output/firefox-mv3',
      '--output',
      'json',
      '--self-hosted',
    ],
    { maxBuffer: 20 * 1024 * 1024 },
  ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const report = JSON.parse(stdout) as { summary: Record<string, number>; errors: unknown[]; warnings: unknown[] };
  expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: [], warnings: [] });
}, 120_000);
