// Markers of 要機密 in a file name or a subject (DESIGN §3; policy 1.3.1, 3.1.1(1)-2).
//
// Decisions, so that reviewers can disagree with something written down:
// - Text is NFKC-normalised first, so 機密性２, ［秘］, ＜要機密＞ and ② read as 機密性2, [秘], <要機密>, 2.
// - 機密性3 and 機密性2 (also 機密性 2, 機密性：2, 機密性Ⅱ/Ⅲ) are markers; 機密性1 and 機密性0 are not,
//   and neither is 機密性20 or 機密性21 (a different number, not a level).
// - 要機密 and 極秘 are markers wherever they stand.
// - 秘 is a marker only as a label: a token of its own, not touching a letter or digit on either
//   side (【秘】 [秘] (秘) <秘> 秘_報告 秘-報告 "報告 秘.pdf" "秘"), and ㊙, マル秘, 丸秘.
//   Inside a word it is not: 秘書, 神秘, 秘匿, and 秘密 — 秘密 is an ordinary word (秘密保持契約書,
//   an NDA, is not a classification label), so it is deliberately not a marker.
// - X外秘 (社外秘, 部外秘, 局外秘, 関係者外秘) is the house label "secret outside X": a marker.

export interface MarkerPattern {
  readonly id: string;
  /** A JavaScript regular expression source, matched with the `u` flag against NFKC text. */
  readonly source: string;
  readonly description: { readonly ja: string; readonly en: string };
  /** Matched against the text before NFKC (for characters that NFKC would fold away, like ㊙). */
  readonly raw?: boolean;
}

/** Letters and digits that make 秘 part of a word: Latin, Greek, Cyrillic, kana, kanji (after NFKC). */
const WORD =
  '0-9A-Za-z\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff\\u3005\\u3006\\u3041-\\u3096\\u309d-\\u309f\\u30a1-\\u30fa' +
  '\\u30fc-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f\\u{20000}-\\u{3ffff}';

export const CONFIDENTIAL_MARKER_PATTERNS: readonly MarkerPattern[] = [
  {
    id: 'kimitsusei-2-3',
    source: '機密性\\s*[:：]?\\s*(?:[23](?![0-9])|III(?![A-Za-z])|II(?![A-Za-z]))',
    description: { ja: '機密性2 または 機密性3', en: 'confidentiality level 2 or 3' },
  },
  { id: 'yo-kimitsu', source: '要機密', description: { ja: '要機密', en: '要機密 (confidential)' } },
  { id: 'gokuhi', source: '極秘', description: { ja: '極秘', en: '極秘 (top secret)' } },
  {
    id: 'gaihi',
    source: '外秘',
    description: { ja: '社外秘・部外秘など', en: 'secret outside the organisation or department' },
  },
  {
    id: 'hi-label',
    // "Not touching a letter or digit", spelt without lookbehind or \\p{…}: Outlook's older
    // JavaScript runtime (ES2016) has neither.
    source: `(?:^|[^${WORD}])(?:マル|丸)?秘(?![${WORD}])`,
    description: { ja: 'ラベルとしての「秘」（【秘】 [秘] 秘_ など）', en: '秘 as a label ([秘], 秘_ …)' },
  },
  { id: 'maruhi-symbol', source: '\\u3299', raw: true, description: { ja: '㊙', en: 'the ㊙ symbol' } },
];

const compiled = new WeakMap<readonly MarkerPattern[], { re: RegExp; raw: boolean; id: string }[]>();

function compile(patterns: readonly MarkerPattern[]) {
  let c = compiled.get(patterns);
  if (!c) {
    c = patterns.map((p) => ({ re: new RegExp(p.source, 'u'), raw: p.raw === true, id: p.id }));
    compiled.set(patterns, c);
  }
  return c;
}

/** The ids of the marker patterns the text carries (empty when it carries none). */
export function confidentialMarkers(
  text: string,
  patterns: readonly MarkerPattern[] = CONFIDENTIAL_MARKER_PATTERNS,
): string[] {
  const nfkc = text.normalize('NFKC');
  const found: string[] = [];
  for (const p of compile(patterns)) if (p.re.test(p.raw ? text : nfkc)) found.push(p.id);
  return found;
}

export function hasConfidentialMarker(
  text: string,
  patterns: readonly MarkerPattern[] = CONFIDENTIAL_MARKER_PATTERNS,
): boolean {
  return confidentialMarkers(text, patterns).length > 0;
}
