// Test helper: checks a value against the managed-storage schema as Chrome reads it (type, properties,
// items, enum, minimum/maximum, pattern). Unknown properties count as errors here: Chrome would drop them.
import { managedStorageSchema } from '../../../shared/policy/managed-schema.ts';

export interface SchemaNode {
  type: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

function typeOk(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
    case 'boolean':
      return typeof value === type;
    default:
      throw new Error(`schema type the checker does not know: ${type}`);
  }
}

export function schemaErrors(value: unknown, schema: SchemaNode, at = '(root)'): string[] {
  if (!typeOk(value, schema.type)) return [`${at}: expected ${schema.type}, got ${JSON.stringify(value)}`];
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value))
    errors.push(`${at}: does not match ${schema.pattern}`);
  if (schema.type === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = schema.properties?.[k];
      if (!sub) errors.push(`${at}.${k}: not in the schema`);
      else errors.push(...schemaErrors(v, sub, `${at}.${k}`));
    }
  if (schema.type === 'array')
    (value as unknown[]).forEach((v, i) => errors.push(...schemaErrors(v, schema.items!, `${at}[${i}]`)));
  return errors;
}

/** The managed-storage schema the extension ships, typed for the checkers. */
export function managedSchema(): SchemaNode {
  return managedStorageSchema() as unknown as SchemaNode;
}
