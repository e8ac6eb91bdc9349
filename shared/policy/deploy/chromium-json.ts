// Chrome and Chromium on Linux: one JSON file in the managed policy folder holds the browser's own
// policies and, under `3rdparty.extensions.<id>`, the extension's.
import { CHROMIUM_EXTENSION_ID, forcelistEntry } from './targets.ts';
import type { JsonObject } from './types.ts';

export function linuxManagedPolicy(
  payload: JsonObject,
  updateUrl: string,
  extensionId = CHROMIUM_EXTENSION_ID,
): JsonObject {
  return {
    ExtensionInstallForcelist: [forcelistEntry(updateUrl, extensionId)],
    '3rdparty': { extensions: { [extensionId]: payload } },
  };
}
