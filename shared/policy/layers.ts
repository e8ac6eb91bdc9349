// Layering (DESIGN §2): built-in default < last-known-good < remote < managed; later wins.
// Each candidate layer is validated whole; a broken one is rejected with its errors and the rest stay in force.
import { issuesToErrors, type PolicyError } from './errors.ts';
import { PolicyLayerSchema, PolicySchema, type Policy, type PolicyLayer } from './schema.ts';

export const LAYER_NAMES = ['default', 'last-known-good', 'remote', 'managed'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

export interface LayerInput {
  name: LayerName;
  /** As read from storage or the network: anything, validated here. `undefined` = layer absent. */
  doc: unknown;
}

export interface EffectivePolicy {
  policy: Policy;
  /** For each setting path (`cloud.approved`), the layer it came from. */
  sources: Record<string, LayerName>;
  /** Layers that were present and valid, in order. */
  applied: LayerName[];
  rejected: { layer: LayerName; errors: PolicyError[] }[];
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: PolicyError[] };

export function validatePolicy(doc: unknown): ValidationResult<Policy> {
  const r = PolicySchema.safeParse(doc);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: issuesToErrors(r.error.issues, doc) };
}

export function validateLayer(doc: unknown): ValidationResult<PolicyLayer> {
  const r = PolicyLayerSchema.safeParse(doc);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: issuesToErrors(r.error.issues, doc) };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars are replaced whole (predictable for admins). */
function overlay(
  base: Record<string, unknown>,
  top: Record<string, unknown>,
  layer: LayerName,
  sources: Record<string, LayerName>,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const below = out[key];
    if (isPlainObject(value) && isPlainObject(below)) out[key] = overlay(below, value, layer, sources, path);
    else {
      out[key] = value;
      for (const p of Object.keys(sources)) if (p.startsWith(path + '.')) delete sources[p];
      sources[path] = layer;
    }
  }
  return out;
}

function leafSources(
  doc: Record<string, unknown>,
  layer: LayerName,
  prefix = '',
  into: Record<string, LayerName> = {},
) {
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0) leafSources(value, layer, path, into);
    else into[path] = layer;
  }
  return into;
}

/**
 * The policy in force. `base` must be valid (the built-in default); never returns "no protection":
 * a layer that fails validation, alone or once merged, is left out and reported.
 */
export function effectivePolicy(base: Policy, layers: readonly LayerInput[]): EffectivePolicy {
  let merged = base as unknown as Record<string, unknown>;
  let sources = leafSources(merged, 'default');
  const applied: LayerName[] = ['default'];
  const rejected: EffectivePolicy['rejected'] = [];
  const order = [...layers].sort((a, b) => LAYER_NAMES.indexOf(a.name) - LAYER_NAMES.indexOf(b.name));
  for (const { name, doc } of order) {
    if (doc === undefined || doc === null || name === 'default') continue;
    const layer = validateLayer(doc);
    if (!layer.ok) {
      rejected.push({ layer: name, errors: layer.errors });
      continue;
    }
    const nextSources = { ...sources };
    const next = overlay(merged, layer.value as Record<string, unknown>, name, nextSources, '');
    const whole = validatePolicy(next);
    if (!whole.ok) {
      rejected.push({ layer: name, errors: whole.errors });
      continue;
    }
    merged = whole.value as unknown as Record<string, unknown>;
    sources = nextSources;
    applied.push(name);
  }
  return { policy: merged as unknown as Policy, sources, applied, rejected };
}
