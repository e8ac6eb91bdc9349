// Human-readable output (without --json): the verdict, then each finding in Japanese and English.
import type { Finding } from '../shared/web/finding.ts';
import type { Output } from './io.ts';

const LABEL = { allow: '許可 / allow', warn: '警告 / warn', block: '遮断 / block' } as const;

export function printVerdict(
  io: Output,
  subject: string,
  v: { verdict: keyof typeof LABEL; findings: readonly Finding[] },
) {
  io.out(`${LABEL[v.verdict]}  ${JSON.stringify(subject)}`);
  for (const f of v.findings) {
    io.out(`  - ${f.rule} [${f.action}] ポリシー ${f.clause}`);
    io.out(`    ${f.message.ja}`);
    io.out(`    ${f.message.en}`);
  }
}
