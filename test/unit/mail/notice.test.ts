import { describe, expect, it } from 'vitest';
import { judgeMessage } from '../../../shared/mail/judge.ts';
import { NOTICE_LIMIT, noticeFor } from '../../../shared/mail/notice.ts';
import { byDefault, file, message, to } from './helpers.ts';

describe('the info-bar notice', () => {
  it('says nothing when all is well', () => {
    expect(noticeFor(judgeMessage(byDefault, message()))).toBeNull();
  });
  it('counts outside domains to confirm', () => {
    const n = noticeFor(judgeMessage(byDefault, message({ recipients: to('a@gmail.com', 'b@x.example') })))!;
    expect(n.error).toBe(false);
    expect(n.text).toContain('組織外 2 ドメイン');
  });
  it('is an error naming the blocking rules, within 150 characters', () => {
    const v = judgeMessage(
      byDefault,
      message({
        from: 'a@gmail.com',
        recipients: to('b@gmail.com', 'c@ssk.or.jp'),
        subject: '【秘】',
        attachments: [file('a.exe')],
      }),
    );
    const n = noticeFor(v)!;
    expect(n.error).toBe(true);
    expect(n.text).toContain('送信できません');
    expect(n.text.length).toBeLessThanOrEqual(NOTICE_LIMIT);
  });
});
