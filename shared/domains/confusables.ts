// A skeleton of a host: the Latin look-alike of every character, so `ѕѕк.or.jp` (Cyrillic) and
// `ssk.or.jp` share one. A small table of the homoglyphs that matter for domain names (Latin,
// Cyrillic, Greek, digits) — written here because the full Unicode confusables data is far larger
// than a browser extension should carry for this job.

const TABLE: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  з: '3',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  ь: 'b',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  ς: 'c',
  // Latin look-alikes and letter-like digits
  ı: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŀ: 'l',
  '0': 'o',
  '1': 'l',
  '5': 's',
  i: 'l',
  ǀ: 'l',
};

const ASCII = /^[\x00-\x7f]*$/;

// The hot path (a host judged for the first time) is ASCII: one pass over the character codes.
const ASCII_MAP: string[] = Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c).toLowerCase();
  return TABLE[ch] ?? ch;
});

/** Lower-case, NFKC (full-width forms), strip combining marks, then map homoglyphs to one Latin letter. */
export function skeleton(text: string): string {
  let out = '';
  if (ASCII.test(text)) for (let i = 0; i < text.length; i++) out += ASCII_MAP[text.charCodeAt(i)]!;
  else {
    const base = text
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    for (const ch of base) out += TABLE[ch] ?? ch;
  }
  // `rn` reads as `m`, `vv` as `w`, `cl` as `d` at a glance.
  if (out.includes('rn')) out = out.replace(/rn/g, 'm');
  if (out.includes('vv')) out = out.replace(/vv/g, 'w');
  if (out.includes('cl')) out = out.replace(/cl/g, 'd');
  return out;
}
