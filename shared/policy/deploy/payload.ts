// What each destination receives. Browsers take the whole document as managed policy; the hosted copy
// (the add-in's policy.json, a remote `policyUrl`) leaves out the keys only managed storage may set.
import type { PolicyLayer } from '../schema.ts';
import type { JsonObject } from './types.ts';

import { MANAGED_ONLY_KEYS } from '../remote-acceptance.ts';

export { MANAGED_ONLY_KEYS };

/** The validated layer as plain JSON (a deep copy: generators may not share objects with the caller). */
export function browserPayload(layer: PolicyLayer): JsonObject {
  return JSON.parse(JSON.stringify(layer)) as JsonObject;
}

/** Only what managed storage needs to find and check the remote document (`--bootstrap`). */
export function bootstrapPayload(layer: PolicyLayer): JsonObject {
  const all = browserPayload(layer);
  return Object.fromEntries(MANAGED_ONLY_KEYS.filter((k) => k in all).map((k) => [k, all[k]!]));
}

export function hostedDocument(layer: PolicyLayer): JsonObject {
  const doc = browserPayload(layer);
  for (const key of MANAGED_ONLY_KEYS) delete doc[key];
  return doc;
}

/** The exact text hosted as policy.json and signed into policy.signed.json. */
export function hostedDocumentText(layer: PolicyLayer): string {
  return JSON.stringify(hostedDocument(layer), null, 2) + '\n';
}

export function policyVersion(layer: PolicyLayer): string {
  return layer.version ?? '(no version)';
}
