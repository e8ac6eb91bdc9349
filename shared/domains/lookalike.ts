// Does a host imitate a protected domain (the organisation's, or a known organisation's)?
// Four tricks are recognised (8.1.1(5)(f)(ｲ), 6.6.2(2)); the real domain and its subdomains never match.
// Indexed so that a host costs a few map lookups whatever the number of protected domains.
import { displayHost, isIPLiteral, normalizeHost } from './host.ts';
import { publicSuffixOf, registrableDomain, registrableLabel } from './registrable.ts';
import { skeleton } from './confusables.ts';

export type LookalikeKind = 'homoglyph' | 'embedded' | 'one-edit' | 'other-suffix';

export interface LookalikeMatch {
  kind: LookalikeKind;
  /** The protected domain the host imitates. */
  imitates: string;
}

interface Protected {
  domain: string;
  label: string;
  suffix: string;
  skeletonLabel: string;
}

const squash = (s: string) => s.replace(/[^a-z0-9]/g, '');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Damerau–Levenshtein distance ≤ 1: only "one edit away" matters. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1) || isTransposition(a, b);
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // deletion / insertion
}

function isTransposition(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const alternation = (items: Iterable<string>) =>
  [...new Set(items)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');

export class LookalikeDetector {
  /** skeleton of the name label (`ssk`) → protected */
  private readonly byLabel = new Map<string, Protected[]>();
  /** public suffix (`or.jp`) → protected */
  private readonly bySuffix = new Map<string, Protected[]>();
  private readonly bySkeleton = new Map<string, Protected>();
  private readonly bySkeletonSuffix = new Map<string, Protected[]>();
  private readonly bySquashed = new Map<string, Protected>();
  // One regular expression per trick: V8 runs a literal alternation far faster than a loop of string
  // operations, and the pre-checks keep the Public Suffix List lookup off the common path.
  private readonly member: RegExp;
  private readonly homoglyph: RegExp;
  private readonly embedded: RegExp;
  private readonly nameLabel: RegExp;
  private readonly protectedSuffix: RegExp;

  constructor(domains: Iterable<string>) {
    const list: Protected[] = [];
    for (const raw of new Set(domains)) {
      const domain = normalizeHost(raw);
      if (!domain || isIPLiteral(domain)) continue;
      const reg = registrableDomain(domain);
      const label = registrableLabel(reg);
      const p: Protected = { domain, label, suffix: publicSuffixOf(reg), skeletonLabel: skeleton(label) };
      list.push(p);
      const sk = skeleton(displayHost(domain).unicode);
      this.bySkeleton.set(sk, p);
      push(this.byLabel, p.skeletonLabel, p);
      push(this.bySuffix, p.suffix, p);
      push(this.bySkeletonSuffix, skeleton(p.suffix), p);
      this.bySquashed.set(squash(sk), p);
    }
    const never = /(?!)/;
    this.member = list.length ? new RegExp(`(?:^|\\.)(?:${alternation(list.map((p) => p.domain))})$`) : never;
    this.homoglyph = list.length ? new RegExp(`(?:^|\\.)(${alternation(this.bySkeleton.keys())})$`) : never;
    this.embedded = list.length ? new RegExp(alternation(this.bySquashed.keys())) : never;
    this.nameLabel = list.length ? new RegExp(`(?:^|\\.)(?:${alternation(this.byLabel.keys())})(?:\\.|$)`) : never;
    this.protectedSuffix = list.length ? new RegExp(`\\.(${alternation(this.bySkeletonSuffix.keys())})$`) : never;
  }

  /** The label just before a protected suffix is one edit from a protected name (`sks` in `www.sks.or.jp`). */
  private typoCandidate(sk: string): boolean {
    const m = this.protectedSuffix.exec(sk);
    if (!m) return false;
    const head = sk.slice(0, m.index);
    const label = head.slice(head.lastIndexOf('.') + 1);
    for (const p of this.bySkeletonSuffix.get(m[1]!) ?? [])
      if (label !== p.skeletonLabel && withinOneEdit(label, p.skeletonLabel)) return true;
    return false;
  }

  /** `host` is normalised ASCII. The protected domains and their subdomains are never look-alikes. */
  check(host: string): LookalikeMatch | null {
    if (this.member.test(host) || isIPLiteral(host)) return null;
    const sk = skeleton(host.includes('xn--') ? displayHost(host).unicode : host);

    // Same look once homoglyphs are folded, yet not the same host: `ѕѕк.or.jp`, `www.ssk.0r.jp`.
    const look = this.homoglyph.exec(sk);
    if (look) return { kind: 'homoglyph', imitates: this.bySkeleton.get(look[1]!)!.domain };
    // The protected name carried inside a foreign one: `ssk.or.jp.example.net`, `ssk-or-jp.com`, `sskor.jp`.
    const inside = this.embedded.exec(squash(sk));
    if (inside) return { kind: 'embedded', imitates: this.bySquashed.get(inside[0])!.domain };

    // The Public Suffix List lookup costs ~10 µs: only hosts that pass a cheap pre-check pay for it.
    if (!this.nameLabel.test(sk) && !this.typoCandidate(sk)) return null;
    const reg = registrableDomain(host);
    const suffix = publicSuffixOf(reg);
    const skLabel = skeleton(displayHost(registrableLabel(reg)).unicode);
    // The same name under another public suffix: `ssk.co.jp`, `ssk.jp`, `mhlw.com`.
    for (const p of this.byLabel.get(skLabel) ?? [])
      if (suffix !== p.suffix) return { kind: 'other-suffix', imitates: p.domain };
    // One typo away under the same suffix: `sks.or.jp`, `mhlww.go.jp`. Very short names only by
    // transposition, doubling or dropping a letter, since any substitution there is a different name.
    for (const p of this.bySuffix.get(suffix) ?? []) {
      if (skLabel === p.skeletonLabel || !withinOneEdit(skLabel, p.skeletonLabel)) continue;
      const substitution = skLabel.length === p.skeletonLabel.length && !isTransposition(skLabel, p.skeletonLabel);
      if (p.label.length >= 5 || !substitution) return { kind: 'one-edit', imitates: p.domain };
    }
    return null;
  }
}
