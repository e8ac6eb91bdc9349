// JSON.parse keeps the last of two equal keys: `"action":"block","action":"allow"` must not validate.
import { describe, expect, it } from 'vitest';
import { duplicateKeys, parsePolicyText } from '../../../shared/policy/json-text.ts';

describe('duplicate keys (must be rejected)', () => {
  it('the rule that says block, then allow', () => {
    const r = parsePolicyText('{"rules":{"shortener":{"action":"block",\n"action":"allow"}}}');
    expect(r).toMatchObject({ ok: false, errors: [{ path: 'rules.shortener.action' }] });
    if (!r.ok) {
      expect(r.errors[0]!.en).toContain('duplicate key (lines 1 and 2)');
      expect(r.errors[0]!.ja).toContain('キーが重複');
    }
  });
  it('at the top, in an object inside an array, and spelt with an escape', () => {
    expect(duplicateKeys('{"version":"a","version":"b"}').map((e) => e.path)).toEqual(['version']);
    expect(
      duplicateKeys('{"cloud":{"approved":[{"service":"a"},{"service":"b","\\u0073ervice":"c"}]}}').map((e) => e.path),
    ).toEqual(['cloud.approved[1].service']);
  });
  it('every duplicate, not only the first', () => {
    expect(duplicateKeys('{"a":1,"a":2,"b":{"c":1,"c":2}}').map((e) => e.path)).toEqual(['a', 'b.c']);
  });
});

describe('documents without duplicates (must pass)', () => {
  it('the same key in sibling objects, and keys equal to values', () => {
    expect(duplicateKeys('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}],"d":"d"}')).toEqual([]);
  });
  it('strings full of JSON punctuation and escapes', () => {
    const text = JSON.stringify({ a: '{"a":1,"a":2}', b: 'x\\"y', c: ['"', ',', ':'], d: { '"a"': 1, a: 2 } });
    expect(duplicateKeys(text)).toEqual([]);
    expect(parsePolicyText(text)).toMatchObject({ ok: true });
  });
  it('a byte-order mark is allowed; text that is not JSON is one located error', () => {
    expect(parsePolicyText('\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parsePolicyText('{"a":1,}')).toMatchObject({ ok: false, errors: [{ path: '(document)' }] });
  });
});
