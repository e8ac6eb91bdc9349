import { describe, expect, it } from 'vitest';
import {
  decodeAttachmentRecord,
  decodeConfirmed,
  encodeAttachmentRecord,
  encodeConfirmed,
  type AttachmentRecord,
} from '../../../shared/mail/session-record.ts';
import { report } from './helpers.ts';

describe('the sessionData record', () => {
  it('round-trips attachment reports', () => {
    const record: AttachmentRecord = {
      a1: { name: 'a.pdf', size: 10, kind: 'file', report: report() },
      a2: { name: 'b', size: 0, kind: 'item', unreadable: 'attached-message' },
      a3: { name: 'c', size: 0, kind: 'cloud', url: 'https://x.example/' },
    };
    expect(decodeAttachmentRecord(encodeAttachmentRecord(record))).toEqual(record);
  });
  it('drops what is malformed, so it is checked again rather than trusted', () => {
    const text = JSON.stringify({
      ok: { name: 'a', size: 1, kind: 'file', report: report() },
      noReport: { name: 'a', size: 1, kind: 'file' },
      badReport: {
        name: 'a',
        size: 1,
        kind: 'file',
        report: { format: 'pdf', encrypted: 'yes', executable: false, confidentialMarker: false },
      },
      badKind: { name: 'a', size: 1, kind: 'x', report: report() },
    });
    expect(Object.keys(decodeAttachmentRecord(text))).toEqual(['ok']);
    expect(decodeAttachmentRecord('not json')).toEqual({});
    expect(decodeAttachmentRecord('[1]')).toEqual({});
    expect(decodeAttachmentRecord(null)).toEqual({});
  });
  it('stays inside its share of the 50,000 characters', () => {
    const record: AttachmentRecord = {};
    for (let i = 0; i < 500; i++)
      record[`id-${i}-${'x'.repeat(100)}`] = { name: 'n'.repeat(200), size: i, kind: 'file', report: report() };
    const text = encodeAttachmentRecord(record);
    expect(text.length).toBeLessThanOrEqual(36_000);
    expect(Object.keys(JSON.parse(text) as object).length).toBeGreaterThan(50);
  });
  it('round-trips confirmed domains, ignoring junk', () => {
    expect(decodeConfirmed(encodeConfirmed(['a.example', 'a.example', 'b.example']))).toEqual([
      'a.example',
      'b.example',
    ]);
    expect(decodeConfirmed('[1,"x"]')).toEqual(['x']);
    expect(decodeConfirmed('{')).toEqual([]);
  });
});
