// The links in a message body: `<a href>` in HTML (with the text the reader sees, which may show
// another host), and bare URLs written in the text. Pure string work, no DOM (the JavaScript-only
// runtime has none); entities decoded where they hide a URL.
import psl from 'psl';
import { normalizeHost } from '../domains/host.ts';

export interface BodyLink {
  href: string;
  /** The link's visible text (tags taken out), or the URL itself for a bare one. */
  text: string;
  /** From an `<a>` whose text may differ from its target. */
  anchor: boolean;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  colon: ':',
  sol: '/',
  period: '.',
};

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return NAMED[e.toLowerCase()] ?? all;
  });
}

// Attributes may hold `>` inside quotes (`title="a>b"`): the tag runs to the first `>` outside them.
// (The attribute run unrolled — plain runs between quoted values — so it costs one step a character.)
const ANCHOR = /<a\b([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>([\s\S]*?)<\/a\s*>/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
/** Every href of any tag (`<area>`, an `<a>` left unclosed …): a link, even without text to compare. */
const ANY_TAG = /<[a-z][a-z0-9]*\b([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>/gi;
const TAG = /<[^>]*>/g;
const BARE = /\b(?:https?:\/\/|www\.)[^\s<>"'`{}|\\^\u3000-\u303f\uff08\uff09\uff3b\uff3d\u300c\u300d\u3010\u3011]+/gi;
const NOT_SHOWN = /<(script|style|head|title)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;

/** The text of an HTML body as read: hidden parts out, tags out, entities decoded, blocks as line breaks. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(NOT_SHOWN, ' ')
      .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, '\n')
      .replace(TAG, ''),
  );
}

function bare(text: string, out: BodyLink[]): void {
  BARE.lastIndex = 0;
  for (let m = BARE.exec(text); m; m = BARE.exec(text)) {
    const url = m[0].replace(/[.,;:!?)\]}>。、」』】]+$/u, '');
    out.push({ href: url, text: url, anchor: false });
  }
}

/**
 * Every link of the body: anchors of the HTML, then bare URLs of the text (or the HTML's text). No
 * cap: padding a body with harmless links must not push a shortener out of sight.
 */
export function bodyLinks(body: { text?: string; html?: string }, shownText?: string): BodyLink[] {
  const out: BodyLink[] = [];
  if (body.html) {
    const html = body.html.replace(NOT_SHOWN, ' ');
    ANCHOR.lastIndex = 0;
    for (let m = ANCHOR.exec(html); m; m = ANCHOR.exec(html)) {
      const h = HREF.exec(m[1]!);
      if (!h) continue;
      const href = decodeEntities((h[1] ?? h[2] ?? h[3] ?? '').trim());
      out.push({ href, text: decodeEntities(m[2]!.replace(TAG, '')).trim(), anchor: true });
    }
    const anchored = new Set(out.map((l) => l.href));
    ANY_TAG.lastIndex = 0;
    for (let m = ANY_TAG.exec(html); m; m = ANY_TAG.exec(html)) {
      const h = HREF.exec(m[1]!);
      if (!h) continue;
      const href = decodeEntities((h[1] ?? h[2] ?? h[3] ?? '').trim());
      if (!anchored.has(href)) out.push({ href, text: href, anchor: false });
    }
    // URLs written as text (a URL an anchor shows is a URL the reader may type, so it counts too).
    bare(shownText ?? htmlToText(html), out);
  } else if (body.text) bare(body.text, out);
  return out;
}

/** A URL of a link as the verdict takes it: `www.x` gets https; anything unparsable is null. */
export function linkUrl(href: string): URL | null {
  const h = href.replace(/[\u0000-\u0020\u007f]/g, '');
  try {
    return new URL(/^www\./i.test(h) ? `https://${h}` : h);
  } catch {
    return null;
  }
}

// Microsoft Defender Safe Links rewrites the links of received mail (…safelinks.protection.outlook.com/?url=…);
// a reply or forward quotes them. The link goes where `url` says: that is what is judged.
const SAFE_LINKS = /^https?:\/\/[a-z0-9-]+\.safelinks\.protection\.outlook\.com\//i;

/** The target a wrapping redirector names (Safe Links), else the href itself. (No URLSearchParams:
 *  the JavaScript-only runtime's URL fallback has none.) */
export function unwrapLink(href: string): string {
  const h = href.trim();
  if (!SAFE_LINKS.test(h)) return href;
  const m = /[?&]url=([^&#]*)/i.exec(h);
  if (!m || !m[1]) return href;
  try {
    return decodeURIComponent(m[1].replace(/\+/g, ' '));
  } catch {
    return href;
  }
}

// For http(s) the host is decided by the authority alone (up to the first / \ ? #, slashes and
// backslashes alike), so links are parsed once per scheme and authority: a body repeats its sites.
const AUTHORITY = /^(https?:)[/\\]*([^/\\?#]*)/i;

/** The scheme and host of a link (`https:`, `bit.ly`) as the URL parser reads them; null if unparsable. */
export function linkTarget(href: string, cache: Map<string, LinkTarget | null>): LinkTarget | null {
  const h = href.replace(/[\u0000-\u0020\u007f]/g, '');
  const full = /^www\./i.test(h) ? `https://${h}` : h;
  const m = AUTHORITY.exec(full);
  const key = m ? `${m[1]!.toLowerCase()}//${m[2]}` : full;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let target: LinkTarget | null = null;
  try {
    const u = new URL(m ? `${key}/` : full);
    target = { protocol: u.protocol, url: u };
  } catch {
    target = null;
  }
  cache.set(key, target);
  return target;
}

export interface LinkTarget {
  protocol: string;
  /** The scheme and authority parsed (path left out): its host is the link's host. */
  url: URL;
}

// A host written as the visible text: `https://www.ssk.or.jp/x`, `www.ssk.or.jp`, `ssk.or.jp`.
// (Character ranges, not \p{…}: the handler bundle must parse as ES2016.)
const SHOWN_HOST =
  /^\s*(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^\s/@]+@)?((?:[a-z0-9\u00a1-\uffff-]+\.)+[a-z\u00a1-\uffff][a-z0-9\u00a1-\uffff-]+|\[[0-9a-f:.]+\])\.?(?::\d+)?(?:[/?#]\S*)?\s*$/i;

// A file name is not a host, though `.zip` and `.mov` are top-level domains: without a scheme or `www.`
// these endings read as files.
const FILE_ENDINGS = new Set(
  'zip mov pdf doc docx xls xlsx ppt pptx txt csv png jpg jpeg gif htm html md eml msg exe 7z rar lzh'.split(' '),
);

/** The host an anchor's text shows, if its text is a URL or a host name; else null. */
export function shownHost(text: string): string | null {
  if (!/[.\uff0e]/.test(text)) return null; // no dot, no host: most link texts ("こちら") stop here
  const t = text.normalize('NFKC');
  const m = SHOWN_HOST.exec(t);
  if (!m) return null;
  const host = normalizeHost(m[1]!);
  if (!host) return null;
  const explicit = /^\s*([a-z][a-z0-9+.-]*:\/\/|www\.)/i.test(t);
  const last = host.slice(host.lastIndexOf('.') + 1);
  if (!explicit && FILE_ENDINGS.has(last)) return null;
  // A known suffix only: `報告.final` is no host.
  if (!host.startsWith('[')) {
    const parsed = psl.parse(host);
    if (parsed.error !== undefined || !parsed.listed) return null;
  }
  return host;
}
