import { describe, expect, it } from 'vitest';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { escapeMarkdown, smartAlertText, SMART_ALERT_LIMIT } from '../../../shared/mail/smart-alert.ts';
import { byDefault, file, message, to } from './helpers.ts';

describe('smartAlertText', () => {
  it('is empty when the message may go', () => {
    expect(smartAlertText([], 'allow')).toEqual({ plain: '', markdown: '' });
  });
  it('puts Japanese first, then English, each naming the clause', () => {
    const v = judgeMessage(byDefault, message({ recipients: to('a@gmail.com') }));
    const t = smartAlertText(v.findings, v.verdict);
    expect(t.plain.indexOf('組織外')).toBeLessThan(t.plain.indexOf('Recipients outside'));
    expect(t.plain).toContain('3.1.1(5)(d)');
    expect(t.plain).toContain('gmail.com');
    expect(t.markdown).toContain('**送信前に確認してください / Check before sending**');
  });
  it('stays within 500 characters in the worst case, the most serious finding first', () => {
    const hostile = 'x'.repeat(300) + '.exe';
    const v = judgeMessage(
      byDefault,
      message({
        from: 'someone@' + 'y'.repeat(60) + '.example',
        subject: '【要機密】' + 'z'.repeat(200),
        recipients: to(...Array.from({ length: 500 }, (_, i) => `u${i}@${'d'.repeat(40)}${i}.example`)),
        attachments: [
          ...Array.from({ length: 10 }, (_, i) => file(`${i}-${hostile}`)),
          { name: 'link', kind: 'cloud', url: 'https://drive.google.com/x' },
        ],
      }),
    );
    const t = smartAlertText(v.findings, v.verdict);
    expect(t.plain.length).toBeLessThanOrEqual(SMART_ALERT_LIMIT);
    expect(t.markdown.length).toBeLessThanOrEqual(SMART_ALERT_LIMIT);
    expect(t.plain).toContain('送信できません');
    expect(t.plain).toContain('8.1.1(5)(a)(b)');
    expect(t.plain).toMatch(/ほか \d+ 件/);
    expect(t.plain).toContain('see the task pane');
  });
  it('fits several findings whole when they fit', () => {
    const v = judgeMessage(byDefault, message({ recipients: to('a@gmail.com'), attachments: [file('a.exe')] }));
    const t = smartAlertText(v.findings, v.verdict);
    expect(t.plain).toContain('a.exe');
    expect(t.plain).toContain('gmail.com');
    expect(t.plain.length).toBeLessThanOrEqual(SMART_ALERT_LIMIT);
  });
  it('keeps hostile names as text: bidi controls shown, Markdown escaped', () => {
    const v = judgeMessage(byDefault, message({ attachments: [file('[click](https://evil.example)\u202Efdp.exe')] }));
    const t = smartAlertText(v.findings, v.verdict);
    expect(t.plain).not.toMatch(/[\u202a-\u202e]/);
    expect(t.markdown).toContain('\\[click\\]\\(https\\:');
    expect(t.markdown).not.toContain('[click](https://evil.example)');
  });
  it('escapeMarkdown escapes what makes links, emphasis or autolinks', () => {
    expect(escapeMarkdown('*a* _b_ [c](d) www.e.com <f>')).toBe('\\*a\\* \\_b\\_ \\[c\\]\\(d\\) www\\.e\\.com \\<f\\>');
  });
});
