// The typed-value store (issue 11): salted hashes only, the latest value per field, found anywhere in a text.
import { describe, expect, it } from 'vitest';
import {
  emptySeenStore,
  findSeen,
  fingerprint,
  forgetTab,
  isEmptySeen,
  makeSalt,
  pruneSeen,
  rememberSeen,
  SEEN_TTL_MS,
  seenIndex,
  type SeenKind,
} from '../../../shared/web/seen-values.ts';

const salt = makeSalt(new Uint32Array([11, 22]));
const found = (text: string, index = seenIndex(store(), 1, salt)!) => {
  const out = new Set<SeenKind>();
  findSeen(text, index, out, { left: 1e9, exhausted: false });
  return [...out];
};
const store = (value = 'correct-horse') =>
  rememberSeen(emptySeenStore(), 1, 'f', fingerprint(value, 'password', 'https://a.example', salt));

describe('fingerprints', () => {
  it('keep no value, only hashes', () => {
    const text = JSON.stringify(store());
    expect(text).not.toContain('correct');
    expect(text).not.toContain('horse');
  });
  it('depend on the salt', () => {
    const other = makeSalt(new Uint32Array([12, 22]));
    expect(fingerprint('correct-horse', 'password', '', salt)!.whole).not.toBe(
      fingerprint('correct-horse', 'password', '', other)!.whole,
    );
  });
});

describe('finding a typed value', () => {
  it.each([
    ['alone', 'correct-horse'],
    ['at the start', 'correct-horse&x=1'],
    ['at the end', 'x=1&p=correct-horse'],
    ['its first half', '…correct…'],
    ['its second half', '…t-horse…'],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual(['password']);
  });
  it.each([
    ['nothing like it', 'hello world, nothing here'],
    ['too short a piece', 'correc'.slice(0, 5)],
    ['other case', 'CORRECT-HORSE'],
  ])('not in %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
  it('half of it inside a longer text is ordinary text, not a split value ("correct " in a comment)', () => {
    expect(found('Is this the correct address? I think it is correct, thanks.')).toEqual([]);
    expect(found('Is this the correct-horse address?')).toEqual(['password']); // the whole value is
  });
  it('with another salt the same value is not found (the hashes are salted)', () => {
    const index = seenIndex(store(), 1, makeSalt(new Uint32Array([99, 98])))!;
    expect(found('correct-horse', index)).toEqual([]);
  });
  it('stops when the budget runs out, and says so', () => {
    const budget = { left: 10, exhausted: false };
    findSeen('x'.repeat(100), seenIndex(store(), 1, salt)!, new Set(), budget);
    expect(budget.exhausted).toBe(true);
  });
});

describe('the store', () => {
  it('keeps the latest value of each field only', () => {
    let s = store('alpha-one-111');
    s = rememberSeen(s, 1, 'f', fingerprint('zulu-two-2222', 'password', '', salt));
    const index = seenIndex(s, 1, salt)!;
    expect(found('alpha-one-111', index)).toEqual([]);
    expect(found('zulu-two-2222', index)).toEqual(['password']);
  });
  it('a request of no tab is searched for every tab’s values', () => {
    expect(found('correct-horse', seenIndex(store(), -1, salt)!)).toEqual(['password']);
  });
  it('forgets a closed tab', () => {
    expect(seenIndex(forgetTab(store(), 1), 1, salt)).toBeNull();
  });
  it('is bounded per tab', () => {
    let s = emptySeenStore();
    for (let i = 0; i < 100; i++) s = rememberSeen(s, 1, `f${i}`, fingerprint(`value-${i}-xyz`, 'password', '', salt));
    expect(Object.keys(s.tabs['1']!).length).toBe(32);
  });
});

describe('expiry', () => {
  it('a value typed more than half an hour ago is no longer looked for', () => {
    const s = rememberSeen(emptySeenStore(), 1, 'f', fingerprint('correct-horse', 'password', '', salt, 1_000));
    expect(pruneSeen(s, 1_000 + SEEN_TTL_MS - 1)).toBe(s);
    expect(isEmptySeen(pruneSeen(s, 1_000 + SEEN_TTL_MS))).toBe(true);
  });
});
