// `ssk-guard url <url>… [--policy F] [--now T] [--json]`: the navigation verdict for each URL.
import { parseArgs } from 'node:util';
import { judgeNavigation } from '../../shared/web/navigation.ts';
import type { Finding } from '../../shared/web/finding.ts';
import { BadInput, runBatch, type Output, type Verdict } from '../io.ts';
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
  return runBatch<
    { url: string; host: string; verdict: Verdict; findings: Finding[] },
    { input: string; error: string }
  >({
    command: 'url',
    io,
    positionals,
    json: values.json,
    judge: (input) => {
      let url: URL;
      try {
        url = new URL(input);
      } catch {
        return { input, error: `URL ではありません / not a URL: ${JSON.stringify(input.slice(0, 200))}` };
      }
      const v = judgeNavigation(compiled, url);
      return { url: url.href, host: v.host, verdict: v.verdict, findings: v.findings };
    },
    print: (r) => printVerdict(io, r.url, r),
  });
}
