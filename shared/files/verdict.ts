// The command line's verdict on one inspected file (DESIGN §3 rules executable-attachment and
// unencrypted-confidential-attachment, with "cannot tell" as a warning rather than a pass).
import type { FileReport } from './types.ts';

export type FileVerdict = 'allow' | 'warn' | 'block';

export interface FileVerdictResult {
  verdict: FileVerdict;
  reasons: string[];
}

export function fileVerdict(
  report: Pick<FileReport, 'executable' | 'encrypted' | 'confidentialMarker'>,
): FileVerdictResult {
  if (report.executable) {
    return { verdict: 'block', reasons: ['実行ファイルを含む / an executable (or contains one)'] };
  }
  if (report.executable === null) {
    // Not all of it could be read: a program may be inside (8.1.1(5)-1 g), never a silent pass.
    return {
      verdict: 'block',
      reasons: [
        '中身をすべて確認できず、実行ファイルを含まないと判定できない / not all of it could be read: cannot tell that it holds no program',
      ],
    };
  }
  if (report.confidentialMarker && report.encrypted !== true) {
    return {
      verdict: 'block',
      reasons: [
        report.encrypted === null
          ? '要機密の表示があり、暗号化を確認できない / marked confidential and its encryption cannot be confirmed'
          : '要機密の表示があるが暗号化されていない / marked confidential but not encrypted',
      ],
    };
  }
  if (report.encrypted === null) {
    return { verdict: 'warn', reasons: ['暗号化の有無を判定できない / cannot tell whether it is encrypted'] };
  }
  return { verdict: 'allow', reasons: [] };
}
