// Test helpers: a strict reader for regedit's "Version 5.00" files, and Chromium's rule for turning
// registry keys back into policy JSON under a schema (components/policy registry_dict ConvertToJSON):
// a dictionary is a key, a list is a key of entries named 1, 2, …, DWORDs become booleans or integers,
// and a REG_SZ where the schema wants a list or dictionary is parsed as JSON.
import type { SchemaNode } from './schema-check.ts';

export type RegData = { type: 'REG_SZ'; data: string } | { type: 'REG_DWORD'; data: number };

interface KeyNode {
  path: string;
  values: Map<string, { name: string } & RegData>;
}

/** The registry below HKEY_LOCAL_MACHINE; names compare case-insensitively, as Windows does. */
export class Registry {
  readonly keys = new Map<string, KeyNode>();

  createKey(path: string): KeyNode {
    const parts = path.split('\\');
    let node: KeyNode | undefined;
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('\\');
      node = this.keys.get(p.toLowerCase());
      if (!node) {
        node = { path: p, values: new Map() };
        this.keys.set(p.toLowerCase(), node);
      }
    }
    return node!;
  }

  deleteKey(path: string): void {
    const lower = path.toLowerCase();
    for (const k of [...this.keys.keys()]) if (k === lower || k.startsWith(lower + '\\')) this.keys.delete(k);
  }

  setValue(path: string, name: string, data: RegData): void {
    this.createKey(path).values.set(name.toLowerCase(), { name, ...data });
  }

  key(path: string): KeyNode | undefined {
    return this.keys.get(path.toLowerCase());
  }

  subkeys(path: string): string[] {
    const prefix = path.toLowerCase() + '\\';
    return [...this.keys.values()]
      .filter((k) => k.path.toLowerCase().startsWith(prefix) && !k.path.slice(prefix.length).includes('\\'))
      .map((k) => k.path.slice(prefix.length));
  }
}

const HIVE = 'HKEY_LOCAL_MACHINE\\';

function unquote(s: string, line: number): { text: string; rest: string } {
  if (s[0] !== '"') throw new Error(`line ${line}: expected a quoted string: ${s}`);
  let text = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return { text, rest: s.slice(i + 1) };
    if (c === '\\') {
      const next = s[++i];
      if (next !== '\\' && next !== '"') throw new Error(`line ${line}: bad escape \\${next}`);
      text += next;
    } else text += c;
  }
  throw new Error(`line ${line}: unterminated string`);
}

function hexSz(hex: string, line: number): string {
  const bytes = hex.split(',').map((b) => {
    if (!/^[0-9a-f]{2}$/.test(b)) throw new Error(`line ${line}: bad hex byte ${b}`);
    return parseInt(b, 16);
  });
  if (bytes.length % 2 || bytes.at(-1) !== 0 || bytes.at(-2) !== 0)
    throw new Error(`line ${line}: hex(1) must be UTF-16LE ending in a NUL`);
  return new TextDecoder('utf-16le').decode(new Uint8Array(bytes.slice(0, -2)));
}

