// Admin import of public category lists (UT1, url-shorteners, …) into a policy document: the plain
// one-domain-a-line format read into the document's extra domains, with each list's name, date and
// licence recorded in `lists`. Pure: the CLI reads the files and passes their text.
import { isIPLiteral, normalizeHost } from '../domains/host.ts';
import { LIST_CATEGORIES, type ListCategory, type PolicyLayer } from './schema.ts';

/** The category names of public lists, mapped to the document's own. */
const LIST_ALIASES: Readonly<Record<string, ListCategory>> = {
  shortener: 'shortener',
  shorteners: 'shortener',
  'url-shorteners': 'shortener',
  filehosting: 'file-hosting',
  webmail: 'personal-webmail',
  ai: 'generative-ai',
  translation: 'translation',
  'remote-control': 'remote-control',
};

export function listCategory(name: string): ListCategory | null {
  const n = name.trim().toLowerCase();
  if (Object.hasOwn(LIST_ALIASES, n)) return LIST_ALIASES[n]!;
  return (LIST_CATEGORIES as readonly string[]).includes(n) ? (n as ListCategory) : null;
}

export const LIST_CATEGORY_NAMES = [...new Set([...Object.keys(LIST_ALIASES), ...LIST_CATEGORIES])];

export interface ParsedList {
  domains: string[];
  /** Lines left out, located (`file:line: why`): IP literals, things that are not host names. */
  skipped: string[];
}

const MAX_SKIPPED_SHARE = 0.1;
const LABELS = /^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * One domain a line; `#` starts a comment; `*.` in front and a trailing dot are allowed. A line that is
 * not a host name is skipped and reported; a file where more than a tenth are bad is not a list (throws).
 */
export function parseDomainList(text: string, file: string): ParsedList {
  const domains = new Set<string>();
  const skipped: string[] = [];
  let entries = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    entries++;
    const where = `${file}:${i + 1}`;
    const host = /\s|\/|@|:/.test(line) ? null : normalizeHost(line);
    if (!host || !LABELS.test(host))
      skipped.push(`${where}: ホスト名ではありません / not a host name: ${line.slice(0, 80)}`);
    else if (isIPLiteral(host)) skipped.push(`${where}: IP アドレスは対象外 / an IP address, not a domain: ${line}`);
    else domains.add(host);
  });
  if (!entries) throw new Error(`${file}: ドメインが 1 つもありません / no domains in the file`);
  if (skipped.length > entries * MAX_SKIPPED_SHARE)
    throw new Error(
      `${file}: 1 行 1 ドメインの一覧ではありません（${skipped.length}/${entries} 行が不正）/ not a one-domain-a-line list ` +
        `(${skipped.length} of ${entries} lines bad), first: ${skipped[0]}`,
    );
  return { domains: [...domains].sort(), skipped };
}

export interface ListImport {
  category: ListCategory;
  name: string;
  date: string;
  licence: string;
  source?: string;
  domains: readonly string[];
}

const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])].sort();

/**
 * The document with the lists merged in: shorteners into `shorteners.extraDomains`, the others into
 * `cloud.extraDomains.<category>`; `lists` records each (a list imported again replaces its record).
 */
export function applyImports(layer: PolicyLayer, imports: readonly ListImport[]): PolicyLayer {
  const out = JSON.parse(JSON.stringify(layer)) as PolicyLayer; // a JSON document: a deep copy
  const lists = [...(out.lists ?? [])];
  for (const l of imports) {
    if (l.category === 'shortener') {
      out.shorteners = { ...out.shorteners, extraDomains: union(out.shorteners?.extraDomains, l.domains) };
    } else {
      const extra = { ...out.cloud?.extraDomains };
      extra[l.category] = union(extra[l.category], l.domains);
      out.cloud = { ...out.cloud, extraDomains: extra };
    }
    const record = {
      name: l.name,
      category: l.category,
      date: l.date,
      licence: l.licence,
      ...(l.source ? { source: l.source } : {}),
      domains: l.domains.length,
    };
    const at = lists.findIndex((r) => r.name === l.name && r.category === l.category);
    if (at >= 0) lists[at] = record;
    else lists.push(record);
  }
  out.lists = lists;
  return out;
}
