// The look-alike guard for top-level navigations (look-alikes cannot be listed in advance as DNR rules).
// Firefox keeps blocking webRequest in Manifest V3: there the request is redirected to the block page
// before it is sent, so a look-alike server never sees the visit. Chrome and Edge have no blocking
// webRequest for an extension that is not force-installed: there the tab is sent to the block page as
// the navigation starts, and the first request may already have left. The verdict is the core's either way.
import { browser } from 'wxt/browser';
import type { CompiledPolicy } from '@/shared/policy/compile';
import { judgeNavigation } from '@/shared/web/navigation';
import { isDifferentSite } from './different-sites';
import { blockPageUrl } from './dnr-sync';
import { activeOverride } from './overrides';

type Action = 'block' | 'warn';

/** Where a look-alike `url` goes instead, or undefined when it may load (not one, overridden, or told apart). */
async function lookalikeBlockPage(
  compiled: CompiledPolicy,
  url: string,
): Promise<{ to: string; action: Action } | undefined> {
  if (!/^https?:/.test(url)) return undefined;
  const verdict = judgeNavigation(compiled, url);
  // A strong imitation blocks; a weak one asks 「本物ですか？」 until the user says it is a different site.
  const lookalike = verdict.findings.find((f) => f.rule === 'lookalike-domain' && f.action !== 'allow');
  if (!lookalike || (await activeOverride(verdict.host))) return undefined;
  if (lookalike.action === 'warn' && (await isDifferentSite(verdict.host))) return undefined;
  return { to: `${blockPageUrl()}#lookalike-domain:${url}`, action: lookalike.action === 'warn' ? 'warn' : 'block' };
}

/** `record` is called before the block page opens (the redirect's own report is then a duplicate, dropped). */
export function startLookalikeGuard(
  compiled: () => Promise<CompiledPolicy>,
  record: (tabId: number, url: string, action: Action) => Promise<void>,
): void {
  const blocking = browser.webRequest?.onBeforeRequest;
  if (import.meta.env.FIREFOX && blocking) {
    // Firefox waits for a promise from a blocking listener (the polyfill's types say only a value).
    const listener = async (details: { url: string; tabId: number }) => {
      const found = await lookalikeBlockPage(await compiled(), details.url);
      if (!found) return {};
      if (details.tabId >= 0) await record(details.tabId, details.url, found.action);
      return { redirectUrl: found.to };
    };
    blocking.addListener(
      listener as unknown as Parameters<typeof blocking.addListener>[0],
      { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
      ['blocking'],
    );
    return;
  }
  browser.webNavigation.onBeforeNavigate.addListener(async (details) => {
    if (details.frameId !== 0) return;
    const found = await lookalikeBlockPage(await compiled(), details.url);
    if (!found) return;
    const recorded = record(details.tabId, details.url, found.action);
    await browser.tabs.update(details.tabId, { url: found.to });
    await recorded;
  });
}
