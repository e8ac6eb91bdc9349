// A policy document read from text. JSON.parse keeps the last of two equal keys silently, so
// `"action":"block", "action":"allow"` would be obeyed as allow: duplicates are an error here, located.
// Hand-written on purpose: JSON.parse has already checked the syntax, so the scan only tracks strings,
// nesting and keys (no grammar to get wrong), and it must run in Outlook's ES2016 runtime as well;
// the parser libraries that report duplicates are JSON-with-comments tools, lenient by default.
import { formatPath, type PolicyError } from './errors.ts';

export type ParsedText = { ok: true; value: unknown } | { ok: false; errors: PolicyError[] };

interface Frame {
  kind: 'object' | 'array';
  path: (string | number)[];
  keys: Map<string, number>;
  /** object: the key whose value comes next; array: the index of the next item. */
  key: string | undefined;
  index: number;
  expectKey: boolean;
}

/** Every key that appears twice in one object of valid JSON `text`, with its path and both lines. */
export function duplicateKeys(text: string): PolicyError[] {
  const errors: PolicyError[] = [];
  const stack: Frame[] = [];
  let line = 1;
  const childPath = (): (string | number)[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    return [...top.path, top.kind === 'object' ? (top.key ?? '') : top.index];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === '{' || c === '[') {
      stack.push({
        kind: c === '{' ? 'object' : 'array',
        path: childPath(),
        keys: new Map(),
        key: undefined,
        index: 0,
        expectKey: c === '{',
      });
    } else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    } else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        // Decoded, so `"\u0061ction"` is the same key as `"action"`, as JSON.parse sees it.
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const first = top.keys.get(key);
        if (first !== undefined) {
          const at = formatPath([...top.path, key]);
          const where =
            first === line
              ? { en: `line ${line}`, ja: `${line} 行目` }
              : { en: `lines ${first} and ${line}`, ja: `${first} 行目と ${line} 行目` };
          errors.push({
            path: at,
            en: `duplicate key (${where.en}): JSON keeps only the last one, so the document is ambiguous`,
            ja: `キーが重複しています（${where.ja}）。JSON では最後の値だけが残るため、文書があいまいです`,
          });
        } else top.keys.set(key, line);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    }
  }
  return errors;
}

/** Text → document: not JSON, or any duplicate key, is an error for the whole document. */
export function parsePolicyText(text: string): ParsedText {
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      errors: [{ path: '(document)', en: `not JSON: ${why}`, ja: `JSON として読めません: ${why}` }],
    };
  }
  const duplicates = duplicateKeys(body);
  return duplicates.length ? { ok: false, errors: duplicates } : { ok: true, value };
}
