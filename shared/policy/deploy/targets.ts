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
export function extensionPolicyKey(target: ChromiumBrowser, extensionId = CHROMIUM_EXTENSION_ID): string {
  return `${target.registryRoot}\\3rdparty\\extensions\\${extensionId}\\policy`;
}

export function forcelistKey(target: ChromiumBrowser): string {
  return `${target.registryRoot}\\ExtensionInstallForcelist`;
}

/** On macOS Chromium reads an extension's policy from the domain `<browser domain>.extensions.<id>`. */
export function extensionMacDomain(target: ChromiumBrowser, extensionId = CHROMIUM_EXTENSION_ID): string {
  return `${target.macDomain}.extensions.${extensionId}`;
}

/** An ExtensionInstallForcelist entry: `<id>;<update URL>`. */
export function forcelistEntry(updateUrl: string, extensionId = CHROMIUM_EXTENSION_ID): string {
  return `${extensionId};${updateUrl}`;
}

/**
 * A Chromium extension id: 32 letters a–p (the first 128 bits of the SHA-256 of the signing key's public
 * DER, one letter per hex digit). A CRX packed with another key than the manifest `key` gets that key's id.
 */
export const EXTENSION_ID_PATTERN = /^[a-p]{32}$/;

/**
 * Plain http is accepted for an install URL only on this machine's loopback (127.0.0.0/8, ::1, localhost):
 * a test server. Anything that crosses a network must be https, or anyone on the path could swap the package.
 */
export function isLoopbackHttp(value: string | URL): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export const LINUX_POLICY_DIRS = ['/etc/opt/chrome/policies/managed', '/etc/chromium/policies/managed'] as const;
export const LINUX_POLICY_FILE = 'ssk-guard.json';
