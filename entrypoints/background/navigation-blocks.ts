// Blocks as the browser made them (7.1.4; issue 12 §3): the declarativeNetRequest redirect of a top-level
// navigation to the block page, a sub frame the rules stopped, a look-alike the worker itself turned away.
// These are what the audit records — never what the block page says, which any page could open with any
// address. The block page asks here whether it stands for a real block in its tab.
import { browser } from 'wxt/browser';
import { parseBlockFragment } from '@/shared/web/dnr';

const KEY = 'blocksByTab';
const PER_TAB = 10;

export interface NavigationBlock {
  rule: string;
  url: string;
  at: number;
}

type Blocks = Record<string, NavigationBlock[]>;
let blocks: Promise<Blocks> | null = null;
let chain: Promise<unknown> = Promise.resolve();

const load = (): Promise<Blocks> =>
  (blocks ??= browser.storage.session
    .get(KEY)
    .then((s) => (s[KEY] as Blocks | undefined) ?? {})
    .catch((): Blocks => ({})));

/** Is `url` the block page of this extension (any of its ids), and if so, which rule does it name? */
export function blockPageRule(url: string): string | null {
  try {
    const u = new URL(url);
    if (!/^(chrome|moz)-extension:$/.test(u.protocol) || u.pathname !== '/blocked.html') return null;
    // The static id, and this session's dynamic id (the redirect is reported with it: use_dynamic_url).
    const own = [self.location.host, browser.runtime.id, new URL(browser.runtime.getURL('/blocked.html')).host];
    if (!own.includes(u.host)) return null;
    return parseBlockFragment(u.hash)?.rule ?? null;
  } catch {
    return null;
  }
}

/** Remembers a block in a tab (serially, so the block page's question waits for it). */
export function noteBlock(tabId: number, block: NavigationBlock): Promise<void> {
  const run = chain.then(async () => {
    const all = await load();
    const list = [...(all[tabId] ?? []).filter((b) => b.url !== block.url), block].slice(-PER_TAB);
    const next = { ...all, [tabId]: list };
    blocks = Promise.resolve(next);
    await browser.storage.session.set({ [KEY]: next });
  });
  chain = run.catch(() => undefined);
  return run;
}

/** The real block the page in `tabId` shows: the one of that URL (or, with no URL, the tab's latest of that rule). */
export async function findBlock(tabId: number, rule: string, url: string): Promise<NavigationBlock | null> {
  await chain;
  const list = (await load())[tabId] ?? [];
  if (url) return list.find((b) => b.url === url && b.rule === rule) ?? null;
  return [...list].reverse().find((b) => b.rule === rule) ?? null;
}

export function forgetTab(tabId: number): void {
  chain = chain.then(async () => {
    const all = { ...(await load()) };
    if (!(tabId in all)) return;
    delete all[tabId];
    blocks = Promise.resolve(all);
    await browser.storage.session.set({ [KEY]: all });
  });
}
