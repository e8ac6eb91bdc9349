// Installs the fake Office (and OfficeRuntime, fetch) as globals for the handler modules, the way
// Outlook provides them, and removes them afterwards. fetch serves policy.json (GET) and, for POSTs,
// a fake audit collector that records each request.
import { readFileSync } from 'node:fs';
import { createFakeOffice, type FakeOffice, type FakeOfficeOptions } from './fake-office.ts';
import { forgetPolicy } from '../../../addin/src/policy-loader.ts';
import { forgetAudit } from '../../../addin/src/audit-trail.ts';

const FIXTURES = new URL('../../fixtures/files/', import.meta.url).pathname;
export const base64Fixture = (name: string) => readFileSync(FIXTURES + name).toString('base64');
export const base64Text = (text: string) => Buffer.from(text).toString('base64');

type G = Record<string, unknown>;

export interface FetchLog {
  urls: string[];
}

export interface CollectorPost {
  url: string;
  body: unknown;
  init: { method?: string; headers?: Record<string, string>; credentials?: string };
}

/** The organisation's collector as the add-in meets it: `answer` decides each POST's fate. */
export interface FakeCollector {
  posts: CollectorPost[];
  answer: 'ok' | 'fail' | 'unreachable' | ((post: CollectorPost) => Promise<boolean>);
}

/** `policy`: the served policy.json (undefined → 404; 'unreachable' → network error). */
export function installFake(
  options: FakeOfficeOptions,
  policy?: unknown,
): FakeOffice & { fetches: FetchLog; collector: FakeCollector } {
  forgetPolicy();
  forgetAudit();
  const fake = createFakeOffice(options);
  const fetches: FetchLog = { urls: [] };
  const collector: FakeCollector = { posts: [], answer: 'ok' };
  const g = globalThis as G;
  g.Office = fake.Office;
  g.OfficeRuntime = fake.OfficeRuntime;
  g.fetch = (url: string, init?: CollectorPost['init'] & { body?: string }) => {
    fetches.urls.push(url);
    if (init?.method === 'POST') {
      const post: CollectorPost = { url, body: JSON.parse(init.body ?? 'null'), init };
      collector.posts.push(post);
      const a = collector.answer;
      if (a === 'unreachable') return Promise.reject(new TypeError('fetch failed'));
      const ok = typeof a === 'function' ? a(post) : Promise.resolve(a === 'ok');
      return ok.then((yes) => ({ ok: yes, status: yes ? 200 : 503, text: () => Promise.resolve('') }));
    }
    if (policy === 'unreachable') return Promise.reject(new TypeError('fetch failed'));
    const body = typeof policy === 'string' ? policy : JSON.stringify(policy);
    return Promise.resolve({
      ok: policy !== undefined,
      status: policy === undefined ? 404 : 200,
      text: () => Promise.resolve(body),
    });
  };
  return Object.assign(fake, { fetches, collector });
}

const realFetch = globalThis.fetch;
export function removeFake(): void {
  const g = globalThis as G;
  delete g.Office;
  delete g.OfficeRuntime;
  g.fetch = realFetch;
  forgetPolicy();
  forgetAudit();
}
