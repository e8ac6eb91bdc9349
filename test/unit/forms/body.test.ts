// Script bodies read back into fields, so a fetch is classified like a form.
import { describe, expect, it } from 'vitest';
import { fieldsFromBody } from '../../../shared/web/form-body.ts';
import { classifySubmission } from '../../../shared/web/form-sensitivity.ts';

const kinds = (b: Parameters<typeof fieldsFromBody>[0]) => classifySubmission(fieldsFromBody(b));

describe('fieldsFromBody', () => {
  it('url-encoded, with or without a content type', () => {
    expect(fieldsFromBody({ text: 'a=1&password=x%20y' })).toEqual([
      { name: 'a', value: '1' },
      { name: 'password', value: 'x y' },
    ]);
    expect(kinds({ text: 'q=hello', contentType: 'application/x-www-form-urlencoded' })).toEqual([]);
  });
  it('JSON, nested, keeps the key of each leaf', () => {
    expect(kinds({ text: '{"user":{"name":"taro","password":"pw"}}', contentType: 'application/json' })).toEqual([
      'password',
    ]);
    expect(kinds({ text: '[{"id":"1234 5678 9018"}]' })).toEqual(['my-number']);
    expect(kinds({ text: '{"page":"/top","ms":123}' })).toEqual([]);
  });
  it('multipart: fields and file names', () => {
    const b = '----x';
    const text =
      `--${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\n【秘】メモ\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n` +
      `--${b}--\r\n`;
    const fields = fieldsFromBody({ text, contentType: `multipart/form-data; boundary=${b}` });
    expect(fields).toEqual([
      { name: 'note', value: '【秘】メモ' },
      { name: 'f', value: '', fileName: 'a.pdf' },
    ]);
    expect(classifySubmission(fields)).toEqual(['file', 'confidential-marker']);
  });
  it('entries read by the hook (FormData), files by name', () => {
    expect(kinds({ entries: [{ name: 'up', value: '', fileName: '機密性3_人事.xlsx' }] })).toEqual([
      'file',
      'confidential-marker',
    ]);
  });
  it('plain text is scanned whole', () => {
    expect(kinds({ text: 'card 4111-1111-1111-1111 thanks' })).toEqual(['payment-card']);
    expect(kinds({ text: 'just some analytics ping' })).toEqual([]);
  });
  it('text that only starts like JSON is scanned as text', () => {
    expect(kinds({ text: '{ not json 123456789018' })).toEqual(['my-number']);
  });
});
