// A page must not fill the audit log by itself: per tab and page, duplicates and floods are counted, not written.
import { describe, expect, it } from 'vitest';
import {
  EMPTY_THROTTLE,
  THROTTLE_LIMITS,
  admit,
  eventKey,
  nextSummaryAt,
  takeSummaries,
  throttleScope,
  type ThrottleState,
} from '../../../shared/audit/throttle.ts';

const block = (target: string) => eventKey({ kind: 'block', rule: 'shortener', action: 'block', target });

function run(keys: string[], scope = throttleScope(1, 'https://evil.example/page'), start = 0, step = 10) {
  let state: ThrottleState = EMPTY_THROTTLE;
  const written: string[] = [];
  keys.forEach((k, i) => {
    const r = admit(state, scope, k, start + i * step);
    state = r.state;
    if (r.admitted) written.push(k);
  });
  return { state, written };
}

describe('the audit throttle', () => {
  it('300 events from one page with no user action write at most the window’s share, and count the rest', () => {
    const keys = Array.from({ length: 300 }, (_, i) => block(`short${i}.example`));
    const { state, written } = run(keys);
    expect(written).toHaveLength(THROTTLE_LIMITS.maxPerWindow);
    expect(takeSummaries(state, 2_000).summaries).toEqual([]); // the window is still open
    const { summaries, state: after } = takeSummaries(state, THROTTLE_LIMITS.windowMs);
    expect(summaries).toEqual([
      { scope: '1|https://evil.example/page', duplicates: 0, overLimit: 290, from: 100, to: 2_990 },
    ]);
    expect(takeSummaries(after, THROTTLE_LIMITS.windowMs + 1).summaries).toEqual([]); // summarised once
  });

  it('the same event again within the duplicate time is written once, and counted as a duplicate', () => {
    const { state, written } = run(Array.from({ length: 50 }, () => block('bit.ly')));
    expect(written).toEqual([block('bit.ly')]);
    expect(takeSummaries(state, THROTTLE_LIMITS.windowMs).summaries[0]).toMatchObject({ duplicates: 49, overLimit: 0 });
  });

  it('must pass: different events within the limit are all written, and nothing is summarised', () => {
    const keys = [
      block('bit.ly'),
      block('t.co'),
      eventKey({ kind: 'warn', rule: 'unknown-organization', target: 'x.example' }),
    ];
    const { state, written } = run(keys);
    expect(written).toEqual(keys);
    expect(nextSummaryAt(state)).toBeNull();
    expect(takeSummaries(state, 10 * THROTTLE_LIMITS.windowMs).summaries).toEqual([]);
  });

  it('must pass: the same event after the duplicate time is written again', () => {
    const { written } = run([block('bit.ly'), block('bit.ly')], undefined, 0, THROTTLE_LIMITS.duplicateMs);
    expect(written).toHaveLength(2);
  });

  it('scopes are separate: another tab, or another page in the same tab, has its own limit', () => {
    let state: ThrottleState = EMPTY_THROTTLE;
    const a = throttleScope(1, 'https://a.example/x?q=1');
    const b = throttleScope(2, 'https://a.example/x');
    const c = throttleScope(1, 'https://a.example/y');
    for (const scope of [a, b, c]) {
      const r = admit(state, scope, block('bit.ly'), 0);
      expect(r.admitted).toBe(true);
      state = r.state;
    }
    expect(throttleScope(1, 'https://a.example/x?q=1#f')).toBe(throttleScope(1, 'https://a.example/x'));
  });

  it('a new window writes again after a flood, and each window’s drops are one summary', () => {
    const keys = Array.from({ length: 30 }, (_, i) => block(`s${i}.example`));
    let { state } = run(keys);
    expect(nextSummaryAt(state)).toBe(THROTTLE_LIMITS.windowMs);
    let taken = takeSummaries(state, THROTTLE_LIMITS.windowMs);
    expect(taken.summaries[0]!.overLimit).toBe(20);
    state = taken.state;
    const again = admit(
      state,
      throttleScope(1, 'https://evil.example/page'),
      block('new.example'),
      THROTTLE_LIMITS.windowMs + 5,
    );
    expect(again.admitted).toBe(true);
  });

  it('forgets quiet scopes and stays bounded', () => {
    let state: ThrottleState = EMPTY_THROTTLE;
    for (let i = 0; i < THROTTLE_LIMITS.maxScopes + 50; i++) state = admit(state, `tab${i}|p`, 'k', i).state;
    expect(Object.keys(state.scopes).length).toBeLessThanOrEqual(THROTTLE_LIMITS.maxScopes);
    const later = takeSummaries(state, 10 * THROTTLE_LIMITS.windowMs).state;
    expect(Object.keys(later.scopes)).toHaveLength(0);
  });

  it('event keys ignore detail order but not content', () => {
    expect(eventKey({ kind: 'warn', detail: { a: '1', b: '2' } })).toBe(
      eventKey({ kind: 'warn', detail: { b: '2', a: '1' } }),
    );
    expect(eventKey({ kind: 'warn', detail: { a: '1' } })).not.toBe(eventKey({ kind: 'warn', detail: { a: '2' } }));
  });
});
