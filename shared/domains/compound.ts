// A protected name used as a part of another registrable name: `ssk-login.or.jp`, `secure-ssk.com`,
// `sskportal.jp`, `loginssk.net`, `kokuho-kyufu.com`, `nenkinservice.jp`. 8.1.1(5)(f)(ｲ), 6.6.2(2).
//
// Which names are looked for (distinctiveness). Only a name that a real domain is unlikely to use for itself:
//  - an acronym with no vowel (`ssk`, `mhlw`, `ppc`): no word of any language is spelt so;
//  - a romanised Japanese name (Hepburn syllables only) of five letters or more (`kokuho`, `nenkin`,
//    `kyoukaikenpo`): too long and too particular to come about by chance in a foreign name.
// Every other name (`digital`, `cyber`: English words; `ipa`, `nisc`, `myna`: vowelled short strings that
// real words contain, `ipad`, `mynameday`) is left to the other checks: measured on UT1's real domains,
// `digital` alone is a part of some 300 of them.
//
// Where the name stands. In the registrable label (the one before the public suffix), under any suffix:
//  - as a hyphen-separated part (`ssk-login`, `my-ssk-portal`, `https-www-ssk`);
//  - at the start or the end, joined to a word that looks like one (letters only, three or more with a vowel
//    among them, or a phishing word: `sskportal`, `loginssk`, `sskmy`; not `sskm`, `ssktf`, `ssk24`, real hosts).
//    The shorter the name, the likelier it ends a foreign word by chance (`auttodessk`, `metamssk` are real
//    hosts), so a name of three letters or fewer counts at the end only when the word is a phishing word.
// In a label below another registrable domain (`ssk.secure-login.com`) only beside a phishing word
// (subdomainCompound below).
//
// How certain (so what the user meets), the first that applies:
//  - a phishing word beside the name (another part, or the word joined to it): strong → block. A name beside
//    "login" or "pay" is made to look like the organisation's own login or payment page.
//  - a name of three letters or fewer (`ssk`): weak → warn 「本物ですか？」; a short acronym may be another
//    organisation's (`ssk-kenkyu`).
//  - a romanised Japanese name beside romanised Japanese words only: weak → warn. Japanese bodies build their
//    names so: `kochi-kokuhoren.or.jp` is the Kōchi federation of national health insurance (国保連合会), a
//    real public body of the same trade; blocking it would be a false alarm, asking is not.
//  - otherwise (a name of four letters or more beside a foreign word or a number: `mhlw-info`,
//    `kokuhoportal`, `nenkinservice`): strong → block. Such a name inside another name is no accident.

/** Words that phishing pages put beside a name (plural `-s` forms count too). A fixed, short list. */
export const PHISHING_WORDS: readonly string[] = (
  'login logon signin signup sso auth secure security safe verify verification confirm account password reset recovery update ' +
  'pay payment billing bank portal support help service mail webmail online member my user admin www'
).split(' ');

const VOWEL = /[aeiouy]/;
const HEPBURN = /^(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|[yw])?[aeiou]|n)+$/;
const WORDLIKE = /^(?=[a-z]*[aeiouy])[a-z]{3,}$/;
/** In a look form `l` may stand for `i`; romanised Japanese has no `l`. */
const readsJapanese = (w: string) => HEPBURN.test(w.replace(/l/g, 'i'));

/** The length from which a name in a compound can be strong without a phishing word beside it. */
export const LONG_COMPOUND = 4;

/** Whether a name (a registrable label, in plain ASCII) is distinctive enough to be looked for in compounds. */
export function distinctiveName(name: string): boolean {
  if (!/^[a-z]+$/.test(name) || name.length < 3) return false;
  if (!VOWEL.test(name)) return true;
  return name.length >= 5 && HEPBURN.test(name);
}

export interface CompoundHit {
  name: string;
  certainty: 'strong' | 'weak';
}

/**
 * Whether `label` (a registrable label, in the same form as the names: a skeleton or a look form) uses one of
 * `names` as a part, and how certainly. `phishing` holds the phishing words in that same form.
 */
export function compoundOf(
  label: string,
  names: ReadonlySet<string>,
  phishing: ReadonlySet<string>,
): CompoundHit | null {
  if (names.has(label)) return null; // the name itself: the other-suffix check's business
  const isPhishing = (w: string) => phishing.has(w) || (w.endsWith('s') && phishing.has(w.slice(0, -1)));
  const parts = label.split('-').filter(Boolean);
  let best: CompoundHit | null = null;
  const found = (name: string, beside: readonly string[]) => {
    const certainty: CompoundHit['certainty'] = beside.some(isPhishing)
      ? 'strong'
      : name.length < LONG_COMPOUND || (readsJapanese(name) && beside.every(readsJapanese))
        ? 'weak'
        : 'strong';
    if (!best || (best.certainty === 'weak' && certainty === 'strong')) best = { name, certainty };
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const others = parts.filter((_, j) => j !== i);
    if (parts.length > 1 && names.has(part)) {
      found(part, others);
      continue;
    }
    for (const name of names) {
      if (part.length <= name.length) continue;
      if (part.startsWith(name)) {
        const rest = part.slice(name.length);
        if (WORDLIKE.test(rest) || isPhishing(rest)) found(name, [rest, ...others]);
      }
      if (part.endsWith(name)) {
        const rest = part.slice(0, -name.length);
        if ((name.length >= LONG_COMPOUND && WORDLIKE.test(rest)) || isPhishing(rest)) found(name, [rest, ...others]);
      }
    }
  }
  return best;
}

/**
 * A distinctive name in a label below another registrable domain (`ssk.secure-login.com`,
 * `ssk-login.example.net`, `www.kokuhoportal.evil.example`): a name alone as such a label is common on
 * real sites (`ssk.aowc.net`, UT1), so it counts only beside a phishing word anywhere in the host's name
 * (its labels before the public suffix), and then it is strong: the host is built to read as the
 * organisation's login or payment page. `labels` are the labels below the registrable one; `registrable`
 * is the registrable label; all in the names' form. The name found, or null.
 */
export function subdomainCompound(
  labels: readonly string[],
  registrable: string,
  names: ReadonlySet<string>,
  phishing: ReadonlySet<string>,
): string | null {
  const isPhishing = (w: string) => phishing.has(w) || (w.endsWith('s') && phishing.has(w.slice(0, -1)));
  let name: string | null = null;
  for (const label of labels) {
    if (names.has(label)) name = label;
    else name = compoundOf(label, names, phishing)?.name ?? name;
    if (name) break;
  }
  if (!name) return null;
  const words = [...labels, registrable].flatMap((l) => l.split('-'));
  const beside = words.some(
    (w) =>
      isPhishing(w) ||
      [...names].some(
        (n) =>
          w !== n &&
          ((w.startsWith(n) && isPhishing(w.slice(n.length))) || (w.endsWith(n) && isPhishing(w.slice(0, -n.length)))),
      ),
  );
  return beside ? name : null;
}
