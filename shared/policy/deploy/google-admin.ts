// Google Admin console, "Policy for extensions": each setting wrapped as {"Value": …}, the shape
// Chrome's extension cloud policy takes (ComponentCloudPolicyStore: "Value", optional "Level").
import type { JsonObject } from './types.ts';

export function googleAdminPolicy(payload: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, { Value: value }]));
}
