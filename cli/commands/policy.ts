// `ssk-guard policy validate <F>` and `ssk-guard policy explain <url> [--policy F]`.
import { parseArgs } from 'node:util';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../shared/policy/default.ts';
import { errorLine } from '../../shared/policy/errors.ts';
import { effectivePolicy, validateLayer } from '../../shared/policy/layers.ts';
import { managedStorageSchema } from '../../shared/policy/managed-schema.ts';
import { explainNavigation } from '../../shared/web/explain.ts';
import { BadInput, EXIT, type Output } from '../io.ts';
import { loadCompiledPolicy, parseNow, readJsonFile } from '../policy-file.ts';

const OPTIONS = {
  policy: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export async function run(argv: string[], io: Output): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  switch (sub) {
    case 'validate':
      return validate(positionals, values.json, io);
    case 'explain':
      return explain(positionals, values, io);
    case 'schema':
      // The managed-storage schema (Chrome's dialect); `npm run build` writes it to public/.
      io.out(JSON.stringify(managedStorageSchema(), null, 2));
      return EXIT.allow;
    default:
      throw new BadInput(
        `policy validate <F> | policy explain <url> | policy schema: 不明なサブコマンド / unknown: ${JSON.stringify(sub ?? '')}`,
      );
  }
}

function validate(files: string[], json: boolean, io: Output): number {
  const [file] = files;
  if (!file || files.length > 1) throw new BadInput('policy validate <policy.json> (1 つ / exactly one file)');
  const doc = readJsonFile(file);
  // A document may hold any subset of settings: it is checked as a layer, then merged over the default.
  const layer = validateLayer(doc);
  const merged = layer.ok ? effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc }]) : null;
  const errors = !layer.ok ? layer.errors : (merged?.rejected[0]?.errors ?? []);
  if (errors.length) {
    if (json) io.out(JSON.stringify({ valid: false, file, errors }));
    io.err(`ポリシーが不正です / invalid policy: ${file} (${errors.length} error${errors.length === 1 ? '' : 's'})`);
    for (const e of errors) io.err('  ' + errorLine(e));
    return EXIT.badInput;
  }
  const compiled = compilePolicy(merged!.policy);
  if (json) io.out(JSON.stringify({ valid: true, file, version: merged!.policy.version, warnings: compiled.warnings }));
  else {
    io.out(`有効なポリシーです / valid policy: ${file} (version ${merged!.policy.version})`);
    for (const w of compiled.warnings) io.out(`  注意 / warning: ${w}`);
  }
  return EXIT.allow;
}

function explain(urls: string[], values: { policy?: string; now?: string; json?: boolean }, io: Output): number {
  const [input] = urls;
  if (!input || urls.length > 1) throw new BadInput('policy explain <url> (1 つ / exactly one URL)');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new BadInput(`URL ではありません / not a URL: ${JSON.stringify(input.slice(0, 200))}`);
  }
  const compiled = loadCompiledPolicy(values.policy, parseNow(values.now));
  const { steps, verdict } = explainNavigation(compiled, url);
  if (values.json)
    io.out(JSON.stringify({ url: url.href, steps, verdict: verdict.verdict, findings: verdict.findings }));
  else {
    const width = Math.max(...steps.map((s) => s.check.length));
    for (const s of steps) io.out(`${s.check.padEnd(width)}  ${s.result}`);
  }
  return EXIT[verdict.verdict];
}
