// Small pieces every command shares: the exit-status contract, bad-input errors, several inputs.
import { readFileSync } from 'node:fs';

export type Verdict = 'allow' | 'warn' | 'block';

/** DESIGN §5: 0 allow, 1 warn, 2 block, 3 bad input. */
export const EXIT = { allow: 0, warn: 1, block: 2, badInput: 3 } as const;

const RANK: Record<Verdict, number> = { allow: 0, warn: 1, block: 2 };

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'allow';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}

/** Thrown for anything the user gave us that we cannot use; the CLI prints it and exits 3. */
export class BadInput extends Error {
  override name = 'BadInput';
}

/**
 * The inputs of a command that takes several: its positional arguments, where a lone `-`
 * stands for standard input read one item a line (blank lines skipped).
 */
export function expandInputs(positionals: string[], readStdin: () => string = () => readFileSync(0, 'utf8')): string[] {
  const out: string[] = [];
  for (const p of positionals) {
    if (p === '-') {
      for (const line of readStdin().split(/\r?\n/)) if (line.trim()) out.push(line.trim());
    } else out.push(p);
  }
  return out;
}

/** Whether the command prints one result or an array: several inputs, or any input from stdin. */
export function printsArray(positionals: string[]): boolean {
  return positionals.length > 1 || positionals.includes('-');
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

export interface BatchOptions<R extends { verdict: Verdict }, E extends { error: string }> {
  /** The command's name, for messages on stderr. */
  command: string;
  io: Output;
  positionals: string[];
  json: boolean;
  judge: (input: string) => R | E | Promise<R | E>;
  print: (result: R) => void;
}

/**
 * The several-inputs contract of `url`, `file` and `mail` (DESIGN §5): inputs are arguments or `-` for
 * one a line on stdin; one input prints one result, several a JSON array in order. A bad input alone
 * stops with exit 3; in a batch it is reported in place, the rest are answered, and the batch exits 3.
 * Otherwise the exit status is the worst verdict.
 */
export async function runBatch<R extends { verdict: Verdict }, E extends { error: string }>(
  o: BatchOptions<R, E>,
): Promise<number> {
  const inputs = expandInputs(o.positionals);
  if (inputs.length === 0) throw new BadInput('標準入力に入力がありません / nothing on standard input');
  const many = printsArray(o.positionals);
  const results: (R | E)[] = [];
  let bad = 0;
  for (const input of inputs) {
    const r = await o.judge(input);
    if ('error' in r) {
      if (!many) throw new BadInput(r.error);
      bad++;
      o.io.err(`ssk-guard ${o.command}: ${r.error}`);
    }
    results.push(r);
  }
  if (o.json) o.io.out(JSON.stringify(many ? results : results[0]));
  else for (const r of results) if (!('error' in r)) o.print(r as R);
  if (bad) return EXIT.badInput;
  return EXIT[worstVerdict(results.flatMap((r) => ('error' in r ? [] : [(r as R).verdict])))];
}
