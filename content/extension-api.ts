// The extension's API in the content scripts. In MV3 both Chromium's `chrome` and Firefox's `browser`
// answer with promises, so the content scripts use them as they are: webextension-polyfill (which the
// service worker and the extension's pages keep) would add ≈ 10 KB to parse, and a wrapper to build, in
// every frame of every page at document_start (bench/page-load.bench.ts).
import type { browser } from 'wxt/browser';

type Api = Pick<typeof browser, 'runtime' | 'storage'>;
const g = globalThis as { browser?: Api; chrome?: Api };

/** Firefox's own `browser` where it is the extension's; Chromium's `chrome` otherwise. */
export const ext: Api = (g.browser?.runtime?.id ? g.browser : g.chrome)!;

/** The same, under the name WXT's own content-script runtime imports from `wxt/browser` (wxt.config.ts). */
export { ext as browser };
