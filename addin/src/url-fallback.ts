// A small URL class for a runtime without one: enough for what the core asks of a URL (scheme,
// host name in compared form, port, path), with the host mapped the way browsers do for domain
// names (NFKC, lower case, full-width dots, punycode). Not a full WHATWG parser: it refuses what
// it does not understand (TypeError), and the caller then treats the input as not a URL.
import punycode from 'punycode/punycode.js';

const DEFAULT_PORTS: Record<string, string> = {
  'http:': '80',
  'https:': '443',
  'ws:': '80',
  'wss:': '443',
  'ftp:': '21',
};
const SPECIAL = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);
// Characters a host may not hold (WHATWG "forbidden domain code points", roughly).
const FORBIDDEN = /[\u0000-\u0020#%/:<>?@[\\\]^|\u007f]/;

function mapHost(raw: string): string {
  if (raw.startsWith('[')) {
    if (!/^\[[0-9a-f:.]+\]$/i.test(raw)) throw new TypeError('Invalid URL');
    return raw.toLowerCase();
  }
  let h = raw;
  try {
    h = decodeURIComponent(h);
  } catch {
    throw new TypeError('Invalid URL');
  }
  h = h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u3002\uff0e\uff61]/g, '.');
  if (!h || FORBIDDEN.test(h)) throw new TypeError('Invalid URL');
  const ascii = punycode.toASCII(h);
  if (ascii.split('.').some((l, i, all) => l === '' && i !== all.length - 1)) throw new TypeError('Invalid URL');
  return ascii;
}

export class FallbackURL {
  protocol = '';
  username = '';
  password = '';
  hostname = '';
  port = '';
  pathname = '';
  search = '';
  hash = '';

  constructor(input: string, base?: string) {
    const s = String(input).trim();
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
    if (!m) {
      if (base === undefined) throw new TypeError('Invalid URL');
      const b = new FallbackURL(base);
      if (!s.startsWith('/')) throw new TypeError('Invalid URL');
      return new FallbackURL(`${b.protocol}//${b.host}${s}`);
    }
    this.protocol = m[1]!.toLowerCase() + ':';
    let rest = m[2]!;
    const hashAt = rest.indexOf('#');
    if (hashAt >= 0) {
      this.hash = rest.slice(hashAt).length > 1 ? rest.slice(hashAt) : '';
      rest = rest.slice(0, hashAt);
    }
    const queryAt = rest.indexOf('?');
    if (queryAt >= 0) {
      this.search = rest.slice(queryAt).length > 1 ? rest.slice(queryAt) : '';
      rest = rest.slice(0, queryAt);
    }
    if (!SPECIAL.has(this.protocol)) {
      this.pathname = rest;
      return;
    }
    rest = rest.replace(/\\/g, '/');
    if (!rest.startsWith('//')) throw new TypeError('Invalid URL');
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    let authority = slash >= 0 ? rest.slice(0, slash) : rest;
    this.pathname = slash >= 0 ? rest.slice(slash) : '/';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const user = authority.slice(0, at);
      const colon = user.indexOf(':');
      this.username = colon >= 0 ? user.slice(0, colon) : user;
      this.password = colon >= 0 ? user.slice(colon + 1) : '';
      authority = authority.slice(at + 1);
    }
    const portMatch = /:(\d*)$/.exec(authority);
    if (portMatch && !authority.endsWith(']')) {
      authority = authority.slice(0, portMatch.index);
      const p = portMatch[1]!;
      if (p && Number(p) > 65535) throw new TypeError('Invalid URL');
      this.port = p && String(Number(p)) !== DEFAULT_PORTS[this.protocol] ? String(Number(p)) : '';
    }
    if (!authority && this.protocol !== 'file:') throw new TypeError('Invalid URL');
    this.hostname = authority ? mapHost(authority) : '';
  }

  get host(): string {
    return this.port ? `${this.hostname}:${this.port}` : this.hostname;
  }
  get origin(): string {
    return SPECIAL.has(this.protocol) && this.protocol !== 'file:' ? `${this.protocol}//${this.host}` : 'null';
  }
  get href(): string {
    if (!SPECIAL.has(this.protocol)) return `${this.protocol}${this.pathname}${this.search}${this.hash}`;
    const user = this.username ? `${this.username}${this.password ? ':' + this.password : ''}@` : '';
    return `${this.protocol}//${user}${this.host}${this.pathname}${this.search}${this.hash}`;
  }
  toString(): string {
    return this.href;
  }
  toJSON(): string {
    return this.href;
  }
}
