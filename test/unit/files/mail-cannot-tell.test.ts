// The mail verdict takes the engine's "cannot tell" (executable: null) like an unreadable
// attachment (issue 12 §1): never a silent pass. The one line this needed in shared/mail is
// in attachment-classifier.ts; the rest of the mail rules are the mail helper's tests.
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../shared/files/byte-source.ts';
import { inspectFile } from '../../../shared/files/inspect.ts';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { compactReport } from '../../../shared/mail/session-record.ts';
import { byDefault, message, to } from '../mail/helpers.ts';
import { buildZip } from './helpers/zip-builder.ts';

describe('mail verdict on executable: null', () => {
  it('must block: a zip with a damaged directory, sent outside, is an unreadable attachment', async () => {
    // The end record claims two entries, and the one there is cut short: it cannot be accounted for.
    const z = buildZip([{ name: 'a.txt', data: 'x'.repeat(300), method: 0 }], { declaredEntries: 2 });
    const report = await inspectFile(bytesSource(z.subarray(0, 200)), 'a.zip');
    expect(report.executable).toBeNull();
    const v = judgeMessage(
      byDefault,
      message({
        recipients: to('someone@example.com'),
        attachments: [{ name: 'a.zip', kind: 'file', report: compactReport(report) }],
      }),
    );
    expect(v.verdict).toBe('block');
    expect(v.findings.map((f) => f.rule)).toContain('executable-attachment');
    expect(v.attachments[0]).toMatchObject({ unreadable: 'read-failed', executable: false });
  });

  it('must pass: the same archive intact goes through', async () => {
    const report = await inspectFile(bytesSource(buildZip([{ name: 'a.txt', data: 'x' }])), 'a.zip');
    expect(report.executable).toBe(false);
    const v = judgeMessage(
      byDefault,
      message({
        recipients: to('someone@example.com'),
        attachments: [{ name: 'a.zip', kind: 'file', report: compactReport(report) }],
      }),
    );
    expect(v.findings.map((f) => f.rule)).not.toContain('executable-attachment');
  });
});
