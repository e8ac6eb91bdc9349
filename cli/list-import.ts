// `--import CATEGORY=FILE[;name=…;licence=…;date=YYYY-MM-DD;source=…]`: a public list file read from
// where it lies (never copied into a repository). Name, licence and date are read from a SOURCE (or
// LICENSE) file beside the list or in a folder above it when not given; a list whose licence cannot be
// told is refused, since CC BY-SA lists must carry their attribution.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { LIST_CATEGORY_NAMES, listCategory, parseDomainList, type ListImport } from '../shared/policy/imports.ts';
import { BadInput } from './io.ts';

const LICENCES: [RegExp, string][] = [
  [/CC[- ]BY[- ]SA[- ]4\.0|Attribution[- ]ShareAlike 4\.0/i, 'CC BY-SA 4.0'],
  [/CC[- ]BY[- ]4\.0|Attribution 4\.0/i, 'CC BY 4.0'],
  [/CC0|Public Domain Dedication/i, 'CC0 1.0'],
  [/\bMIT License\b|\bMIT\b licen[cs]e/i, 'MIT'],
  [/GNU General Public License|\bGPL/i, 'GPL'],
];

interface Provenance {
  folder: string;
  text: string;
}

/** SOURCE, else LICENSE, in the list's folder or up to two folders above it. */
function findProvenance(file: string): Provenance | null {
  let folder = dirname(file);
  for (let up = 0; up < 3; up++) {
    for (const name of ['SOURCE', 'SOURCE.md', 'LICENSE']) {
      const p = join(folder, name);
      if (existsSync(p)) return { folder, text: readFileSync(p, 'utf8').slice(0, 20_000) };
    }
    folder = dirname(folder);
  }
  return null;
}

function licenceOf(text: string): string | null {
  for (const [re, name] of LICENCES) if (re.test(text)) return name;
  const stated = /Licen[cs]e:\s*([^\n(;]{2,80})/i.exec(text);
  return stated ? stated[1]!.trim().replace(/\.$/, '') : null;
}

const OPTION_KEYS = new Set(['name', 'licence', 'license', 'date', 'source']);

export function readListImport(spec: string): ListImport & { skipped: string[] } {
  const eq = spec.indexOf('=');
  if (eq <= 0)
    throw new BadInput(`--import: CATEGORY=FILE の形で指定 / expected CATEGORY=FILE: ${JSON.stringify(spec)}`);
  const category = listCategory(spec.slice(0, eq));
  if (!category)
    throw new BadInput(
      `--import: 不明な種類 / unknown category ${JSON.stringify(spec.slice(0, eq))} (one of: ${LIST_CATEGORY_NAMES.join(', ')})`,
    );
  const [file, ...options] = spec.slice(eq + 1).split(';');
  const given: Record<string, string> = {};
  for (const o of options) {
    const at = o.indexOf('=');
    const key = o.slice(0, at).trim().toLowerCase();
    if (at <= 0 || !OPTION_KEYS.has(key))
      throw new BadInput(
        `--import ${file}: 不明な項目 / unknown option ${JSON.stringify(o)} (name, licence, date, source)`,
      );
    given[key === 'license' ? 'licence' : key] = o.slice(at + 1).trim();
  }
  if (!file) throw new BadInput(`--import: ファイルがありません / no file: ${JSON.stringify(spec)}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new BadInput(`--import: 一覧を読めません / cannot read the list ${file}: ${(e as Error).message}`);
  }
  let parsed;
  try {
    parsed = parseDomainList(text, file);
  } catch (e) {
    throw new BadInput(`--import: ${(e as Error).message}`);
  }

  const prov = findProvenance(file);
  const licence = given.licence ?? (prov ? licenceOf(prov.text) : null);
  if (!licence)
    throw new BadInput(
      `--import ${file}: ライセンスが分かりません。一覧の横に SOURCE を置くか ;licence=… を付けてください / ` +
        `the list's licence is unknown: put a SOURCE file beside it or add ;licence=…`,
    );
  const date =
    given.date ??
    (prov ? /\b(\d{4}-\d{2}-\d{2})\b/.exec(prov.text)?.[1] : undefined) ??
    statSync(file).mtime.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new BadInput(`--import ${file}: date は YYYY-MM-DD / date must be YYYY-MM-DD: ${JSON.stringify(date)}`);
  const within = prov ? relative(dirname(prov.folder), file) : join(basename(dirname(file)), basename(file));
  const name =
    given.name ??
    within
      .split(/[\\/]/)
      .filter((p) => p !== 'domains')
      .join('/');
  const paragraph = prov?.text
    .trim()
    .split(/\n\s*\n/)[0]
    ?.replace(/\s+/g, ' ');
  const source = given.source ?? (paragraph ? paragraph.slice(0, 300) : undefined);
  return {
    category,
    name,
    date,
    licence,
    ...(source ? { source } : {}),
    domains: parsed.domains,
    skipped: parsed.skipped,
  };
}
