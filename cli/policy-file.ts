// Loading the policy a command runs on: the built-in SSK default, or `--policy FILE` laid over it.
import { readFileSync } from 'node:fs';
import { compilePolicy, type CompiledPolicy } from '../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../shared/policy/default.ts';
import { errorLine, type PolicyError } from '../shared/policy/errors.ts';
import { parsePolicyText } from '../shared/policy/json-text.ts';
import { effectivePolicy, validateLayer } from '../shared/policy/layers.ts';
import { BadInput } from './io.ts';

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BadInput(`ポリシーを読めません / cannot read ${path}: ${(e as Error).message}`);
  }
  return parseJsonText(path, text);
}

/** JSON text as the clients read it: not JSON → exit 3; a duplicate key → exit 3, located. */
export function parseJsonText(path: string, text: string): unknown {
  const parsed = parsePolicyText(text);
  if (parsed.ok) return parsed.value;
  const first = parsed.errors[0];
  if (parsed.errors.length === 1 && first?.path === '(document)')
    throw new BadInput(`JSON として読めません / not JSON: ${path}: ${first.en.replace(/^not JSON: /, '')}`);
  throw new InvalidPolicy(path, parsed.errors);
}

export class InvalidPolicy extends BadInput {
  constructor(
    readonly file: string,
    readonly errors: PolicyError[],
  ) {
    super(
      `ポリシーが不正です / invalid policy: ${file} (${errors.length} error${errors.length === 1 ? '' : 's'})\n` +
        errors.map((e) => '  ' + errorLine(e)).join('\n'),
    );
  }
}

/** `--now` (an ISO date or time) for trying a policy on another day; the clock otherwise. */
export function parseNow(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00+09:00` : value);
  if (Number.isNaN(t)) throw new BadInput(`--now: 日時ではありません / not a date or time: ${JSON.stringify(value)}`);
  return t;
}

/** The document in `file` is a layer over the built-in default (like a remote policy); invalid → BadInput. */
export function loadCompiledPolicy(file: string | undefined, now: number): CompiledPolicy {
  if (file === undefined) return compilePolicy(SSK_DEFAULT_POLICY, now);
  const doc = readJsonFile(file);
  const layer = validateLayer(doc);
  if (!layer.ok) throw new InvalidPolicy(file, layer.errors);
  const effective = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc }]);
  const rejected = effective.rejected[0];
  if (rejected) throw new InvalidPolicy(file, rejected.errors);
  return compilePolicy(effective.policy, now);
}
