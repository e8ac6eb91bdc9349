// Does a host imitate a protected domain (the organisation's, or a known organisation's)? 8.1.1(5)(f)(ｲ), 6.6.2(2).
// The real domain and its subdomains never match. Indexed so that a host costs a few regular-expression
// tests whatever the number of protected domains; only a host that passes them pays for the Public Suffix List.
//
// How certain, and so what the user meets (the threshold):
//  - strong → block. The host looks the same as a protected domain once look-alike characters and
//    letter groups are folded (`ѕѕк.or.jp`, `nenkіn.go.jp.com`, `sslc.or.jp`, an IDN rendering as the name);
//    the whole protected domain is carried inside another name (`ssk.or.jp.example.net`, `ssk-or.jp`,
//    `sskorjp.com`) or in the user-info part of the URL (`https://www.ssk.or.jp@evil.example/`); a name of
//    five letters or more is one edit away under the same suffix (`kokuhoo.or.jp`, `kokuh0.or.jp`) or the
//    same under another suffix (`kokuho.com`). A long name so near is no accident.
//  - weak → warn, asking 「本物ですか？」 and remembering "this is a different site". A name of four letters
//    or fewer is one edit away under the same suffix (`sks.or.jp`, `ssa.or.jp`) or the same under another
//    suffix (`ssk.jp`, `ssk.com`): a short name so near may well be another, real organisation.
//  - A distinctive protected name used as a part of another registrable name (`ssk-login.or.jp`,
//    `sskportal.com`, `kokuho-center.jp`): compound.ts says which names, where, and how certain (a short
//    name, or a Japanese one beside Japanese words, warns unless beside a phishing word; otherwise a longer
//    one blocks). Compared in the skeleton and in the look form; reported as `embedded`.
//  - A protected name alone as a label of another domain (`ssk.example.net`, `digital.example.com`) is not
//    flagged: real sites use such labels (measured on UT1's real domains); the whole domain inside is, and so
//    is a distinctive name there beside a phishing word (`ssk.secure-login.com`: strong, compound.ts).
// "The same name" under another suffix compares skeletons (confusables only: `nlsc` is not `nisc`); "one
// edit" and "the same look" use the look form too, where `i`/`l` and letter groups are folded.
//  - none. A host under go.jp or lg.jp: only government bodies register there, so it is a real one.
import { displayHost, isIPLiteral, normalizeHost } from './host.ts';
import { publicSuffixOf, registrableDomain, registrableLabel } from './registrable.ts';
import { lookForm, skeleton } from './confusables.ts';
import { compoundOf, distinctiveName, PHISHING_WORDS, subdomainCompound } from './compound.ts';

export type LookalikeKind = 'homoglyph' | 'embedded' | 'userinfo' | 'one-edit' | 'other-suffix';
export type LookalikeCertainty = 'strong' | 'weak';

export interface LookalikeMatch {
  kind: LookalikeKind;
  /** The protected domain the host imitates. */
  imitates: string;
  certainty: LookalikeCertainty;
}

/** Names this long or longer are "long": one edit from them is a strong imitation. */
export const LONG_NAME = 5;

interface Protected {
  domain: string;
  label: string;
  suffix: string;
  /** Look forms (confusables.ts) of the domain, its name label and its suffix. */
  look: string;
  lookLabel: string;
  lookSuffix: string;
  /** Skeletons (UTS #39 only) of the name label and the suffix. */
  skelLabel: string;
  skelSuffix: string;
  long: boolean;
}

const squash = (s: string) => s.replace(/[^a-z0-9]/g, '');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const GOVERNMENT_ONLY = /(?:^|\.)(?:go|lg)\.jp$/;
/** Below this many characters a squashed domain is too common a string to call "carried inside". */
const MIN_EMBEDDED = 6;

