// The backstop's verdict (issue 11): for each class of data and each way of sending it, a request that
// must be cancelled and one that must pass. The pure core only: no browser.
import { describe, expect, it } from 'vitest';
import { backstopNotice } from '../../../shared/i18n/backstop-messages.ts';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import { judgeRequest, type BackstopContext, type OutgoingRequest } from '../../../shared/web/backstop.ts';
import { bodyDigest, issueGrant, type BackstopGrant } from '../../../shared/web/backstop-grant.ts';
import { readRequestBody } from '../../../shared/web/request-body.ts';
import {
  emptySeenStore,
  fingerprint,
  makeSalt,
  rememberSeen,
  seenIndex,
  type SeenStore,
} from '../../../shared/web/seen-values.ts';

const NOW = Date.parse('2026-11-25T12:00:00+09:00');
const compiled = compilePolicy(SSK_DEFAULT_POLICY, NOW);
const salt = makeSalt(new Uint32Array([0x9e3779b9, 0x7f4a7c15]));
const TAB = 7;
const PASSWORD = 'Tr0ub4dor&3x';
const ORG = 'https://www.ssk.or.jp';
const EVIL = 'https://collect.evil-analytics.example';

let store: SeenStore = emptySeenStore();
store = rememberSeen(store, TAB, '0:pw', fingerprint(PASSWORD, 'password', ORG, salt));
const enc = new TextEncoder();
const raw = (text: string | Uint8Array) => ({ raw: [{ bytes: typeof text === 'string' ? enc.encode(text) : text }] });

function ctx(over: Partial<BackstopContext> = {}): BackstopContext {
  return { compiled, seen: seenIndex(store, TAB, salt), grants: [], now: NOW, ...over };
}
function req(over: Partial<OutgoingRequest>): OutgoingRequest {
  return { url: `${EVIL}/c`, method: 'POST', type: 'xmlhttprequest', tabId: TAB, initiator: ORG, ...over };
}
const judge = (r: Partial<OutgoingRequest>, c: Partial<BackstopContext> = {}) => judgeRequest(ctx(c), req(r));
const rulesOf = (v: { findings: { rule: string }[] }) => v.findings.map((f) => f.rule);

