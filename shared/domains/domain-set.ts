// A set of domain entries where an entry matches that host and every subdomain of it:
// `bit.ly` matches `bit.ly` and `www.bit.ly`, never `bit.ly.example.com` or `notbit.ly`.
import { normalizeHost } from './host.ts';

export class DomainSet<T = true> {
  private readonly entries = new Map<string, T>();

  /** Entries are normalised (case, IDN, trailing dot, leading `*.`); unusable ones are skipped and returned. */
  static of(domains: Iterable<string>): DomainSet {
    const set = new DomainSet();
    for (const d of domains) set.add(d, true);
    return set;
  }

  add(domain: string, value: T): boolean {
    const host = normalizeHost(domain);
    if (!host) return false;
    if (!this.entries.has(host)) this.entries.set(host, value);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry that covers `host` (already normalised), most specific first, or undefined. */
  matchEntry(host: string): { entry: string; value: T } | undefined {
    let h = host;
    for (;;) {
      const v = this.entries.get(h);
      if (v !== undefined) return { entry: h, value: v };
      const dot = h.indexOf('.');
      if (dot < 0) return undefined;
      h = h.slice(dot + 1);
    }
  }

  has(host: string): boolean {
    return this.matchEntry(host) !== undefined;
  }

  domains(): IterableIterator<string> {
    return this.entries.keys();
  }
}
