// The one-time grants of the backstop (issue 11): what the form guard read in the page and what webRequest
// hands the service worker for the same request must give the same digest, or a confirmed submission is
// cancelled; and a grant lets exactly what was confirmed through, once. The webRequest shapes below are those
// Chromium 156 gave for these requests (seen with a requestBody listener in the force-installed extension).
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { judgeRequest, type BackstopContext, type OutgoingRequest } from '../../../shared/web/backstop.ts';
import {
  bodyDigest,
  consumeGrant,
  issueGrant,
  textDigest,
  type BackstopGrant,
} from '../../../shared/web/backstop-grant.ts';
import { sha256Hex } from '../../../content/digest.ts';
import type { FieldFact } from '../../../shared/web/form-sensitivity.ts';
import { parseGrantRequest } from '../../../shared/web/form-messages.ts';
import { formGrantBody, scriptGrantBody, type GrantBody } from '../../../shared/web/grant-digest.ts';
import { readRequestBody, type RequestBodyFacts } from '../../../shared/web/request-body.ts';
import { emptySeenStore, fingerprint, makeSalt, rememberSeen, seenIndex } from '../../../shared/web/seen-values.ts';

const NOW = Date.parse('2026-12-01T12:00:00+09:00');
const compiled = compilePolicy(SSK_DEFAULT_POLICY, NOW);
const salt = makeSalt(new Uint32Array([0x9e3779b9, 0x7f4a7c15]));
const TAB = 3;
const PASSWORD = 'Tr0ub4dor&3x';
const PAGE = 'https://www.ssk.or.jp';
const DEST = 'https://forms.example.net/post';
const store = rememberSeen(emptySeenStore(), TAB, '0:pw', fingerprint(PASSWORD, 'password', PAGE, salt));
const enc = new TextEncoder();
const bytes = (text: string) => enc.encode(text).buffer;

/** The digest the guard sends for what it read: the SHA-256 of its text (content/digest.ts, tested against this). */
const digestOf = (g: GrantBody) => (g.text === undefined ? undefined : textDigest(g.text));
/** The digest the backstop computes from what webRequest gave (null: the browser gave none of the body). */
const networkDigest = (body: RequestBodyFacts) => {
  const fields = readRequestBody(body).digestFields;
  return fields ? bodyDigest(fields) : null;
};
const UTF8_FORM = { method: 'post', enctype: 'application/x-www-form-urlencoded', charset: 'UTF-8', extras: false };
const MULTIPART_FORM = { ...UTF8_FORM, enctype: 'multipart/form-data' };

// A sign-in form with a little of everything, as content/collect.ts reads it from the DOM.
const FORM_FIELDS: FieldFact[] = [
  { name: 'user', value: 'taro.yamada', type: 'text' },
  { name: 'password', value: PASSWORD, type: 'password' },
  { name: 'note', value: '一行目\n二行目', type: 'textarea' },
  { name: 'opt', value: 'a' },
  { name: 'opt', value: 'b' },
  { name: 'agree', value: 'on', type: 'checkbox' },
  { name: 'empty', value: '', type: 'file' }, // a file input with nothing chosen
  { name: 'op', value: 'login' }, // the submitter
];
// What Chromium's requestBody.formData held for that form (values grouped by name, line breaks as CRLF).
const FORM_DATA = {
  user: ['taro.yamada'],
  password: [PASSWORD],
  note: ['一行目\r\n二行目'],
  opt: ['a', 'b'],
  agree: ['on'],
  empty: [''],
  op: ['login'],
};

describe('the guard hashes with WebCrypto what the backstop hashes with @noble/hashes', () => {
  it.each(['', 'a=1', `pw=${PASSWORD}&ä=日本語&emoji=😀`, 'x'.repeat(100_000)])(
    'the same SHA-256 (%#)',
    async (text) => {
      expect(await sha256Hex(text)).toBe(textDigest(text));
    },
  );
  it('no WebCrypto (a page not served over https): no digest, never a wrong one', async () => {
    const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle');
    Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });
    try {
      expect(await sha256Hex('a=1')).toBeUndefined();
    } finally {
      if (subtle) Object.defineProperty(globalThis.crypto, 'subtle', subtle);
      else delete (globalThis.crypto as { subtle?: unknown }).subtle;
    }
    expect(await sha256Hex('a=1')).toBe(textDigest('a=1'));
  });
});

