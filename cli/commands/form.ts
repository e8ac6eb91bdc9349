// `ssk-guard form --page <url> --action <url> [--method post] [--field name=value]… [--file <name>]…
// [--policy F] [--now T] [--json]`: the verdict the browser's form guard gives that submission (DESIGN §5).
// A field is a password by its name (password, pwd, パスワード …); `--file` stands for a chosen file.
import { parseArgs } from 'node:util';
import { classifySubmission, markedFileNames, type FieldFact } from '../../shared/web/form-sensitivity.ts';
import { judgeSubmission } from '../../shared/web/form-verdict.ts';
import { BadInput, EXIT, type Output } from '../io.ts';
import { loadCompiledPolicy, parseNow } from '../policy-file.ts';
import { printVerdict } from '../render.ts';

function url(option: string, value: string | undefined, base?: string): URL {
  if (value === undefined) throw new BadInput(`--${option} を指定してください / --${option} <url> is required`);
  try {
    return new URL(value, base);
  } catch {
    throw new BadInput(`--${option}: URL ではありません / not a URL: ${JSON.stringify(value.slice(0, 200))}`);
  }
}

function field(text: string): FieldFact {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new BadInput(
      `--field は name=value の形で指定してください / --field takes name=value: ${JSON.stringify(text.slice(0, 100))}`,
    );
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

export async function run(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      page: { type: 'string' },
      action: { type: 'string' },
      method: { type: 'string', default: 'get' },
      field: { type: 'string', multiple: true, default: [] },
      file: { type: 'string', multiple: true, default: [] },
      policy: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length) throw new BadInput(`不要な引数 / unexpected argument: ${JSON.stringify(positionals[0])}`);
  const page = url('page', values.page);
  const action = url('action', values.action, page.href);
  const method = values.method.toLowerCase();
  if (!/^[a-z]{1,16}$/.test(method)) throw new BadInput(`--method: ${JSON.stringify(values.method)}`);
  const compiled = loadCompiledPolicy(values.policy, parseNow(values.now));

  const fields: FieldFact[] = [
    ...values.field.map(field),
    ...values.file.map((name): FieldFact => ({ name: 'file', value: '', type: 'file', fileName: name })),
  ];
  const sensitive = classifySubmission(fields, { method, allPostsSensitive: compiled.policy.forms.allPostsSensitive });
  const v = judgeSubmission(compiled, {
    page: page.href,
    action: action.href,
    method,
    sensitive,
    markedFiles: markedFileNames(fields),
  });
  const result = {
    page: page.href,
    action: action.href,
    method,
    verdict: v.verdict,
    sensitive: v.sensitive,
    findings: v.findings,
    destination: v.destination,
    crossSite: v.crossSite,
  };
  if (values.json) io.out(JSON.stringify(result));
  else {
    printVerdict(io, `${method.toUpperCase()} ${action.href}`, v);
    io.out(`  機密性のある内容 / sensitive: ${sensitive.length ? sensitive.join(', ') : 'なし / none'}`);
  }
  return EXIT[v.verdict];
}
