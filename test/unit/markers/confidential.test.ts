import { describe, expect, it } from 'vitest';
import {
  CONFIDENTIAL_MARKER_PATTERNS,
  confidentialMarkers,
  hasConfidentialMarker,
} from '../../../shared/markers/confidential.ts';

describe('hasConfidentialMarker (DESIGN §3)', () => {
  it.each([
    '機密性2_報告.xlsx',
    '機密性3_人事.docx',
    '機密性２_報告.xlsx', // full-width digit
    '【機密性２】予算.pdf',
    '機密性 2 資料.pdf',
    '機密性：3 資料.pdf',
    '機密性Ⅱ 資料.pdf',
    '機密性2情報の取扱い.docx',
    '要機密_名簿.xlsx',
    '＜要機密＞名簿.xlsx',
    '極秘_計画.pptx',
    '【秘】会議資料.pdf',
    '[秘]会議資料.pdf',
    '［秘］会議資料.pdf',
    '（秘）会議資料.pdf',
    '(秘)会議資料.pdf',
    '〔秘〕会議資料.pdf',
    '秘_会議資料.pdf',
    '秘-会議資料.pdf',
    '秘－会議資料.pdf',
    '会議資料 秘.pdf',
    '会議資料(秘).pdf',
    '秘',
    '㊙会議資料.pdf',
    'マル秘_会議資料.pdf',
    '社外秘_手順書.docx',
    '部外秘 手順書.docx',
  ])('%s is marked', (name) => {
    expect(hasConfidentialMarker(name)).toBe(true);
  });

  it.each([
    '機密性1_報告.xlsx',
    '機密性１_報告.xlsx', // full-width digit 1
    '機密性0_公開.pdf',
    '機密性Ⅰ 資料.pdf',
    '機密性20号.pdf',
    '秘書課_名簿.xlsx',
    '神秘的な話.txt',
    '秘密保持契約書.pdf', // 秘密 is an ordinary word
    '秘匿化の手順.docx',
    '便秘.txt',
    '機密文書の扱い.pdf',
    'report.pdf',
    '',
  ])('%s is not marked', (name) => {
    expect(hasConfidentialMarker(name)).toBe(false);
  });

  it('names the patterns found, and the list is exported for the policy', () => {
    expect(confidentialMarkers('要機密【秘】')).toEqual(['yo-kimitsu', 'hi-label']);
    expect(CONFIDENTIAL_MARKER_PATTERNS.map((p) => p.id)).toContain('kimitsusei-2-3');
    for (const p of CONFIDENTIAL_MARKER_PATTERNS) {
      expect(() => new RegExp(p.source, 'u')).not.toThrow();
      expect(p.description.ja && p.description.en).toBeTruthy();
    }
  });

  it('takes a custom pattern list', () => {
    const custom = [{ id: 'x', source: 'CONFIDENTIAL', description: { ja: '社外秘', en: 'confidential' } }];
    expect(hasConfidentialMarker('CONFIDENTIAL plan.pdf', custom)).toBe(true);
    expect(hasConfidentialMarker('要機密.pdf', custom)).toBe(false);
  });
});
