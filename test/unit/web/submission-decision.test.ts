// The form guard's decisions (shared/web/submission-decision.ts): what may go at once, and what the
// worker's answer means. Each rule with a case that must hold and one that must pass.
import { describe, expect, it } from 'vitest';
import type { JudgeAnswer } from '../../../shared/web/form-messages.ts';
import {
  GRANT_MS,
  VERDICT_TTL,
  grantAfterConfirm,
  needsWorker,
  outcomeOf,
  passesNow,
  unknownDestinationOutcome,
  verdictFresh,
  type GuardFacts,
  type Submission,
} from '../../../shared/web/submission-decision.ts';

const NOW = 1_800_000_000_000;
const ORG = ['ssk.or.jp'];
const facts = (over: Partial<GuardFacts> = {}): GuardFacts => ({
  allPostsSensitive: false,
  organizationDomains: ORG,
  grant: null,
  pageUrl: 'https://www.ssk.or.jp/form',
  now: NOW,
  ...over,
});
const sub = (over: Partial<Submission> = {}): Submission => ({
  path: 'submit',
  action: 'https://forms.example.net/post',
  method: 'post',
  kinds: [],
  markedFiles: [],
  ...over,
});
const answer = (verdict: JudgeAnswer['verdict'], over: Partial<JudgeAnswer> = {}): JudgeAnswer =>
  ({
    verdict,
    findings: [
      {
        rule: 'unknown-organization',
        action: 'warn',
        clause: '8.1.1(5)(f)(ｲ)',
        message: { ja: 'j', en: 'e' },
        details: {},
      },
      {
        rule: 'insecure-transport',
        action: 'block',
        clause: '8.1.1(5)(f)(ｱ)',
        message: { ja: 'j', en: 'e' },
        details: {},
      },
    ],
    destination: null,
    allPostsSensitive: false,
    ...over,
  }) as unknown as JudgeAnswer;

describe('passesNow', () => {
  it('nothing sensitive goes; a GET goes even when every POST is sensitive', () => {
    expect(passesNow(facts(), sub()).pass).toBe(true);
    expect(passesNow(facts({ allPostsSensitive: true }), sub({ method: 'get' })).pass).toBe(true);
  });
  it('the all-posts rule: a plain POST is held (and named all-posts) when it applies, and while it is not known', () => {
    const r = passesNow(facts({ allPostsSensitive: true }), sub());
    expect(r).toMatchObject({ pass: false, kinds: ['all-posts'] });
    expect(passesNow(facts({ allPostsSensitive: null }), sub()).pass).toBe(false);
  });
  it('a sensitive post to an unknown site is held; to the organisation from the organisation over https it goes ahead of the worker', () => {
    expect(passesNow(facts(), sub({ kinds: ['password'] })).pass).toBe(false);
    expect(passesNow(facts(), sub({ kinds: ['password'], action: 'https://login.ssk.or.jp/s' })).pass).toBe(true);
    expect(passesNow(facts(), sub({ kinds: ['password'], action: 'http://login.ssk.or.jp/s' })).pass).toBe(false);
    expect(
      passesNow(facts({ pageUrl: 'https://evil.example/' }), sub({ kinds: ['password'], action: 'https://ssk.or.jp/' }))
        .pass,
    ).toBe(false);
  });
  it('marked files are never let through here, not even to the organisation or with a grant', () => {
    const s = sub({
      kinds: ['file', 'confidential-marker'],
      markedFiles: ['要機密_a.xlsx'],
      action: 'https://ssk.or.jp/u',
    });
    expect(passesNow(facts({ grant: { origin: 'https://ssk.or.jp', until: NOW + 1 } }), s).pass).toBe(false);
  });
  it('a grant lets one sensitive post to its origin go, until it ends; another origin is held', () => {
    const grant = grantAfterConfirm('https://forms.example.net/post?x', NOW);
    expect(grant).toEqual({ origin: 'https://forms.example.net', until: NOW + GRANT_MS });
    expect(passesNow(facts({ grant }), sub({ kinds: ['my-number'] }))).toMatchObject({ pass: true, grantUsed: true });
    expect(passesNow(facts({ grant, now: NOW + GRANT_MS }), sub({ kinds: ['my-number'] })).pass).toBe(false);
    expect(passesNow(facts({ grant }), sub({ kinds: ['my-number'], action: 'https://other.example/' })).pass).toBe(
      false,
    );
  });
  it('a cached verdict decides: allow goes, warn and block are held', () => {
    expect(passesNow(facts({ settled: answer('allow') }), sub({ kinds: ['password'] })).pass).toBe(true);
    expect(passesNow(facts({ settled: answer('warn') }), sub({ kinds: ['password'] })).pass).toBe(false);
    expect(passesNow(facts({ settled: answer('block') }), sub({ kinds: ['password'] })).pass).toBe(false);
  });
  it('what is not a web address (javascript:, about:) is not a submission the guard judges', () => {
    expect(passesNow(facts(), sub({ kinds: ['password'], action: 'javascript:void 0' })).pass).toBe(true);
  });
  it('verdicts are trusted for VERDICT_TTL only', () => {
    expect(verdictFresh(NOW, NOW + VERDICT_TTL - 1)).toBe(true);
    expect(verdictFresh(NOW, NOW + VERDICT_TTL)).toBe(false);
  });
});

