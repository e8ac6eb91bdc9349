// The form guard's one verdict without the service worker: never more lenient than the core's own.
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { DEFAULT_ORGANIZATION } from '../../../shared/policy/default-forms.ts';
import { judgeSubmission } from '../../../shared/web/form-verdict.ts';
import { allowedWithoutWorker } from '../../../shared/web/form-fast-path.ts';

const compiled = compilePolicy(SSK_DEFAULT_POLICY, Date.parse('2026-11-25T12:00:00+09:00'));
const ORG = DEFAULT_ORGANIZATION.domains;

const must_pass: [string, string][] = [
  ['https://www.ssk.or.jp/login', 'https://www.ssk.or.jp/session'],
  ['https://www.ssk.or.jp/login', '/session'],
  ['https://ssk.or.jp/', 'https://portal.ssk.or.jp/apply'],
  ['https://WWW.SSK.OR.JP./a', 'https://www.ssk.or.jp/b'],
];
const must_wait: [string, string][] = [
  ['http://www.ssk.or.jp/login', 'https://www.ssk.or.jp/session'], // page over http
  ['https://www.ssk.or.jp/login', 'http://www.ssk.or.jp/session'], // downgrade
  ['https://www.ssk.or.jp/login', 'https://forms.example.net/post'], // leaves the organisation
  ['https://forms.example.net/', 'https://www.ssk.or.jp/post'], // typed elsewhere
  ['https://ssk.or.jp.example.net/', 'https://ssk.or.jp.example.net/post'], // a look-alike
  ['https://evilssk.or.jp/', 'https://evilssk.or.jp/post'],
  ['https://www.mhlw.go.jp/', 'https://www.mhlw.go.jp/post'], // a known organisation: the worker decides
  ['https://www.ssk.or.jp/', 'javascript:alert(1)'],
  ['about:blank', 'https://www.ssk.or.jp/post'],
];

describe('allowedWithoutWorker', () => {
  it.each(must_pass)('lets %s → %s go at once, and the core allows it too', (page, action) => {
    expect(allowedWithoutWorker(ORG, page, action)).toBe(true);
    for (const sensitive of [['password'], ['my-number'], ['all-posts']] as const)
      expect(judgeSubmission(compiled, { page, action, method: 'post', sensitive: [...sensitive] }).verdict).toBe(
        'allow',
      );
  });
  it.each(must_wait)('leaves %s → %s to the worker', (page, action) => {
    expect(allowedWithoutWorker(ORG, page, action)).toBe(false);
  });
  it('allows nothing without the organisation’s domains (an old cache)', () => {
    expect(allowedWithoutWorker([], 'https://www.ssk.or.jp/', 'https://www.ssk.or.jp/x')).toBe(false);
  });
  it('follows the cached policy’s domains, not the built-in ones', () => {
    expect(allowedWithoutWorker(['example.org'], 'https://www.example.org/', 'https://www.example.org/x')).toBe(true);
    expect(allowedWithoutWorker(['example.org'], 'https://www.ssk.or.jp/', 'https://www.ssk.or.jp/x')).toBe(false);
  });
});
