// What classic Outlook's JavaScript-only runtime may lack (ES2016 builds before 2403; no DOM):
// the few newer built-ins the bundle calls, TextDecoder and URL. Each is installed only when
// absent, so modern runtimes keep their own. Built as its own script in front of the handler bundle.
import { FallbackTextDecoder } from './text-decoder-fallback.ts';
import { FallbackURL } from './url-fallback.ts';

type AnyRecord = Record<string, unknown>;

function findGlobal(): AnyRecord {
  if (typeof globalThis !== 'undefined') return globalThis as unknown as AnyRecord;
  if (typeof self !== 'undefined') return self as unknown as AnyRecord;
  // A classic script's sloppy-mode `this` is the global object.
  return Function('return this')() as AnyRecord;
}

const g = findGlobal();

function define(target: object, name: string, value: unknown): void {
  if (name in target) return;
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

define(g, 'globalThis', g);
define(Object, 'entries', (o: AnyRecord) => Object.keys(o).map((k) => [k, o[k]]));
define(Object, 'values', (o: AnyRecord) => Object.keys(o).map((k) => o[k]));
define(Object, 'fromEntries', (entries: Iterable<[PropertyKey, unknown]>) => {
  const o: Record<PropertyKey, unknown> = {};
  for (const [k, v] of entries) o[k] = v;
  return o;
});
define(Object, 'getOwnPropertyDescriptors', (o: object) => {
  const out: Record<PropertyKey, PropertyDescriptor> = {};
  for (const k of Reflect.ownKeys(o)) out[k as string] = Object.getOwnPropertyDescriptor(o, k)!;
  return out;
});
function flatten(a: readonly unknown[], depth: number, out: unknown[]): unknown[] {
  for (const v of a) {
    if (Array.isArray(v) && depth > 0) flatten(v, depth - 1, out);
    else out.push(v);
  }
  return out;
}
define(Array.prototype, 'flat', function (this: unknown[], depth = 1) {
  return flatten(this, depth, []);
});
define(Array.prototype, 'flatMap', function (this: unknown[], fn: (v: unknown, i: number, a: unknown[]) => unknown) {
  return flatten(this.map(fn), 1, []);
});
function pad(s: string, length: number, fill: string): string {
  const n = length - s.length;
  if (n <= 0 || fill === '') return '';
  let p = fill;
  while (p.length < n) p += fill;
  return p.slice(0, n);
}
define(String.prototype, 'padStart', function (this: string, length: number, fill = ' ') {
  return pad(String(this), length, String(fill)) + String(this);
});
define(String.prototype, 'padEnd', function (this: string, length: number, fill = ' ') {
  return String(this) + pad(String(this), length, String(fill));
});
define(String.prototype, 'trimStart', function (this: string) {
  return String(this).replace(/^[\s\uFEFF\xA0]+/, '');
});
define(String.prototype, 'trimEnd', function (this: string) {
  return String(this).replace(/[\s\uFEFF\xA0]+$/, '');
});
define(Promise.prototype, 'finally', function (this: Promise<unknown>, fn: () => void) {
  return this.then(
    (v) => Promise.resolve(fn()).then(() => v),
    (e: unknown) =>
      Promise.resolve(fn()).then(() => {
        throw e;
      }),
  );
});
define(g, 'TextDecoder', FallbackTextDecoder);
define(g, 'URL', FallbackURL);
