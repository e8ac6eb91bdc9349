// Blocks as the browser made them (7.1.4; issue 12 §3): the declarativeNetRequest redirect of a top-level
// navigation to the block page, a sub frame the rules stopped, a look-alike the worker itself turned away.
// These are what the audit records — never what the block page says, which any page could open with any
// address. The block page asks here whether it stands for a real block in its tab.
import { browser } from 'wxt/browser';
import { parseBlockFragment, type DnrRule } from '@/shared/web/dnr';

const KEY = 'blocksByTab';
const PER_TAB = 10;
const REPORT_GRACE_MS = 2_000;

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

/**
 * Remembers a block in a tab (serially, so the block page's question waits for it). False when the same
 * block of that tab was remembered within the last minute: one block, one record, however it was learnt.
 */
export function noteBlock(tabId: number, block: NavigationBlock): Promise<boolean> {
  const run = chain.then(async () => {
    const all = await load();
    const known = (all[tabId] ?? []).some(
      (b) => b.url === block.url && b.rule === block.rule && block.at - b.at < 60_000,
    );
    const list = [...(all[tabId] ?? []).filter((b) => b.url !== block.url), block].slice(-PER_TAB);
    const next = { ...all, [tabId]: list };
    blocks = Promise.resolve(next);
    await browser.storage.session.set({ [KEY]: next });
    return !known;
  });
  chain = run.catch(() => undefined);
  return run;
}

/** The real block the page in `tabId` shows: the one of that URL (or, with no URL, the tab's latest of that rule). */
export async function findBlock(tabId: number, rule: string, url: string): Promise<NavigationBlock | null> {
  // Right after the worker starts, the page's question can arrive before the browser's report of the
  // redirect that opened it: a moment's patience before "not a real block".
  const until = Date.now() + REPORT_GRACE_MS;
  for (;;) {
    await chain;
    const list = (await load())[tabId] ?? [];
    const found = url
      ? list.find((b) => b.url === url && b.rule === rule)
      : [...list].reverse().find((b) => b.rule === rule);
    if (found || Date.now() >= until) return found ?? null;
    await new Promise((r) => setTimeout(r, 100));
  }
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

const redirectRule = (r: DnrRule | undefined): string | null => {
  if (r?.action.type !== 'redirect') return null;
  const to = r.action.redirect;
  return /#([a-z-]+):/.exec('regexSubstitution' in to ? to.regexSubstitution : to.extensionPath)?.[1] ?? null;
};

/**
 * The browser's own record, for when its report of the redirect never reached the worker (a worker
 * stopped at that moment): did one of our redirect rules of `rule` match in this tab within the last
 * minute? (declarativeNetRequestFeedback; the address it matched is not given, so the caller checks that
 * the policy blocks the page's address with that rule.)
 */
export async function matchedInTab(
  tabId: number,
  rule: string,
  staticRules: () => Promise<DnrRule[]>,
): Promise<boolean> {
  try {
    const { rulesMatchedInfo } = await browser.declarativeNetRequest.getMatchedRules({
      tabId,
      minTimeStamp: Date.now() - 60_000,
    });
    if (!rulesMatchedInfo.length) return false;
    const dynamic = (await browser.declarativeNetRequest.getDynamicRules()) as unknown as DnrRule[];
    const fixed = await staticRules();
    return rulesMatchedInfo.some(({ rule: m }) => {
      const list = m.rulesetId === '_dynamic' ? dynamic : fixed;
      return redirectRule(list.find((r) => r.id === m.ruleId)) === rule;
    });
  } catch {
    return false;
  }
}
