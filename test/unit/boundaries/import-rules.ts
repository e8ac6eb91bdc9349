// The dependency rule of DESIGN §1 as code: arrows point into shared/, never out of it, and one
// adapter never reaches into another. Imports are read with the TypeScript scanner (static, dynamic
// and type-only imports alike), so a comment or a string that looks like an import is not one.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

/** Where a file belongs. `content` is content/ plus the WXT entries that start a content script. */
export type Unit = 'shared' | 'ui' | 'content' | 'extension' | 'addin' | 'cli';

export function unitOf(path: string): Unit | null {
  if (path.startsWith('shared/')) return 'shared';
  if (path.startsWith('ui/')) return 'ui';
  if (path.startsWith('content/') || /^entrypoints\/[^/]+\.content\.ts$/.test(path)) return 'content';
  if (path.startsWith('entrypoints/')) return 'extension';
  if (path.startsWith('addin/')) return 'addin';
  if (path.startsWith('cli/')) return 'cli';
  return null;
}

/** Which units each may import besides itself. ui/ is the neutral DOM kit of the extension's pages and dialogs. */
const MAY_IMPORT: Record<Unit, readonly Unit[]> = {
  shared: [],
  ui: ['shared'],
  content: ['shared', 'ui'],
  extension: ['shared', 'ui'],
  addin: ['shared'],
  cli: ['shared'],
};

const NODE_BUILTINS = new Set(builtinModules);
/** Packages that tie code to one platform: a browser, Office, Node. */
const PLATFORM = /^(wxt($|\/)|@wxt-dev\/|webextension-polyfill|@types\/|office-|@microsoft\/office|node:)/;

/** The package a bare specifier names (`@scope/name` or `name`). */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * A Node built-in is a platform import, unless the name is a declared npm dependency (the `punycode`
 * package is not Node's deprecated `punycode` module); `node:` always means Node.
 */
export function isPlatformPackage(specifier: string, declared: ReadonlySet<string> = new Set()): boolean {
  if (PLATFORM.test(specifier)) return true;
  const name = packageName(specifier);
  return NODE_BUILTINS.has(name) && !declared.has(name);
}

export interface SourceFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  why: string;
}

export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The repository-relative path an import points at, or null for a package. */
function target(from: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return posix.normalize(specifier.slice(2));
  if (specifier.startsWith('.')) return posix.normalize(posix.join(posix.dirname(from), specifier));
  return null;
}

export function violations(files: readonly SourceFile[], declared: ReadonlySet<string> = new Set()): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const unit = unitOf(file.path);
    if (!unit) continue;
    for (const specifier of importsOf(file.text)) {
      const to = target(file.path, specifier);
      if (to === null) {
        if (unit === 'shared' && isPlatformPackage(specifier, declared))
          out.push({ file: file.path, specifier, why: 'a platform import in the core' });
        continue;
      }
      if (to.startsWith('..')) {
        out.push({ file: file.path, specifier, why: 'outside the repository' });
        continue;
      }
      const toUnit = unitOf(to);
      if (toUnit === null || toUnit === unit) {
        if (toUnit === null && unit === 'shared')
          out.push({ file: file.path, specifier, why: 'the core imports from outside shared/' });
        continue;
      }
      if (!MAY_IMPORT[unit].includes(toUnit))
        out.push({ file: file.path, specifier, why: `${unit} imports ${toUnit}` });
    }
  }
  return out;
}
