// Installs the fake Office (and OfficeRuntime, fetch) as globals for the handler modules, the way
// Outlook provides them, and removes them afterwards.
import { readFileSync } from 'node:fs';
import { createFakeOffice, type FakeOffice, type FakeOfficeOptions } from './fake-office.ts';
import { forgetPolicy } from '../../../addin/src/policy-loader.ts';

const FIXTURES = new URL('../../fixtures/files/', import.meta.url).pathname;
export const base64Fixture = (name: string) => readFileSync(FIXTURES + name).toString('base64');
export const base64Text = (text: string) => Buffer.from(text).toString('base64');

type G = Record<string, unknown>;

export interface FetchLog {
  urls: string[];
}

/** `policy`: the served policy.json (undefined → 404; 'unreachable' → network error). */
export function installFake(options: FakeOfficeOptions, policy?: unknown): FakeOffice & { fetches: FetchLog } {
  forgetPolicy();
  const fake = createFakeOffice(options);
  const fetches: FetchLog = { urls: [] };
  const g = globalThis as G;
  g.Office = fake.Office;
  g.OfficeRuntime = fake.OfficeRuntime;
  g.fetch = (url: string) => {
    fetches.urls.push(url);
    if (policy === 'unreachable') return Promise.reject(new TypeError('fetch failed'));
    const body = typeof policy === 'string' ? policy : JSON.stringify(policy);
    return Promise.resolve({
      ok: policy !== undefined,
      status: policy === undefined ? 404 : 200,
      text: () => Promise.resolve(body),
    });
  };
  return Object.assign(fake, { fetches });
}

const realFetch = globalThis.fetch;
export function removeFake(): void {
  const g = globalThis as G;
  delete g.Office;
  delete g.OfficeRuntime;
  g.fetch = realFetch;
  forgetPolicy();
}
