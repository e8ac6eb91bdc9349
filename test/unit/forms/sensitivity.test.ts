// Sensitivity (issue 4 item 2): each kind with cases that must count and cases that must not.
import { describe, expect, it } from 'vitest';
import {
  classifySubmission,
  containsMyNumber,
  containsPaymentCard,
  isPasswordName,
  isValidMyNumber,
  luhnValid,
  markedFileNames,
  type FieldFact,
} from '../../../shared/web/form-sensitivity.ts';

const text = (name: string, value: string, extra: Partial<FieldFact> = {}): FieldFact => ({ name, value, ...extra });

describe('My Number check digit (個人番号)', () => {
  it.each(['123456789018', '987654321093', '111111111118', '202401150007'])('valid: %s', (n) =>
    expect(isValidMyNumber(n)).toBe(true),
  );
  it.each(['123456789012', '123456789019', '12345678901', '1234567890180', '12345678901a', ''])('invalid: %s', (n) =>
    expect(isValidMyNumber(n)).toBe(false),
  );
  it.each([
    '123456789018',
    '1234 5678 9018',
    '1234-5678-9018',
    '１２３４５６７８９０１８', // full-width digits
    'マイナンバー: 1234-5678-9018 です',
    '2024-01-15 123456789018',
  ])('found in %j', (t) => expect(containsMyNumber(t)).toBe(true));
  it.each([
    '123456789012', // wrong check digit
    '1234567890180', // 13 digits
    '4111 1111 1111 1111', // a card: its first 12 digits are not a My Number
    '電話 03-1234-5678',
    'hello',
  ])('not found in %j', (t) => expect(containsMyNumber(t)).toBe(false));
});

describe('payment card (Luhn and issuer)', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '5555-5555-5555-4444',
    '378282246310005',
    '3530111333300000',
    '6011111111111117',
  ])('found in %j', (t) => expect(containsPaymentCard(t)).toBe(true));
  it.each([
    '4111111111111112', // fails Luhn
    '1234567812345670', // passes Luhn, no issuer starts with 1
    '123456789018', // too short
    'order 2024 0115',
  ])('not found in %j', (t) => expect(containsPaymentCard(t)).toBe(false));
});

describe('password field names', () => {
  it.each(['password', 'passwd', 'user_pwd', 'newPassword', 'login[password]', 'パスワード', 'pass'])('%s', (n) =>
    expect(isPasswordName(n)).toBe(true),
  );
  it.each(['passport', 'username', 'q', 'compass', 'bypass_cache'])('not %s', (n) =>
    expect(isPasswordName(n)).toBe(false),
  );
});

describe('classifySubmission', () => {
  it('a search box is not sensitive', () => {
    expect(classifySubmission([text('q', 'ssk 診療報酬 2026')])).toEqual([]);
  });
  it('an empty password field is not sensitive; a filled one is', () => {
    expect(classifySubmission([text('pw', '', { type: 'password' })])).toEqual([]);
    expect(classifySubmission([text('pw', 'hunter22', { type: 'password' })])).toEqual(['password']);
  });
  it('a chosen file is sensitive; an empty file input is not', () => {
    expect(classifySubmission([{ name: 'f', value: '', type: 'file' }])).toEqual([]);
    expect(classifySubmission([{ name: 'f', value: '', fileName: '' }])).toEqual([]);
    expect(classifySubmission([{ name: 'f', value: '', fileName: 'report.pdf' }])).toEqual(['file']);
    expect(classifySubmission([{ name: 'f', value: '', fileName: '【秘】report.pdf' }])).toEqual([
      'file',
      'confidential-marker',
    ]);
  });
  it('a 要機密 marker in a value, but not 秘書', () => {
    expect(classifySubmission([text('body', '【機密性２】来年度予算')])).toEqual(['confidential-marker']);
    expect(classifySubmission([text('body', '秘書室への連絡')])).toEqual([]);
  });
  it('My Number and card numbers in values', () => {
    expect(classifySubmission([text('id', '1234-5678-9018')])).toEqual(['my-number']);
    expect(classifySubmission([text('card', '4111 1111 1111 1111')])).toEqual(['payment-card']);
  });
  it('autocomplete of credentials and payment, only when filled', () => {
    expect(classifySubmission([text('otp', '123456', { autocomplete: 'one-time-code' })])).toEqual([
      'credential-autocomplete',
    ]);
    expect(classifySubmission([text('n', 'TARO', { autocomplete: 'section-a billing cc-name' })])).toEqual([
      'payment-autocomplete',
    ]);
    expect(classifySubmission([text('otp', '', { autocomplete: 'one-time-code' })])).toEqual([]);
    expect(classifySubmission([text('user', 'taro', { autocomplete: 'username' })])).toEqual([]);
  });
  it('a script body carrying a password typed on the page', () => {
    expect(classifySubmission([text('', 'u=taro&p=s3cr%40t!')], { secrets: ['s3cr@t!'] })).toEqual(['password']);
    expect(classifySubmission([text('', 'u=taro')], { secrets: ['s3cr@t!'] })).toEqual([]);
  });
  it('allPostsSensitive makes every POST sensitive, never a GET', () => {
    expect(classifySubmission([text('q', 'x')], { allPostsSensitive: true, method: 'POST' })).toEqual(['all-posts']);
    expect(classifySubmission([text('q', 'x')], { allPostsSensitive: true, method: 'get' })).toEqual([]);
    expect(classifySubmission([text('q', 'x')], { allPostsSensitive: false, method: 'post' })).toEqual([]);
  });
  it('a value too long to scan whole counts as unscanned: padding cannot hide a secret', () => {
    const padded = 'x'.repeat(1_000_001) + ' 123456789018';
    expect(classifySubmission([text('doc', padded)])).toEqual(['unscanned']);
    expect(classifySubmission([text('doc', 'x'.repeat(10_000))])).toEqual([]);
    expect(classifySubmission([], { unscanned: true })).toEqual(['unscanned']);
  });
  it('kinds come in a fixed order, once each', () => {
    const kinds = classifySubmission([
      text('card', '4111111111111111'),
      text('pw', 'x', { type: 'password' }),
      text('pw2', 'y', { type: 'password' }),
      text('id', '123456789018'),
    ]);
    expect(kinds).toEqual(['password', 'my-number', 'payment-card']);
  });
  it('markedFileNames lists only marked names', () => {
    expect(
      markedFileNames([
        { name: 'a', value: '', fileName: '要機密_名簿.xlsx' },
        { name: 'a', value: '', fileName: '議事録.docx' },
        { name: 'b', value: '【秘】' },
      ]),
    ).toEqual(['要機密_名簿.xlsx']);
  });
});
