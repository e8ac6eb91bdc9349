// Host names as the core compares them: lower-case ASCII (punycode), no trailing dot, no port or
// userinfo; IP literals recognised. Display forms go both ways (Unicode ↔ punycode).
import punycode from 'punycode/punycode.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(host: string): boolean {
  return IPV4.test(host);
}

export function isIPv6(host: string): boolean {
  return host.startsWith('[') || host.includes(':');
}

export function isIPLiteral(host: string): boolean {
  return isIPv4(host) || isIPv6(host);
}

/** From a URL's `hostname` (already ASCII and lower-case): only the trailing dot goes. */
export function hostFromUrl(url: URL): string {
  const h = url.hostname;
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/**
 * Any way a person or a list writes a host — `WWW.SSK.OR.JP.`, `ｓｓｋ.or.jp`, `日本.jp`, `user@host:8080`,
 * `[::1]`, a whole URL — to the compared form, or null when it is not a host. The WHATWG URL parser does
 * the IDNA mapping (NFKC, case, punycode) the browser itself uses, so we judge the host it will visit.
 */
export function normalizeHost(input: string): string | null {
  let s = input.trim();
  if (!s) return null;
  if (s.startsWith('*.')) s = s.slice(2);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = 'http://' + s;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (!url.hostname) return null;
  const h = hostFromUrl(url);
  return h || null;
}

export interface HostDisplay {
  /** What the user reads: Unicode labels (IDN decoded). */
  unicode: string;
  /** What the browser resolves: punycode ASCII. */
  ascii: string;
  isIdn: boolean;
}

export function displayHost(asciiHost: string): HostDisplay {
  let unicode = asciiHost;
  const isIdn = asciiHost.split('.').some((l) => l.startsWith('xn--'));
  if (isIdn) {
    try {
      unicode = punycode.toUnicode(asciiHost);
    } catch {
      unicode = asciiHost;
    }
  }
  return { unicode, ascii: asciiHost, isIdn };
}
