// Firefox's policies.json: the add-on force-installed through ExtensionSettings, and its managed
// storage under `3rdparty.Extensions.<add-on id>`.
import { FIREFOX_EXTENSION_ID } from './targets.ts';
import type { JsonObject } from './types.ts';

export function firefoxPolicies(payload: JsonObject, xpiUrl: string): JsonObject {
  return {
    policies: {
      ExtensionSettings: {
        [FIREFOX_EXTENSION_ID]: { installation_mode: 'force_installed', install_url: xpiUrl },
      },
      '3rdparty': { Extensions: { [FIREFOX_EXTENSION_ID]: payload } },
    },
  };
}