describe('the guard’s digest equals the backstop’s for the same request', () => {
  it('a urlencoded form post (Chromium: parsed form data)', () => {
    const g = formGrantBody(FORM_FIELDS, UTF8_FORM);
    expect(digestOf(g)).toMatch(/^[0-9a-f]{64}$/);
    expect(networkDigest({ formData: FORM_DATA })).toBe(digestOf(g));
  });

  it('a urlencoded form with a chosen file: the browser sends its name as the value', () => {
    const fields: FieldFact[] = [
      { name: 'a', value: '1' },
      { name: 'f', value: '', type: 'file', fileName: 'scan.pdf' },
    ];
    expect(networkDigest({ formData: { a: ['1'], f: ['scan.pdf'] } })).toBe(digestOf(formGrantBody(fields, UTF8_FORM)));
  });

  const withFile: FieldFact[] = [
    { name: 't', value: 'l1\nl2', type: 'textarea' },
    { name: 'f', value: '', type: 'file', fileName: '【要機密】資料 "q".txt' },
    { name: 'pw', value: PASSWORD, type: 'password' },
  ];
  const boundary = '----WebKitFormBoundarySvR7PIjtBtkQ47zc';
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="t"\r\n\r\nl1\r\nl2\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="【要機密】資料 %22q%22.txt"\r\nContent-Type: text/plain\r\n\r\n`;
  const tail = `\r\n--${boundary}\r\nContent-Disposition: form-data; name="pw"\r\n\r\n${PASSWORD}\r\n--${boundary}--\r\n`;

  it('a multipart form with a file, parsed by Chromium (the file by its name)', () => {
    const formData = { t: ['l1\r\nl2'], f: ['【要機密】資料 "q".txt'], pw: [PASSWORD] };
    expect(networkDigest({ formData })).toBe(digestOf(formGrantBody(withFile, MULTIPART_FORM)));
  });
  it('the same as raw bytes: a file from memory left out, a file from disk named as an element of its own', () => {
    const digest = digestOf(formGrantBody(withFile, MULTIPART_FORM));
    expect(networkDigest({ raw: [{ bytes: bytes(head) }, { bytes: bytes(tail) }] })).toBe(digest);
    expect(
      networkDigest({ raw: [{ bytes: bytes(head) }, { file: '/tmp/【要機密】資料 "q".txt' }, { bytes: bytes(tail) }] }),
    ).toBe(digest);
  });
  it('a text/plain form (raw bytes, one line per field)', () => {
    const fields: FieldFact[] = [
      { name: 'a', value: '1' },
      { name: 'b', value: PASSWORD, type: 'password' },
    ];
    const g = formGrantBody(fields, { ...UTF8_FORM, enctype: 'text/plain' });
    expect(networkDigest({ raw: [{ bytes: bytes(`a=1\r\nb=${PASSWORD}\r\n`) }] })).toBe(digestOf(g));
  });

  it.each<[string, string]>([
    ['JSON', JSON.stringify({ user: 'taro', pw: btoa(PASSWORD), list: [1, 2] })],
    ['plain text', `hello ${PASSWORD}`],
    ['urlencoded-looking text', `a=1&pw=${encodeURIComponent(PASSWORD)}`],
  ])('a fetch or XHR with a %s string body (raw bytes)', (_, text) => {
    const g = scriptGrantBody({ contentType: '', text });
    expect(networkDigest({ raw: [{ bytes: bytes(text) }] })).toBe(digestOf(g));
  });
  it('URLSearchParams (Chromium: parsed form data)', () => {
    const text = new URLSearchParams({ a: '1', b: 'x y&z=ä' }).toString();
    const g = scriptGrantBody({ contentType: 'application/x-www-form-urlencoded', text });
    expect(networkDigest({ formData: { a: ['1'], b: ['x y&z=ä'] } })).toBe(digestOf(g));
  });

  // FormData with a Blob file and a name holding a quote and a line break, as the hook reads it.
  const entries = [
    { name: 'a', value: '1' },
    { name: 'f', value: '', fileName: 'mem.bin' },
    { name: 'n\n"q', value: 'v\nw' },
  ];
  it('FormData by XHR or sendBeacon (parsed form data: the file by its name, names unescaped)', () => {
    const g = scriptGrantBody({ entries });
    expect(networkDigest({ formData: { a: ['1'], f: ['mem.bin'], 'n\r\n"q': ['v\r\nw'] } })).toBe(digestOf(g));
  });
  it('the same FormData by fetch (raw multipart: the Blob’s bytes left out, the name escaped)', () => {
    const b = '----WebKitFormBoundaryEfVyt75PPYMHFLMO';
    const raw = [
      {
        bytes: bytes(
          `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${b}\r\nContent-Disposition: form-data; name="f"; filename="mem.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
      },
      {
        bytes: bytes(`\r\n--${b}\r\nContent-Disposition: form-data; name="n%0D%0A%22q"\r\n\r\nv\r\nw\r\n--${b}--\r\n`),
      },
    ];
    expect(networkDigest({ raw })).toBe(digestOf(scriptGrantBody({ entries })));
  });

  it('a Blob or File body, which Chromium does not show ("Unknown error."): a grant for what the guard read, or for no bytes', () => {
    const blob = scriptGrantBody({ contentType: 'text/plain', text: PASSWORD, blob: true });
    const file = scriptGrantBody({ entries: [{ name: '', value: '', fileName: 'scan.pdf' }] });
    expect(networkDigest({ error: 'Unknown error.' })).toBeNull();
    expect(blob).toMatchObject({ unreadable: true });
    expect(file).toMatchObject({ unreadable: true });
    expect(scriptGrantBody({ contentType: '', text: PASSWORD }).unreadable).toBeUndefined();
  });
});