function multipart(parts: { name: string; value?: string; fileName?: string; bytes?: Uint8Array }[]): Uint8Array {
  const b = '----ssk-test-boundary';
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    const head = `--${b}\r\nContent-Disposition: form-data; name="${p.name}"${p.fileName !== undefined ? `; filename="${p.fileName}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`;
    chunks.push(enc.encode(head), p.bytes ?? enc.encode(p.value ?? ''), enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${b}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

describe('a typed password, however it is sent, is cancelled on its way to an unknown organisation', () => {
  it.each<[string, Partial<OutgoingRequest>]>([
    ['fetch JSON under an innocent key', { body: raw(JSON.stringify({ q: PASSWORD })) }],
    ['inside a longer string', { body: raw(JSON.stringify({ q: `user=taro;${PASSWORD};end` })) }],
    ['JSON-escaped', { body: raw('{"q":"Tr0ub4dor\\u00263x"}') }],
    ['base64-wrapped', { body: raw(JSON.stringify({ d: btoa(`x:${PASSWORD}`) })) }],
    [
      'base64url of JSON',
      {
        body: raw(
          `d=${btoa(JSON.stringify({ k: PASSWORD }))
            .replace(/=+$/, '')
            .replace(/\+/g, '-')
            .replace(/\//g, '_')}`,
        ),
      },
    ],
    ['base64 of base64', { body: raw(btoa(btoa(PASSWORD))) }],
    ['percent-encoded, url-encoded form', { body: raw(`a=1&b=${encodeURIComponent(PASSWORD)}`) }],
    ['form data parsed by the browser', { type: 'main_frame', body: { formData: { u: ['taro'], token: [PASSWORD] } } }],
    ['split across two fields', { body: { formData: { a: ['Tr0ub4'], b: ['dor&3x'] } } }],
    ['split across two fields in reverse order', { body: raw(JSON.stringify({ b: 'dor&3x', a: 'Tr0ub4' })) }],
    ['split unevenly in two JSON values', { body: raw(JSON.stringify({ a: 'Tr0ub4d', b: 'or&3x' })) }],
    ['sendBeacon of text', { type: 'ping', body: raw(`v1|${PASSWORD}|`) }],
    [
      'in a multipart part with a file name (a Blob)',
      { body: raw(multipart([{ name: 'f', fileName: 'a.bin', value: PASSWORD }])) },
    ],
    [
      'a GET query of an image',
      { method: 'GET', type: 'image', url: `${EVIL}/p.gif?v=${encodeURIComponent(PASSWORD)}` },
    ],
    [
      'the path of an image URL',
      { method: 'GET', type: 'image', url: `${EVIL}/p/${encodeURIComponent(PASSWORD)}.gif` },
    ],
    [
      'a WebSocket URL',
      { method: 'GET', type: 'websocket', url: `wss://collect.evil-analytics.example/ws?t=${btoa(PASSWORD)}` },
    ],
    ['an EventSource URL', { method: 'GET', type: 'other', url: `${EVIL}/events?k=${encodeURIComponent(PASSWORD)}` }],
    ['from the page’s Service Worker (no tab)', { tabId: -1, initiator: ORG, body: raw(PASSWORD) }],
    ['from another frame of the tab (another origin)', { initiator: 'https://frame.example.org', body: raw(PASSWORD) }],
  ])('%s', (_, r) => {
    const v = judge(r);
    expect(v).toMatchObject({ action: 'cancel', reason: 'forbidden' });
    expect(v.sensitive).toContain('password');
    expect(rulesOf(v)).toContain('unknown-organization');
  });

  it('a known organisation the page is not is also asked for first (cross-site)', () => {
    const v = judge({ url: 'https://www.mhlw.go.jp/api', body: raw(JSON.stringify({ q: PASSWORD })) });
    expect(v.action).toBe('cancel');
    expect(v.findings[0]?.details.reason).toBe('cross-site');
  });
});

describe('a typed My Number or card number, in a URL', () => {
  let s = rememberSeen(emptySeenStore(), TAB, '0:mn', fingerprint('123456789018', 'my-number', ORG, salt));
  s = rememberSeen(s, TAB, '0:cc', fingerprint('4111111111111111', 'payment-card', ORG, salt));
  const seen = seenIndex(s, TAB, salt);
  it.each([
    ['an image URL', { method: 'GET', type: 'image', url: `${EVIL}/p.gif?n=123456789018` }, 'my-number'],
    [
      'an EventSource URL, base64',
      { method: 'GET', type: 'other', url: `${EVIL}/e?d=${btoa('4111111111111111')}` },
      'payment-card',
    ],
  ] as const)('%s → cancel', (_, r, kind) => {
    const v = judge(r, { seen });
    expect(v.action).toBe('cancel');
    expect(v.sensitive).toContain(kind);
  });
  it('the same URL from a tab where nothing was typed passes (a number in a URL is no evidence alone)', () => {
    expect(judge({ method: 'GET', type: 'image', url: `${EVIL}/p.gif?n=123456789018` }, { seen: null }).action).toBe(
      'pass',
    );
  });
});

describe('must pass', () => {
  it('the typed password to the organisation’s own https site, unread', () => {
    expect(judge({ url: `${ORG}/login`, body: raw(JSON.stringify({ password: PASSWORD })) })).toMatchObject({
      action: 'pass',
      reason: 'destination-allowed',
    });
  });
  it('a known organisation’s page posting to itself', () => {
    const v = judge({
      url: 'https://www.mhlw.go.jp/login',
      initiator: 'https://www.mhlw.go.jp',
      body: { formData: { password: ['x'] } },
    });
    expect(v.action).toBe('pass');
  });
  it('an ordinary analytics beacon with nothing typed in it', () => {
    const v = judge({ type: 'ping', body: raw(JSON.stringify({ page: '/news', t: 1764000000000, ua: 'x' })) });
    expect(v).toMatchObject({ action: 'pass', reason: 'not-sensitive' });
  });
  it('an image with a query but nothing typed in it', () => {
    expect(judge({ method: 'GET', type: 'image', url: `${EVIL}/p.gif?id=123456&r=abcdef` }).action).toBe('pass');
  });
  it('a request with nothing leaving, when nothing was typed', () => {
    expect(judge({ method: 'GET', type: 'script', url: `${EVIL}/a.js` }, { seen: null })).toMatchObject({
      action: 'pass',
      reason: 'nothing-leaves',
    });
  });
  it('another tab’s typed password does not make this tab’s traffic sensitive', () => {
    const other = judgeRequest(ctx({ seen: seenIndex(store, 8, salt) }), req({ tabId: 8, body: raw(PASSWORD) }));
    expect(other.action).toBe('pass');
  });
  it('a value shorter than six characters is not kept (it would match ordinary traffic)', () => {
    expect(fingerprint('2024', 'password', ORG, salt)).toBeNull();
  });
  it('a navigation the user typed into the address bar (no initiator)', () => {
    expect(
      judge({ method: 'GET', type: 'main_frame', initiator: undefined, url: `${EVIL}/?q=${PASSWORD}` }).reason,
    ).toBe('user-typed');
  });
  it('the extension’s own requests', () => {
    expect(
      judge({ initiator: 'chrome-extension://hpfoeegggioenfljnobgiipembipbgnl', body: raw(PASSWORD) }).reason,
    ).toBe('own');
  });
  it('non-web schemes', () => {
    expect(judge({ url: 'data:text/plain,' + PASSWORD }).reason).toBe('not-web');
    expect(judge({ url: 'not a url' }).reason).toBe('not-web');
  });
});

describe('pure classification of the body, with nothing typed', () => {
  const plain = (body: OutgoingRequest['body'], url = `${EVIL}/c`) => judge({ body, url }, { seen: null });
  it.each<[string, OutgoingRequest['body'], string]>([
    ['a field named password', { formData: { user_pwd: ['whatever'] } }, 'password'],
    ['a JSON key named password', raw(JSON.stringify({ auth: { newPassword: 'x1' } })), 'password'],
    ['a password key inside base64', raw(`d=${btoa(JSON.stringify({ password: 'abc' }))}`), 'password'],
    ['a My Number with its check digit', raw(JSON.stringify({ id: '1234 5678 9018' })), 'my-number'],
    ['a My Number inside base64', raw(JSON.stringify({ id: btoa('no=123456789018') })), 'my-number'],
    ['a card number (Luhn)', { formData: { c: ['4111-1111-1111-1111'] } }, 'payment-card'],
    ['a 要機密 marker', raw('title=【要機密】名簿'), 'confidential-marker'],
    [
      'a file marked 要機密 in a multipart body',
      raw(multipart([{ name: 'f', fileName: '【要機密】名簿.xlsx', value: 'PK' }])),
      'confidential-marker',
    ],
    ['a file the browser names but does not give', { raw: [{ file: '/home/u/report.pdf' }] }, 'unscanned'],
  ])('%s → cancel', (_, body, kind) => {
    const v = plain(body);
    expect(v.action).toBe('cancel');
    expect(v.sensitive).toContain(kind);
  });
  it.each<[string, OutgoingRequest['body']]>([
    ['a My Number with a wrong check digit', raw(JSON.stringify({ id: '123456789012' }))],
    ['a card number failing Luhn', { formData: { c: ['4111-1111-1111-1112'] } }],
    ['機密性1 is not a marker', raw('title=機密性1 資料')],
    ['秘書 is not a marker', raw('role=秘書課')],
    ['a multipart body with a plain file', raw(multipart([{ name: 'q', value: 'hello' }]))],
  ])('%s → pass', (_, body) => {
    expect(plain(body).action).toBe('pass');
  });
  it('a marked file as Chromium hands a form post over: its bytes left out, its name as character references', () => {
    // Recorded from Chromium 156 (force-installed): a multipart form post with one chosen file.
    const b = '----WebKitFormBoundary3ybtlD8iN1tAqRjH';
    const body = {
      raw: [
        {
          bytes: enc.encode(
            `--${b}\r\nContent-Disposition: form-data; name="t"\r\n\r\nhello\r\n--${b}\r\nContent-Disposition: form-data; name="doc"; filename="&#12304;&#35201;&#27231;&#23494;&#12305;&#21517;&#31807;.txt"\r\nContent-Type: text/plain\r\n\r\n`,
          ),
        },
        { bytes: enc.encode(`\r\n--${b}--\r\n`) },
      ],
    };
    const v = plain(body);
    expect(v.action).toBe('cancel');
    expect(v.sensitive).toEqual(expect.arrayContaining(['file', 'confidential-marker']));
    expect(v.findings[0]?.details.files).toContain('【要機密】名簿.txt');
  });
  it('a body the browser would not give (a Blob) from a tab where something was typed: cancelled as unscanned', () => {
    const v = judge({ type: 'ping', body: { error: 'Unknown error.' } });
    expect(v.action).toBe('cancel');
    expect(v.sensitive).toEqual(['unscanned']);
  });
  it('the same from a tab where nothing sensitive was typed passes (an ordinary beacon Blob)', () => {
    expect(plain({ error: 'Unknown error.' }).action).toBe('pass');
  });
  it('a file goes to the organisation’s own site', () => {
    expect(
      plain(raw(multipart([{ name: 'f', fileName: '【要機密】名簿.xlsx', value: 'PK' }])), `${ORG}/up`).action,
    ).toBe('pass');
  });
});

describe('where the policy forbids outright, no grant helps', () => {
  const grants = (url: string): BackstopGrant[] =>
    issueGrant([], { id: 'g', tabId: TAB, destination: url.split('?')[0]!, method: 'post' }, NOW);
  it('insecure-transport: the organisation’s own host over http', () => {
    const url = 'http://www.ssk.or.jp/login';
    const v = judge({ url, body: raw(JSON.stringify({ q: PASSWORD })) }, { grants: grants(url) });
    expect(v.action).toBe('cancel');
    expect(rulesOf(v)).toEqual(['insecure-transport']);
    expect(v.findings[0]?.clause).toBe('8.1.1(5)(f)(ｱ)');
  });
  it('insecure-transport: from an http page', () => {
    const v = judge({
      url: `${ORG}/login`,
      initiator: 'http://www.ssk.or.jp',
      body: { formData: { password: ['x'] } },
    });
    expect(rulesOf(v)).toContain('insecure-transport');
  });
  it('lookalike-domain', () => {
    const url = 'https://www.ssk-or-jp.com/login';
    const v = judge({ url, body: raw(PASSWORD) }, { grants: grants(url) });
    expect(v.action).toBe('cancel');
    expect(rulesOf(v)).toContain('lookalike-domain');
  });
  it('a marked file to an unknown host is a block even with a grant', () => {
    const url = `${EVIL}/up`;
    const body = raw(multipart([{ name: 'f', fileName: '【要機密】名簿.xlsx', value: 'PK' }]));
    expect(judge({ url, body }, { seen: null, grants: grants(url) }).action).toBe('cancel');
  });
  it('a loopback http destination is no insecure transport (this computer only), but still no known organisation', () => {
    const v = judge({ url: 'http://localhost:8080/x', initiator: 'http://localhost:8080', body: raw(PASSWORD) });
    expect(rulesOf(v)).toEqual(['unknown-organization']);
  });
});

describe('one-time grants: destination + body digest, seconds', () => {
  const url = `${EVIL}/c`;
  const body = raw(JSON.stringify({ q: PASSWORD }));
  const digest = bodyDigest(readRequestBody(body).fields);
  const grant = (over: Partial<BackstopGrant> = {}) =>
    issueGrant([], { id: 'g1', tabId: TAB, destination: url, method: 'post', digest, ...over }, NOW);
  it('the confirmed body to the confirmed destination passes, and names the grant it used', () => {
    expect(judge({ url, body }, { grants: grant() })).toMatchObject({ action: 'pass', reason: 'granted', grant: 'g1' });
  });
  it('a query string does not change the destination', () => {
    expect(judge({ url: url + '?x=1', body }, { grants: grant() }).action).toBe('pass');
  });
  it.each<[string, Partial<BackstopGrant>, Partial<OutgoingRequest>, number?]>([
    ['another body', {}, { body: raw(JSON.stringify({ q: PASSWORD, more: 'exfil' })) }],
    ['another destination', {}, { url: `${EVIL}/other` }],
    ['another method', {}, { method: 'PUT' }],
    ['another tab', {}, { tabId: 9 }],
    ['an expired grant', {}, {}, 10_001],
  ])('%s is cancelled', (_, g, r, later = 0) => {
    expect(judge({ url, body, ...r }, { grants: grant(g), now: NOW + later }).action).toBe('cancel');
  });
  it('a grant without a digest (what no digest can cover: a GET form, another charset) lets one body to that destination pass', () => {
    expect(judge({ url, body }, { grants: grant({ digest: undefined }) }).reason).toBe('granted');
  });
  it('the digest does not depend on the order of fields', () => {
    expect(
      bodyDigest([
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
      ]),
    ).toBe(
      bodyDigest([
        { name: 'b', value: '2' },
        { name: 'a', value: '1' },
      ]),
    );
    expect(bodyDigest([{ name: 'a', value: '1' }])).not.toBe(bodyDigest([{ name: 'a', value: '2' }]));
  });
});

describe('large bodies: bounded work, and what lies past the cap is unscanned (stricter)', () => {
  const MB = 1024 * 1024;
  it('10 MB of ordinary bytes to an unknown host: cancelled as unscanned', () => {
    const v = judge({ body: raw(new Uint8Array(10 * MB).fill(0x61)) });
    expect(v).toMatchObject({ action: 'cancel' });
    expect(v.sensitive).toContain('unscanned');
  });
  it('a typed password 9 MB into the body is not missed: unscanned, cancelled', () => {
    const big = new Uint8Array(10 * MB).fill(0x20);
    big.set(enc.encode(PASSWORD), 9 * MB);
    expect(judge({ body: raw(big) }).action).toBe('cancel');
  });
  it('10 MB multipart with a file to the organisation: passes unread', () => {
    const body = raw(multipart([{ name: 'f', fileName: 'scan.pdf', bytes: new Uint8Array(10 * MB) }]));
    expect(judge({ url: `${ORG}/upload`, body })).toMatchObject({ action: 'pass', reason: 'destination-allowed' });
  });
  it('10 MB multipart with a file to an unknown host: cancelled (a file, and unscanned)', () => {
    const body = raw(multipart([{ name: 'f', fileName: 'scan.pdf', bytes: new Uint8Array(10 * MB) }]));
    const v = judge({ body }, { seen: null });
    expect(v.action).toBe('cancel');
    expect(v.sensitive).toEqual(['unscanned']); // cancelled unread: nothing in it could make it pass
  });
  it('the same, confirmed by the user (a grant for that destination), passes', () => {
    const body = raw(multipart([{ name: 'f', fileName: 'scan.pdf', bytes: new Uint8Array(10 * MB) }]));
    const grants = issueGrant([], { id: 'big', tabId: TAB, destination: `${EVIL}/c`, method: 'post' }, NOW);
    expect(judge({ body }, { seen: null, grants })).toMatchObject({ action: 'pass', reason: 'granted' });
  });
  it('1 MB of JSON with nothing typed in it passes', () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: i, name: `item-${i}`, note: 'ordinary text here' }));
    const text = JSON.stringify(rows).slice(0, 1024 * 1024 - 2);
    const v = judge({ body: raw(text.slice(0, text.lastIndexOf('},') + 1) + ']') });
    expect(v).toMatchObject({ action: 'pass', reason: 'not-sensitive' });
  });
  it('1 MB of JSON with the typed password in its last record is cancelled', () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: i, name: `item-${i}` }));
    rows.push({ id: -1, name: PASSWORD });
    expect(judge({ body: raw(JSON.stringify(rows)) }).action).toBe('cancel');
  });
});

