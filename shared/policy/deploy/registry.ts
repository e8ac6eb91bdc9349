// The policy as Windows registry data, the way Chromium reads an extension's policy from it
// (components/policy registry_dict): a dictionary is a key; a list is a key whose entries are named
// "1", "2", …; strings are REG_SZ, booleans and integers REG_DWORD; and where the schema expects a
// list or dictionary, a REG_SZ holding JSON text is accepted too.
import { DeployError, type JsonObject, type JsonValue } from './types.ts';

export type RegValue =
  { name: string; type: 'REG_SZ'; data: string } | { name: string; type: 'REG_DWORD'; data: number };

export interface RegKey {
  /** Below HKEY_LOCAL_MACHINE, `\`-separated. */
  path: string;
  values: RegValue[];
}

const DWORD_MAX = 0x7fff_ffff; // Chromium reads a DWORD as a signed int

function isObject(v: JsonValue): v is JsonObject {
  return typeof v === 'object' && !Array.isArray(v);
}

function scalar(name: string, value: JsonValue, at: string): RegValue {
  if (typeof value === 'string') return { name, type: 'REG_SZ', data: value };
  if (typeof value === 'boolean') return { name, type: 'REG_DWORD', data: value ? 1 : 0 };
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= DWORD_MAX)
    return { name, type: 'REG_DWORD', data: value };
  throw new DeployError({
    ja: `${at}: レジストリ（REG_DWORD）に書けない値です (${JSON.stringify(value)})`,
    en: `${at}: a value the registry (REG_DWORD) cannot hold (${JSON.stringify(value)})`,
  });
}

/** A setting that is an empty list or dictionary: JSON text, since an empty key would read as absent. */
function isEmptyComposite(v: JsonValue): boolean {
  return typeof v === 'object' && (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
}

/**
 * Nested layout (the .reg files): dictionaries as subkeys, lists as numbered entries — scalar items
 * as values, composite items as subkeys. Keys come parent first, in document order.
 */
export function nestedRegistryKeys(rootPath: string, doc: JsonObject): RegKey[] {
  const keys: RegKey[] = [];
  const walk = (path: string, node: JsonObject | JsonValue[], at: string) => {
    const key: RegKey = { path, values: [] };
    keys.push(key);
    const entries: [string, JsonValue][] = Array.isArray(node)
      ? node.map((v, i) => [String(i + 1), v])
      : Object.entries(node);
    for (const [name, value] of entries) {
      const here = Array.isArray(node) ? `${at}[${Number(name) - 1}]` : at ? `${at}.${name}` : name;
      if (typeof value === 'object' && !isEmptyComposite(value))
        walk(`${path}\\${name}`, value as JsonObject | JsonValue[], here);
      else if (typeof value === 'object') key.values.push({ name, type: 'REG_SZ', data: JSON.stringify(value) });
      else key.values.push(scalar(name, value, here));
    }
  };
  walk(rootPath, doc, '');
  return keys;
}

/**
 * Flat layout (the ADMX): one value per top-level setting, lists and dictionaries as JSON text (as
 * Chrome's own ADMX does for dictionary policies), so a removed item can never linger as a subkey.
 */
export function flatRegistryValues(doc: JsonObject): RegValue[] {
  return Object.entries(doc).map(([name, value]) =>
    isObject(value) || Array.isArray(value)
      ? { name, type: 'REG_SZ' as const, data: JSON.stringify(value) }
      : scalar(name, value, name),
  );
}
