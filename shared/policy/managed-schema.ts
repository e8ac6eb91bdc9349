// The managed-storage schema (the file the manifest's `storage.managed_schema` names), derived from
// the one policy schema. Chrome reads a small dialect of JSON Schema: a top-level object, `type` on
// every node, no unions or `$schema`; unknown keywords and unions are turned into what it accepts.
import { z } from 'zod';
import { PolicyLayerSchema } from './schema.ts';

type Json = Record<string, unknown>;

const KEEP = new Set(['type', 'title', 'description', 'properties', 'items', 'enum', 'minimum', 'maximum', 'pattern']);

function toChromeDialect(node: Json): Json {
  // Unions (e.g. "an https URL or empty"): Chrome has none; all branches here share one type.
  const branches = (node.anyOf ?? node.oneOf) as Json[] | undefined;
  if (branches) {
    const types = new Set(branches.map((b) => b.type ?? (typeof b.const === 'string' ? 'string' : undefined)));
    if (types.size !== 1 || types.has(undefined)) throw new Error(`managed schema: union of mixed types ${[...types]}`);
    return { type: [...types][0], ...(node.description ? { description: node.description } : {}) };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEEP.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Json>).map(([k, v]) => [k, toChromeDialect(v)]),
      );
    } else if (key === 'items') out.items = toChromeDialect(value as Json);
    else if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) >= Number.MAX_SAFE_INTEGER) continue;
    else out[key] = value;
  }
  if (typeof node.const === 'string') out.type = 'string';
  if (!out.type) throw new Error(`managed schema: a node without a type: ${JSON.stringify(node).slice(0, 200)}`);
  return out;
}

export function managedStorageSchema(): Json {
  const js = z.toJSONSchema(PolicyLayerSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  return toChromeDialect(js);
}