describe('a worker just woken, its typed-value hashes still loading: judged with what it has', () => {
  it('the pure classification still cancels what it recognises', () => {
    const v = judge({ body: { formData: { password: ['x'] } } }, { seen: 'loading' });
    expect(v).toMatchObject({ action: 'cancel', stateLoading: true });
  });
  it('what only the hashes would recognise passes, flagged so the worker can check afterwards', () => {
    const v = judge({ body: raw(JSON.stringify({ q: PASSWORD })) }, { seen: 'loading' });
    expect(v).toMatchObject({ action: 'pass', reason: 'not-sensitive', stateLoading: true });
  });
  it('the organisation’s own site is not even read', () => {
    expect(judge({ url: `${ORG}/api`, body: raw('{}') }, { seen: 'loading' }).reason).toBe('destination-allowed');
  });
});

describe('the notice', () => {
  it('says what it carried and why, in Japanese and English, naming the clause', () => {
    const n = backstopNotice(judge({ body: raw(JSON.stringify({ q: PASSWORD })) }));
    expect(n.clause).toBe('8.1.1(5)(f)(ｲ)');
    const ja = n.lines.map((l) => l.ja).join('\n');
    const en = n.lines.map((l) => l.en).join('\n');
    expect(ja).toContain('パスワード');
    expect(ja).toContain('8.1.1(5)(f)(ｲ)');
    expect(en).toContain('a password');
    expect(en).toContain('8.1.1(5)(f)(ｲ)');
    expect(`${ja}\n${en}`).not.toContain(PASSWORD);
  });
});