/** Damerau–Levenshtein distance ≤ 1: only "one edit away" matters. */
export function withinOneEdit(a: string, b: string): boolean {
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
  private readonly byLook = new Map<string, Protected>();
  private readonly bySquashed = new Map<string, Protected>();
  private readonly byLabel = new Map<string, Protected[]>();
  private readonly bySkelLabel = new Map<string, Protected[]>();
  private readonly bySuffix = new Map<string, Protected[]>();
  // One regular expression per trick: V8 runs a literal alternation far faster than a loop of string
  // operations, and these pre-checks keep the Public Suffix List lookup off the common path.
  private readonly member: RegExp;
  private readonly sameLook: RegExp;
  private readonly embedded: RegExp;
  private readonly nameLabel: RegExp;
  private readonly protectedSuffix: RegExp;
  /** Skeletons and look forms of the distinctive names (compound.ts), and a pre-check for any inside a host. */
  private readonly compoundSkel = new Set<string>();
  private readonly compoundLook = new Set<string>();
  private readonly compoundPart: RegExp;
  private static readonly phishingSkel = new Set(PHISHING_WORDS.map(skeleton));
  private static readonly phishingLook = new Set(PHISHING_WORDS.map(lookForm));

  constructor(domains: Iterable<string>) {
    const list: Protected[] = [];
    for (const raw of new Set(domains)) {
      const domain = normalizeHost(raw);
      if (!domain || isIPLiteral(domain)) continue;
      const reg = registrableDomain(domain);
      const label = displayHost(registrableLabel(reg)).unicode;
      const suffix = publicSuffixOf(reg);
      const p: Protected = {
        domain,
        label,
        suffix,
        look: lookForm(displayHost(domain).unicode),
        lookLabel: lookForm(label),
        lookSuffix: lookForm(suffix),
        skelLabel: skeleton(label),
        skelSuffix: skeleton(suffix),
        long: [...label].length >= LONG_NAME,
      };
      list.push(p);
      this.byLook.set(p.look, p);
      const squashed = squash(p.look);
      if (squashed.length >= MIN_EMBEDDED) this.bySquashed.set(squashed, p);
      push(this.byLabel, p.lookLabel, p);
      push(this.bySkelLabel, p.skelLabel, p);
      push(this.bySuffix, p.lookSuffix, p);
      if (distinctiveName(p.skelLabel)) {
        this.compoundSkel.add(p.skelLabel);
        this.compoundLook.add(p.lookLabel);
      }
    }
    const never = /(?!)/;
    const re = (items: Iterable<string>, make: (alt: string) => string) => {
      const alt = alternation(items);
      return alt ? new RegExp(make(alt)) : never;
    };
    this.member = re(
      list.map((p) => p.domain),
      (a) => `(?:^|\\.)(?:${a})$`,
    );
    this.sameLook = re(this.byLook.keys(), (a) => `(?:^|\\.)(${a})$`);
    this.embedded = re(this.bySquashed.keys(), (a) => a);
    this.nameLabel = re(this.byLabel.keys(), (a) => `(?:^|[.-])(${a})(?:[.-]|$)`);
    this.protectedSuffix = re(this.bySuffix.keys(), (a) => `\\.(${a})$`);
    this.compoundPart = re([...this.compoundLook, ...this.compoundSkel], (a) => a);
  }

  /** The label just before a protected suffix, in `form` (a look form or a skeleton), and the protected there. */
  private labelBeforeSuffix(form: string): { label: string; near: readonly Protected[] } | null {
    const m = this.protectedSuffix.exec(form);
    if (!m) return null;
    const head = form.slice(0, m.index);
    return { label: head.slice(head.lastIndexOf('.') + 1), near: this.bySuffix.get(m[1]!) ?? [] };
  }

  /** `host` is normalised ASCII. The protected domains and their subdomains are never look-alikes. */
  check(host: string): LookalikeMatch | null {
    if (this.member.test(host) || isIPLiteral(host) || GOVERNMENT_ONLY.test(host)) return null;
    const text = host.includes('xn--') ? displayHost(host).unicode : host;
    const look = lookForm(text);

    // The same look once confusables are folded, yet not the same host: `ѕѕк.or.jp`, `www.ssk.0r.jp`, `sslc.or.jp`.
    const same = this.sameLook.exec(look);
    if (same) return { kind: 'homoglyph', imitates: this.byLook.get(same[1]!)!.domain, certainty: 'strong' };
    // The protected domain carried inside a foreign one: `ssk.or.jp.example.net`, `ssk-or-jp.com`, `sskor.jp`.
    const inside = this.embedded.exec(squash(look));
    if (inside) return { kind: 'embedded', imitates: this.bySquashed.get(inside[0])!.domain, certainty: 'strong' };

    // One edit (in the look form, or — since folding stretches some edits, `kyoukaiienpo` — in the skeleton)
    // from a protected name, just before its suffix: `sks.or.jp`, `kokuhoo.or.jp`.
    const certainty = (p: Protected): LookalikeCertainty => (p.long ? 'strong' : 'weak');
    const before = this.labelBeforeSuffix(look);
    if (before) {
      const skel = this.labelBeforeSuffix(skeleton(text));
      for (const p of before.near) {
        const byLook = before.label !== p.lookLabel && withinOneEdit(before.label, p.lookLabel);
        const bySkel = skel && skel.label !== p.skelLabel && withinOneEdit(skel.label, p.skelLabel);
        if (!byLook && !bySkel) continue;
        // The Public Suffix List confirms the label is the registrable name (`x.sks.or.jp`, not `sks.x.or.jp`).
        const reg = registrableDomain(host);
        if (lookForm(publicSuffixOf(reg)) === p.lookSuffix)
          return { kind: 'one-edit', imitates: p.domain, certainty: certainty(p) };
      }
    }

    // The Public Suffix List lookup costs ~10 µs: only hosts that pass a cheap pre-check pay for it.
    const asLabel = this.nameLabel.test(look);
    const asPart = this.compoundPart.test(look);
    if (!asLabel && !asPart) return null;
    const reg = registrableDomain(host);
    const unicodeLabel = displayHost(registrableLabel(reg)).unicode;
    if (asLabel) {
      const suffix = skeleton(publicSuffixOf(reg));
      const name = skeleton(unicodeLabel);
      // The same name under another public suffix: `ssk.co.jp`, `ssk.jp`, `kokuho.com`, `nenkіn.com`.
      for (const p of this.bySkelLabel.get(name) ?? [])
        if (suffix !== p.skelSuffix) return { kind: 'other-suffix', imitates: p.domain, certainty: certainty(p) };
    }
    // A distinctive name as a part of the registrable name: `ssk-login.or.jp`, `sskportal.com` (compound.ts).
    // The skeleton keeps the vowels a glance folds away (`sskclick`); the look form sees `sslc-logln` as `ssk-login`.
    if (!asPart) return null;
    const bySkel = compoundOf(skeleton(unicodeLabel), this.compoundSkel, LookalikeDetector.phishingSkel);
    const byLook = compoundOf(lookForm(unicodeLabel), this.compoundLook, LookalikeDetector.phishingLook);
    const skelMatch = bySkel && { p: this.bySkelLabel.get(bySkel.name)![0]!, certainty: bySkel.certainty };
    const lookMatch = byLook && { p: this.byLabel.get(byLook.name)![0]!, certainty: byLook.certainty };
    const hit =
      skelMatch?.certainty === 'strong'
        ? skelMatch
        : lookMatch?.certainty === 'strong'
          ? lookMatch
          : (skelMatch ?? lookMatch);
    if (hit) return { kind: 'embedded', imitates: hit.p.domain, certainty: hit.certainty };
    // In a label below another registrable domain, beside a phishing word: `ssk.secure-login.com`.
    const labels = text.split('.');
    const below = labels.slice(0, Math.max(0, labels.length - reg.split('.').length));
    if (!below.length) return null;
    const inSkel = subdomainCompound(
      below.map(skeleton),
      skeleton(unicodeLabel),
      this.compoundSkel,
      LookalikeDetector.phishingSkel,
    );
    if (inSkel) return { kind: 'embedded', imitates: this.bySkelLabel.get(inSkel)![0]!.domain, certainty: 'strong' };
    const inLook = subdomainCompound(
      below.map(lookForm),
      lookForm(unicodeLabel),
      this.compoundLook,
      LookalikeDetector.phishingLook,
    );
    return inLook ? { kind: 'embedded', imitates: this.byLabel.get(inLook)![0]!.domain, certainty: 'strong' } : null;
  }

  /**
   * The user-info part of a URL (`https://www.ssk.or.jp@evil.example/` shows the name first): a protected
   * domain written there is a strong imitation, whatever the host.
   */
  checkUserinfo(userinfo: string): LookalikeMatch | null {
    if (!userinfo) return null;
    let text = userinfo;
    try {
      text = decodeURIComponent(userinfo);
    } catch {
      // kept as written
    }
    const look = lookForm(text.toLowerCase());
    const squashed = squash(look);
    for (const [key, p] of this.bySquashed)
      if (squashed.includes(key)) return { kind: 'userinfo', imitates: p.domain, certainty: 'strong' };
    const same = this.sameLook.exec(look.replace(/[^a-z0-9.-]/g, '.'));
    if (same) return { kind: 'userinfo', imitates: this.byLook.get(same[1]!)!.domain, certainty: 'strong' };
    for (const part of look.split(/[^a-z0-9-]+/))
      if (this.byLook.has(part) || this.byLabel.has(part))
        return {
          kind: 'userinfo',
          imitates: (this.byLook.get(part) ?? this.byLabel.get(part)![0]!).domain,
          certainty: 'strong',
        };
    return null;
  }
}
