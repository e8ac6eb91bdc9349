// The core stays pure and the adapters stay apart (DESIGN §1, issue 12 §5).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, violations, type SourceFile } from './import-rules.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DIRS = ['shared', 'ui', 'content', 'entrypoints', 'addin', 'cli'];

function sources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const full = join(entry.parentPath, entry.name);
    out.push({ path: relative(ROOT, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
  }
  return out;
}

describe('the dependency rule in this repository', () => {
  const files = DIRS.flatMap(sources);
  it('reads the files it guards', () => {
    expect(files.filter((f) => f.path.startsWith('shared/')).length).toBeGreaterThan(50);
    expect(files.some((f) => f.path === 'entrypoints/background/index.ts')).toBe(true);
    expect(files.some((f) => f.path === 'content/guard.ts')).toBe(true);
  });
  it('has no platform import in shared/ and no adapter importing another', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(violations(files, new Set(Object.keys(pkg.dependencies)))).toEqual([]);
  });
});

describe('what the rule catches (must fail)', () => {
  const one = (path: string, text: string) => violations([{ path, text }]);
  it('a platform import in the core, however it is written', () => {
    for (const text of [
      "import { browser } from 'wxt/browser';",
      "import type { Runtime } from 'webextension-polyfill';",
      "import { readFileSync } from 'node:fs';",
      "import { readFileSync } from 'fs';",
      "import { join } from 'path/posix';",
      "const m = await import('node:crypto');",
      "export { x } from '@wxt-dev/storage';",
      "import '@microsoft/office-js';",
      "import x from 'office-addin-mock';",
    ])
      expect(one('shared/web/x.ts', text), text).toHaveLength(1);
  });
  it('the core reaching out of shared/', () => {
    expect(one('shared/policy/x.ts', "import { ask } from '../../entrypoints/background/ask';")).toHaveLength(1);
    expect(one('shared/policy/x.ts', "import type { X } from '@/content/guard';")).toHaveLength(1);
    expect(one('shared/policy/x.ts', "import { h } from '@/ui/dom';")).toHaveLength(1);
  });
  it('an adapter importing another adapter', () => {
    expect(one('content/guard.ts', "import type { A } from '@/entrypoints/background/content-messages';")).toEqual([
      expect.objectContaining({ why: 'content imports extension' }),
    ]);
    expect(one('entrypoints/background/x.ts', "import { K } from '@/content/form-settings';")).toEqual([
      expect.objectContaining({ why: 'extension imports content' }),
    ]);
    expect(one('addin/src/x.ts', "import { run } from '../../cli/main.ts';")).toHaveLength(1);
    expect(one('cli/commands/x.ts', "import { loadPolicy } from '../../addin/src/policy-loader.ts';")).toHaveLength(1);
    expect(one('ui/dom.ts', "import { ask } from '@/entrypoints/background/ask';")).toHaveLength(1);
  });
});

describe('what the rule allows (must pass)', () => {
  const none = (path: string, text: string) => expect(violations([{ path, text }]), text).toEqual([]);
  it('the core importing itself and pure libraries', () => {
    none(
      'shared/policy/x.ts',
      "import { z } from 'zod';\nimport psl from 'psl';\nimport { a } from '../domains/host.ts';",
    );
    none('shared/files/x.ts', "import { unzipSync } from 'fflate';");
  });
  it('adapters importing the core, their own files and platform packages', () => {
    none(
      'entrypoints/background/x.ts',
      "import { browser } from 'wxt/browser';\nimport { y } from '@/shared/web/navigation';\nimport { z } from './audit-store';",
    );
    none('entrypoints/form-guard.content.ts', "import { startGuard } from '@/content/guard';");
    none('entrypoints/popup/main.ts', "import { ask } from '../background/ask';\nimport { h } from '@/ui/dom';");
    none(
      'cli/commands/x.ts',
      "import { readFileSync } from 'node:fs';\nimport { y } from '../../shared/policy/layers.ts';",
    );
  });
  it('an npm package named like a Node module, when it is a declared dependency', () => {
    expect(
      violations([{ path: 'shared/x.ts', text: "import p from 'punycode/punycode.js';" }], new Set(['punycode'])),
    ).toEqual([]);
    expect(
      violations([{ path: 'shared/x.ts', text: "import p from 'node:punycode';" }], new Set(['punycode'])),
    ).toHaveLength(1);
  });
  it('words that only look like imports', () => {
    expect(importsOf("// import 'node:fs'\nconst s = \"import x from 'wxt'\";")).toEqual([]);
  });
});