/** Applies a .reg file to `into` as regedit would; throws on anything outside the strict subset. */
export function applyRegFile(bytes: Uint8Array, into = new Registry()): Registry {
  if (bytes[0] !== 0xff || bytes[1] !== 0xfe) throw new Error('not UTF-16LE with a byte-order mark');
  const text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (/[^\r]\n/.test(text)) throw new Error('line ends must be CRLF');
  const lines = text.split('\r\n');
  if (lines[0] !== 'Windows Registry Editor Version 5.00') throw new Error(`bad header: ${lines[0]}`);
  let current: string | null = null;
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    if (line === '' || line.startsWith(';')) return;
    const key = /^\[(-?)(.*)\]$/.exec(line);
    if (key) {
      const [, minus, full] = key;
      if (!full!.startsWith(HIVE)) throw new Error(`line ${n}: not under HKEY_LOCAL_MACHINE: ${full}`);
      const path = full!.slice(HIVE.length);
      if (!path || path.split('\\').some((p) => !p)) throw new Error(`line ${n}: bad key path ${path}`);
      if (minus) {
        into.deleteKey(path);
        current = null;
      } else {
        into.createKey(path);
        current = path;
      }
      return;
    }
    if (current === null) throw new Error(`line ${n}: a value outside a key: ${line}`);
    const { text: name, rest } = unquote(line, n);
    if (rest[0] !== '=') throw new Error(`line ${n}: expected = after the name`);
    const data = rest.slice(1);
    let value: RegData;
    if (data.startsWith('"')) {
      const s = unquote(data, n);
      if (s.rest !== '') throw new Error(`line ${n}: text after the string: ${s.rest}`);
      value = { type: 'REG_SZ', data: s.text };
    } else if (/^dword:[0-9a-f]{8}$/.test(data)) value = { type: 'REG_DWORD', data: parseInt(data.slice(6), 16) };
    else if (data.startsWith('hex(1):')) value = { type: 'REG_SZ', data: hexSz(data.slice(7), n) };
    else throw new Error(`line ${n}: unsupported value ${data}`);
    into.setValue(current, name, value);
  });
  return into;
}

// ---- Chromium's conversion, strict: anything Chromium would drop with a warning fails the test instead.

function fromValue(v: RegData, schema: SchemaNode, at: string): unknown {
  switch (schema.type) {
    case 'string':
      if (v.type === 'REG_SZ') return v.data;
      break;
    case 'boolean':
      if (v.type === 'REG_DWORD' && (v.data === 0 || v.data === 1)) return v.data === 1;
      break;
    case 'integer':
      if (v.type === 'REG_DWORD') return v.data;
      break;
    case 'array':
    case 'object':
      if (v.type === 'REG_SZ') {
        const parsed = JSON.parse(v.data) as unknown;
        if (Array.isArray(parsed) === (schema.type === 'array') && typeof parsed === 'object') return parsed;
      }
      break;
  }
  throw new Error(`${at}: ${v.type} cannot be a ${schema.type}`);
}

export function registryToJson(reg: Registry, path: string, schema: SchemaNode, at = '(root)'): unknown {
  const node = reg.key(path);
  if (!node) throw new Error(`${at}: no key ${path}`);
  const subkeys = reg.subkeys(path);
  if (schema.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const v of node.values.values()) {
      const sub = schema.properties?.[v.name];
      if (!sub) throw new Error(`${at}.${v.name}: not in the schema`);
      out[v.name] = fromValue(v, sub, `${at}.${v.name}`);
    }
    for (const name of subkeys) {
      const sub = schema.properties?.[name];
      if (!sub) throw new Error(`${at}.${name}: not in the schema`);
      if (name in out) throw new Error(`${at}.${name}: both a value and a key`);
      out[name] = registryToJson(reg, `${path}\\${name}`, sub, `${at}.${name}`);
    }
    return out;
  }
  if (schema.type === 'array') {
    const items: [number, unknown][] = [];
    for (const v of node.values.values())
      items.push([index(v.name, at), fromValue(v, schema.items!, `${at}[${v.name}]`)]);
    for (const name of subkeys)
      items.push([index(name, at), registryToJson(reg, `${path}\\${name}`, schema.items!, `${at}[${name}]`)]);
    items.sort((a, b) => a[0] - b[0]);
    items.forEach(([n], i) => {
      if (n !== i + 1) throw new Error(`${at}: entries must be numbered 1…${items.length}, found ${n}`);
    });
    return items.map(([, v]) => v);
  }
  throw new Error(`${at}: a key cannot be a ${schema.type}`);
}

function index(name: string, at: string): number {
  if (!/^[1-9]\d*$/.test(name)) throw new Error(`${at}: list entry named ${JSON.stringify(name)}`);
  return Number(name);
}