describe('where the two views cannot agree, the grant names the destination only', () => {
  it.each<[string, GrantBody, string]>([
    ['a GET form (its data is in the URL)', formGrantBody(FORM_FIELDS, { ...UTF8_FORM, method: 'get' }), 'get'],
    [
      'a Shift_JIS form with Japanese in it (the worker reads UTF-8)',
      formGrantBody(FORM_FIELDS, { ...UTF8_FORM, charset: 'Shift_JIS' }),
      'charset',
    ],
    [
      'an image button, dirname or _charset_',
      formGrantBody(FORM_FIELDS, { ...UTF8_FORM, extras: true }),
      'form-extras',
    ],
    ['a body the hook could only read the start of', scriptGrantBody({ text: 'x', truncated: true }), 'too-large'],
    ['a body the hook could not read', scriptGrantBody({ opaque: true }), 'opaque'],
  ])('%s', (_, g, why) => {
    expect(g).toEqual({ why });
  });
  it('a Shift_JIS form of plain ASCII still gets its digest (the bytes are the same)', () => {
    const fields = [{ name: 'user', value: 'taro' }];
    expect(digestOf(formGrantBody(fields, { ...UTF8_FORM, charset: 'Shift_JIS' }))).toBe(
      networkDigest({ formData: { user: ['taro'] } }),
    );
  });
});

