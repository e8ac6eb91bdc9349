// `ssk-guard url <url>… [--policy F] [--now T] [--json]`: the navigation verdict for each URL.
import { parseArgs } from 'node:util';
import { judgeNavigation } from '../../shared/web/navigation.ts';
import type { Finding } from '../../shared/web/finding.ts';
import { BadInput, EXIT, expandInputs, printsArray, worstVerdict, type Output, type Verdict } from '../io.ts';
import { loadCompiledPolicy, parseNow } from '../policy-file.ts';
import { printVerdict } from '../render.ts';

export async function run(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { policy: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0)
    throw new BadInput('URL を指定してください / give at least one URL (or - for standard input)');
  const compiled = loadCompiledPolicy(values.policy, parseNow(values.now));
  const inputs = expandInputs(positionals);
  if (inputs.length === 0) throw new BadInput('標準入力に URL がありません / no URL on standard input');

  const many = printsArray(positionals);
  let bad = 0;
  type Result = { url: string; host: string; verdict: Verdict; findings: Finding[] } | { input: string; error: string };
  const results = inputs.map((input): Result => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      const error = `URL ではありません / not a URL: ${JSON.stringify(input.slice(0, 200))}`;
      if (!many) throw new BadInput(error);
      bad++;
      io.err(`ssk-guard url: ${error}`);
      return { input, error };
    }
    const v = judgeNavigation(compiled, url);
    return { url: url.href, host: v.host, verdict: v.verdict, findings: v.findings };
  });

  if (values.json) io.out(JSON.stringify(many ? results : results[0]));
  else for (const r of results) if (!('error' in r)) printVerdict(io, r.url, r);
  // One unusable line in a batch is reported in place; the batch still answers for the rest, then exits 3.
  if (bad) return EXIT.badInput;
  return EXIT[worstVerdict(results.flatMap((r) => ('error' in r ? [] : [r.verdict])))];
}
