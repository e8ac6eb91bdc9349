// "This is a different site": the user's remembered answer to 「本物ですか？」 for a weak look-alike
// (shared/domains/lookalike.ts states the threshold). Kept per host in local storage, so it is asked once.
// A strong imitation is never remembered away: it stays blocked.
import { browser } from 'wxt/browser';

const KEY = 'differentSites';
const MAX = 500;

export interface DifferentSite {
  host: string;
  imitates: string;
  at: string;
}

async function list(): Promise<DifferentSite[]> {
  return ((await browser.storage.local.get(KEY))[KEY] as DifferentSite[] | undefined) ?? [];
}

export async function isDifferentSite(host: string): Promise<boolean> {
  return (await list()).some((d) => d.host === host);
}

export async function rememberDifferentSite(host: string, imitates: string): Promise<void> {
  const kept = (await list()).filter((d) => d.host !== host).slice(-(MAX - 1));
  await browser.storage.local.set({ [KEY]: [...kept, { host, imitates, at: new Date().toISOString() }] });
}