describe('needsWorker (the startup fast path)', () => {
  it('the organisation’s own https needs no worker; anything else does; marked files always do', () => {
    const f = facts();
    expect(needsWorker(f, sub({ kinds: ['password'], action: 'https://www.ssk.or.jp/s' }))).toBe(false);
    expect(needsWorker(f, sub({ kinds: ['password'] }))).toBe(true);
    expect(needsWorker(f, sub({ markedFiles: ['要機密.pdf'], action: 'https://www.ssk.or.jp/s' }))).toBe(true);
    expect(needsWorker(f, sub())).toBe(false); // nothing sensitive, all-posts off
  });
});

describe('outcomeOf (the worker’s answer)', () => {
  it('no answer fails closed', () => {
    expect(outcomeOf(sub({ kinds: ['password'] }), null).kind).toBe('failed');
  });
  it('allow sends; warn asks with the warn findings; block stops with the block findings', () => {
    expect(outcomeOf(sub({ kinds: ['password'] }), answer('allow')).kind).toBe('send');
    const warn = outcomeOf(sub({ kinds: ['password'] }), answer('warn'));
    expect(warn.kind).toBe('confirm');
    expect(warn.kind === 'confirm' && warn.findings.map((f) => f.rule)).toEqual(['unknown-organization']);
    const block = outcomeOf(sub({ kinds: ['password'] }), answer('block'));
    expect(block.kind === 'block' && block.findings.map((f) => f.rule)).toEqual(['insecure-transport']);
  });
  it('a synchronous XHR cannot be confirmed: a warn stops it', () => {
    expect(outcomeOf(sub({ path: 'xhr', kinds: ['password'], sync: true }), answer('warn')).kind).toBe('block');
  });
  it('a plain POST the worker says is sensitive under all-posts is named so; without it, it goes', () => {
    expect(outcomeOf(sub(), answer('warn', { allPostsSensitive: true }))).toMatchObject({
      kind: 'confirm',
      kinds: ['all-posts'],
    });
    expect(outcomeOf(sub(), answer('warn')).kind).toBe('send');
  });
});

describe('unknownDestinationOutcome (an XHR the hook never saw opened)', () => {
  it('sensitive: stopped; nothing sensitive: goes', () => {
    expect(unknownDestinationOutcome(sub({ path: 'xhr', kinds: ['my-number'] })).kind).toBe('block');
    expect(unknownDestinationOutcome(sub({ path: 'xhr', markedFiles: ['要機密.docx'] })).kind).toBe('block');
    expect(unknownDestinationOutcome(sub({ path: 'xhr' })).kind).toBe('send');
  });
});