describe('a grant lets exactly what was confirmed through, once', () => {
  const ctx = (grants: readonly BackstopGrant[]): BackstopContext => ({
    compiled,
    seen: seenIndex(store, TAB, salt),
    grants,
    now: NOW,
  });
  const post = (text: string): OutgoingRequest => ({
    url: `${DEST}?r=${text.length}`,
    method: 'POST',
    type: 'xmlhttprequest',
    tabId: TAB,
    initiator: PAGE,
    body: { raw: [{ bytes: bytes(text) }] },
  });
  const grantFor = (id: string, g: GrantBody, method = 'post'): Omit<BackstopGrant, 'expires'> => ({
    id,
    tabId: TAB,
    destination: DEST,
    method,
    ...(g.text !== undefined ? { digest: digestOf(g)! } : {}),
    ...(g.unreadable ? { unreadable: true } : {}),
  });
  /** What the worker does with each request: judge it, and use up the grant that let it pass. */
  function send(grants: BackstopGrant[], requests: OutgoingRequest[]) {
    const actions: string[] = [];
    for (const r of requests) {
      const v = judgeRequest(ctx(grants), r);
      if (v.grant) grants = consumeGrant(grants, v.grant, NOW);
      actions.push(v.action);
    }
    return { actions, left: grants };
  }

  const A = JSON.stringify({ pw: PASSWORD, part: 1 });
  const B = JSON.stringify({ pw: PASSWORD, part: 1, also: 'exfil' });

  it('without a grant the body is cancelled (it carries the typed password to an unknown organisation)', () => {
    expect(judgeRequest(ctx([]), post(A))).toMatchObject({ action: 'cancel', reason: 'forbidden' });
  });
  it('a grant for body A does not pass body B to the same destination; A itself passes', () => {
    const grants = issueGrant([], grantFor('a', scriptGrantBody({ text: A })), NOW);
    expect(judgeRequest(ctx(grants), post(B)).action).toBe('cancel');
    expect(judgeRequest(ctx(grants), post(A))).toMatchObject({ action: 'pass', reason: 'granted', grant: 'a' });
  });
  it('N confirmed requests pass N times (the same body twice too); an (N+1)th, different, is cancelled', () => {
    const bodies = [
      A,
      JSON.stringify({ pw: PASSWORD, part: 2 }),
      A,
      JSON.stringify({ chunk: 'x'.repeat(500), pw: PASSWORD }),
    ];
    let grants: BackstopGrant[] = [];
    bodies.forEach((b, i) => (grants = issueGrant(grants, grantFor(`g${i}`, scriptGrantBody({ text: b })), NOW)));
    const { actions, left } = send(grants, [...bodies.map(post), post(B)]);
    expect(actions).toEqual(['pass', 'pass', 'pass', 'pass', 'cancel']);
    expect(left).toEqual([]);
    // Each is used once: the same N again are cancelled.
    expect(send(left, bodies.map(post)).actions).toEqual(bodies.map(() => 'cancel'));
  });
  it('a grant for a Blob the guard read passes a body the browser gives none of, but not a readable other one', () => {
    const blob = issueGrant([], grantFor('b', scriptGrantBody({ text: A, blob: true })), NOW);
    const unreadable: OutgoingRequest = { ...post(A), body: { error: 'Unknown error.' } };
    expect(judgeRequest(ctx(blob), unreadable)).toMatchObject({ action: 'pass', grant: 'b' });
    expect(judgeRequest(ctx(blob), post(B)).action).toBe('cancel');
    // A grant for a string body does not cover an unreadable one.
    const text = issueGrant([], grantFor('t', scriptGrantBody({ text: A })), NOW);
    expect(judgeRequest(ctx(text), unreadable).action).toBe('cancel');
  });
  it('a confirmed form post passes once as Chromium presents it; the form changed after it is cancelled', () => {
    const grants = issueGrant([], grantFor('f', formGrantBody(FORM_FIELDS, UTF8_FORM)), NOW);
    const form = (formData: Record<string, string[]>): OutgoingRequest => ({
      url: DEST,
      method: 'POST',
      type: 'main_frame',
      tabId: TAB,
      initiator: PAGE,
      body: { formData },
    });
    const changed = form({ ...FORM_DATA, d: [btoa(PASSWORD)] });
    expect(judgeRequest(ctx(grants), changed).action).toBe('cancel');
    expect(send(grants, [form(FORM_DATA), form(FORM_DATA)]).actions).toEqual(['pass', 'cancel']);
  });
});

describe('the grant request, as the worker takes it from a content script', () => {
  it('is checked field by field', () => {
    const digest = 'ab'.repeat(32);
    expect(parseGrantRequest({ type: 'backstop-grant', action: DEST, method: 'POST', digest })).toEqual({
      action: DEST,
      method: 'post',
      digest,
    });
    expect(
      parseGrantRequest({ type: 'backstop-grant', action: DEST, method: 'post', digest, unreadable: true }),
    ).toMatchObject({ unreadable: true });
    // unreadable means something only beside a digest
    expect(parseGrantRequest({ type: 'backstop-grant', action: DEST, method: 'post', unreadable: true })).toEqual({
      action: DEST,
      method: 'post',
    });
    expect(parseGrantRequest({ type: 'backstop-grant', action: DEST, method: 'post', digest: 'xyz' })).toBeNull();
    expect(parseGrantRequest({ type: 'backstop-grant', action: 42, method: 'post' })).toBeNull();
    expect(parseGrantRequest({ type: 'backstop-grant', action: DEST, method: 'po st' })).toBeNull();
    expect(parseGrantRequest({ type: 'form-event', action: DEST, method: 'post' })).toBeNull();
  });
});
