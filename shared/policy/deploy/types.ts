// The shapes every deployment generator shares: a file to write, the options, and a bilingual error.
import type { SignedEnvelope } from '../signature.ts';

export type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Bilingual {
  ja: string;
  en: string;
}

export interface DeployFile {
  /** Relative to the output folder, `/`-separated. */
  path: string;
  /** Text (UTF-8 when written) or exact bytes (the UTF-16 `.reg` files). */
  contents: string | Uint8Array;
  /** Where the file goes, for README.txt and the CLI's listing. */
  destination: Bilingual;
}

export interface DeployOptions {
  /** Chrome/Edge update manifest URL for ExtensionInstallForcelist (`--update-url`). */
  updateUrl: string;
  /**
   * The Chrome/Edge extension id (`--extension-id`); by default the one the manifest `key` pins. A CRX the
   * organisation packs with its own key has that key's id, and every Chromium file must name it.
   */
  extensionId?: string;
  /** Firefox `install_url` of the signed .xpi (`--xpi-url`). */
  xpiUrl: string;
  /** Which ExtensionInstallForcelist entry ("1", "2", …) the Windows files write. */
  forcelistIndex: number;
  /** The hosted document, signed (`--sign-key`); its `signed` text is hosted/policy.json exactly. */
  signed?: SignedEnvelope;
  /**
   * `--bootstrap`: browsers get only the managed-only settings (policyUrl, …) and fetch the rest from
   * policyUrl. Managed storage is the top layer, so any other setting pushed there would shadow the remote one.
   */
  bootstrap?: boolean;
}

/** A policy that a deployment format cannot carry (e.g. a number the registry cannot hold). */
export class DeployError extends Error {
  constructor(readonly bilingual: Bilingual) {
    super(`${bilingual.ja} / ${bilingual.en}`);
    this.name = 'DeployError';
  }
}
