// Where each browser looks for the extension and its policy. The ids are pinned: Chrome/Edge by the
// manifest `key` in wxt.config.ts, Firefox by `browser_specific_settings.gecko.id`.

export const CHROMIUM_EXTENSION_ID = 'hpfoeegggioenfljnobgiipembipbgnl';
export const FIREFOX_EXTENSION_ID = 'ssk-guard@ssk.or.jp';

// `.invalid` never resolves (RFC 2606), so a file built without the real URLs cannot install anything.
export const PLACEHOLDER_UPDATE_URL = 'https://REPLACE-ME.invalid/ssk-guard/updates.xml';
export const PLACEHOLDER_XPI_URL = 'https://REPLACE-ME.invalid/ssk-guard/ssk-guard.xpi';

export interface ChromiumBrowser {
  id: 'chrome' | 'edge';
  name: string;
  /** Under HKEY_LOCAL_MACHINE. */
  registryRoot: string;
  /** macOS preference domain of the browser's own policies. */
  macDomain: string;
}

export const CHROMIUM_BROWSERS: readonly ChromiumBrowser[] = [
  {
    id: 'chrome',
    name: 'Google Chrome',
    registryRoot: 'SOFTWARE\\Policies\\Google\\Chrome',
    macDomain: 'com.google.Chrome',
  },
  {
    id: 'edge',
    name: 'Microsoft Edge',
    registryRoot: 'SOFTWARE\\Policies\\Microsoft\\Edge',
    macDomain: 'com.microsoft.Edge',
  },
];

/** Chromium reads an extension's policy from `<root>\3rdparty\extensions\<id>\policy` on Windows. */
export function extensionPolicyKey(target: ChromiumBrowser): string {
  return `${target.registryRoot}\\3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy`;
}

export function forcelistKey(target: ChromiumBrowser): string {
  return `${target.registryRoot}\\ExtensionInstallForcelist`;
}

/** On macOS Chromium reads an extension's policy from the domain `<browser domain>.extensions.<id>`. */
export function extensionMacDomain(target: ChromiumBrowser): string {
  return `${target.macDomain}.extensions.${CHROMIUM_EXTENSION_ID}`;
}

/** An ExtensionInstallForcelist entry: `<id>;<update URL>`. */
export function forcelistEntry(updateUrl: string): string {
  return `${CHROMIUM_EXTENSION_ID};${updateUrl}`;
}

export const LINUX_POLICY_DIRS = ['/etc/opt/chrome/policies/managed', '/etc/chromium/policies/managed'] as const;
export const LINUX_POLICY_FILE = 'ssk-guard.json';
