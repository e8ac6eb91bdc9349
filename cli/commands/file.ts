// `ssk-guard file <path>… [--name <display name>] [--json]`: inspects attachments the way the
// Outlook add-in does (executable? encrypted? marked 要機密?), reading only the bytes it needs.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { ByteSource } from '../../shared/files/byte-source.ts';
import { clampRange } from '../../shared/files/byte-source.ts';
import { inspectFile } from '../../shared/files/inspect.ts';
import type { FileReport } from '../../shared/files/types.ts';
import { isWeakEncryption } from '../../shared/files/encryption.ts';
import { fileVerdict } from '../../shared/files/verdict.ts';
import { BadInput, EXIT, runBatch, type Output, type Verdict } from '../io.ts';

const USAGE = `使い方 / usage: ssk-guard file <path>… | - [--name <表示名 / display name>] [--json]
  添付ファイルを検査します: 実行ファイルか、暗号化されているか、要機密の表示があるか
  inspects files: executable? encrypted? marked confidential (要機密)?
  --name   判定に使う表示名（1 ファイルのとき）/ the name shown to recipients (one file only)
終了コード / exit status: 0 allow, 1 warn, 2 block, 3 bad input`;

/** A file on disk as a ByteSource: positioned reads, never the whole file. */
export function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const [start, end] = clampRange(size, offset, length);
      const buf = new Uint8Array(end - start);
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      return Promise.resolve(buf.subarray(0, got));
    },
  };
}

type Result = ({ file: string } & FileReport & { verdict: Verdict }) | { file: string; error: string };

async function inspectPath(path: string, displayName: string): Promise<Result> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'ファイルがありません / no such file'
        : code === 'EACCES'
          ? '読めません / permission denied'
          : `読めません / cannot read (${code ?? String(e)})`;
    return { file: path, error: `${path}: ${why}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { file: path, error: `${path}: ファイルではありません / not a regular file` };
    const report = await inspectFile(fileSource(fd, st.size), displayName);
    const v = fileVerdict(report);
    return {
      file: path,
      format: report.format,
      encrypted: report.encrypted,
      encryption: report.encryption,
      executable: report.executable,
      confidentialMarker: report.confidentialMarker,
      entries: report.entries,
      reasons: [...v.reasons, ...report.reasons],
      verdict: v.verdict,
    };
  } finally {
    closeSync(fd);
  }
}

const yesNo = (v: boolean | null) => (v === null ? '判定不能 / cannot tell' : v ? 'はい / yes' : 'いいえ / no');
const VERDICT_LABEL: Record<Verdict, string> = {
  allow: '許可 / allow',
  warn: '警告 / warn',
  block: 'ブロック / block',
};

function printHuman(io: Output, r: Exclude<Result, { error: string }>): void {
  const lines = [
    `${r.file}: ${VERDICT_LABEL[r.verdict]}`,
    `  形式 / format: ${r.format}`,
    `  暗号化 / encrypted: ${yesNo(r.encrypted)}${r.encryption ? ` (${r.encryption}${isWeakEncryption(r.encryption) ? ', 弱い方式 / weak scheme' : ''})` : ''}`,
    `  実行ファイル / executable: ${yesNo(r.executable)}`,
    `  要機密の表示 / confidential marker: ${yesNo(r.confidentialMarker)}`,
  ];
  if (r.entries.length)
    lines.push(`  中身 / entries: ${r.entries.length}${r.entries.length > 10 ? ' (最初の 10 件 / first 10)' : ''}`);
  for (const e of r.entries.slice(0, 10)) {
    const flags = [
      e.executable ? '実行 / exec' : e.executable === null ? '実行? / exec?' : '',
      e.encrypted === true ? '暗号 / enc' : e.encrypted === null ? '? ' : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`    ${e.name}${flags ? `  [${flags}]` : ''}`);
  }
  for (const reason of r.reasons.slice(0, 12)) lines.push(`  - ${reason}`);
  io.out(lines.join('\n'));
}

export async function run(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT.allow;
  }
  if (positionals.length === 0)
    throw new BadInput(`ファイルを指定してください / give at least one file (or - for standard input)\n${USAGE}`);
  if (values.name !== undefined && (positionals.length !== 1 || positionals[0] === '-'))
    throw new BadInput('--name は 1 ファイルのときだけ使えます / --name needs exactly one file');
  return runBatch<Exclude<Result, { error: string }>, Extract<Result, { error: string }>>({
    command: 'file',
    io,
    positionals,
    json: values.json,
    judge: (path) => inspectPath(path, values.name ?? basename(path)),
    print: (r) => printHuman(io, r),
  });
}
