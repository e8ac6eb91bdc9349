// The project's material folder: public lists that tests, benches and the admin import read where they
// lie (`../shared/data` beside the repository; SSK_SHARED_DATA elsewhere) and never copy into the repository.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyImports, parseDomainList, type ListImport } from '../shared/policy/imports.ts';
import type { ListCategory, PolicyLayer } from '../shared/policy/schema.ts';

// Tests, benches and scripts run from the repository root (npm scripts, vitest).
export const SHARED_DATA = process.env.SSK_SHARED_DATA ?? resolve(process.cwd(), '../shared/data');

export function sharedDataPath(...parts: string[]): string {
  const p = join(SHARED_DATA, ...parts);
  if (!existsSync(p))
    throw new Error(
      `${p} is missing: the material folder ../shared/data lies beside the repository (or set SSK_SHARED_DATA)`,
    );
  return p;
}

/** Every public list of the material folder, with the category it is imported as (the admin import's own). */
export const PUBLIC_LISTS: readonly { category: ListCategory; path: string[]; name: string }[] = [
  { category: 'shortener', path: ['url-shorteners', 'list'], name: 'url-shorteners/list' },
  { category: 'shortener', path: ['ut1', 'shortener', 'domains'], name: 'ut1/shortener' },
  { category: 'file-hosting', path: ['ut1', 'filehosting', 'domains'], name: 'ut1/filehosting' },
  { category: 'personal-webmail', path: ['ut1', 'webmail', 'domains'], name: 'ut1/webmail' },
  { category: 'translation', path: ['ut1', 'translation', 'domains'], name: 'ut1/translation' },
  { category: 'generative-ai', path: ['ut1', 'ai', 'domains'], name: 'ut1/ai' },
  { category: 'remote-control', path: ['ut1', 'remote-control', 'domains'], name: 'ut1/remote-control' },
];

export function readDomains(...parts: string[]): string[] {
  const file = sharedDataPath(...parts);
  return parseDomainList(readFileSync(file, 'utf8'), file).domains;
}

/** A document layer with every public list imported, as `policy build --import …` makes it. */
export function withAllPublicLists(layer: PolicyLayer = {}): PolicyLayer {
  const imports: ListImport[] = PUBLIC_LISTS.map((l) => ({
    category: l.category,
    name: l.name,
    date: '2026-08-17',
    licence: 'CC BY-SA 4.0',
    domains: readDomains(...l.path),
  }));
  return applyImports(layer, imports);
}
