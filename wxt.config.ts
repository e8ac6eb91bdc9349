import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { STATIC_RULESET_ID, STATIC_RULESET_PATH, compileStaticRules } from './shared/web/dnr-static.ts';

// The public half of the key pins the Chrome/Edge extension id to
// hpfoeegggioenfljnobgiipembipbgnl, so managed policy can name it in advance.
// The private key is not needed: stores and admins install from the built folder or package.
const EXTENSION_ID = 'hpfoeegggioenfljnobgiipembipbgnl';
const CONTENT_API = fileURLToPath(new URL('./content/extension-api.ts', import.meta.url));
const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2x9ClgcsTTukSw+z9+kaPds/2tbpONmnbRdVojKHa6nTYis8AAz4JvLwKRFmzta40YM8jIuOmgubNjib4W+4RlTSkWxX3ylEqNoSkcEdPaxb1xNtJnpj+R2EZQZQOuhRdfczz3cis8y3h3jJ7MO/cFd22BkSf5c3FJoRR3u9id0ViW29ol43TVk+IRdfR7++dZ3vSZ87j1Mgw7BgtfTtDR8Uosy/tunGXa0CGE4rtSlQLeFF/INNC16h8bY2LnS1lIceB/VksgQvl66ejojGwSyMud6oeqsfXBPKnB0Y9WL2B4dTcfNPTzOXzaNgw/9PL+7DLhXPQW/fljZaiSMlCwIDAQAB';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'ssk-guard',
    description: '__MSG_extDescription__',
    default_locale: 'ja',
    permissions: [
      'storage',
      'declarativeNetRequest',
      'declarativeNetRequestWithHostAccess',
      'alarms',
      'tabs',
      'webNavigation',
      // The network backstop (issue 11): Chromium grants blocking webRequest in MV3 only to an extension
      // installed by policy (ExtensionInstallForcelist); loaded unpacked, it drops this one with a warning.
      // Observing, webRequest also lets the service worker record a block from the redirect itself (issue 12 §3).
      // Firefox keeps blocking webRequest in MV3: there the look-alike guard stops the request before it leaves.
      'webRequest',
      'webRequestBlocking',
      // `scripting` shows the backstop's notice in the tab whose request it stopped.
      'scripting',
      // The browser's record of which rule matched in a tab: confirms a block whose report was lost.
      'declarativeNetRequestFeedback',
    ],
    // A web page may not open the block page by its static address (use_dynamic_url); the redirects
    // reach it all the same. Firefox has no dynamic URLs: there the page checks with the worker.
    web_accessible_resources: [
      {
        resources: ['blocked.html'],
        matches: ['<all_urls>'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
      // The backstop's notice for a cancelled form post (webRequest redirects to it); it shows only a notice
      // the worker stored under the id in its address, so a page that opens it learns and records nothing.
      { resources: ['backstop-notice.html'], matches: ['<all_urls>'] },
    ],
    // The built-in lists, in force before any JavaScript runs (issue 12 §4); see shared/web/dnr-static.ts.
    declarative_net_request: {
      rule_resources: [{ id: STATIC_RULESET_ID, enabled: true, path: STATIC_RULESET_PATH }],
    },
    host_permissions: ['<all_urls>'],
    storage: { managed_schema: 'managed-schema.json' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'ssk-guard@ssk.or.jp',
              strict_min_version: '140.0', // Firefox ESR 140
              // Nothing goes to the developer; audit events go only to the organisation's own collector.
              data_collection_permissions: { required: ['none'] },
            },
            // A desktop product: Firefox for Android is not a target, but lint judges it by this floor.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: EXTENSION_KEY }),
  }),
  hooks: {
    // The content scripts run in every frame of every page at document_start: they and WXT's own runtime in
    // them take the browser's promise-based API as it is (content/extension-api.ts), not webextension-polyfill,
    // which the worker and the extension's pages keep (≈ 10 KB less to parse and set up in each frame).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const native = { find: /^(wxt\/browser|@wxt-dev\/webextension-polyfill\/browser)$/, replacement: CONTENT_API };
      const alias = config.resolve?.alias;
      const entries = Array.isArray(alias)
        ? alias
        : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
      config.resolve = { ...config.resolve, alias: [native, ...entries] };
    },
    // Chrome: the redirect carries the URL to the block page at the pinned id. Firefox's moz-extension
    // UUID is made at install, so its static redirect names the page by path and the rule only.
    'build:publicAssets': (wxt, files) => {
      const rules =
        wxt.config.browser === 'firefox'
          ? compileStaticRules('/blocked.html', 'path')
          : compileStaticRules(`chrome-extension://${EXTENSION_ID}/blocked.html`);
      files.push({ relativeDest: STATIC_RULESET_PATH, contents: JSON.stringify(rules) });
    },
  },
});
