// The backstop's cost per request (issue 11), in the pure verdict as the service worker runs it, against
// baselines measured in the same run: a bare `new URL()` of the request's URL for small requests, and a
// TextDecoder pass over the whole body for large ones (the least any reader of the body must do).
import { compilePolicy } from '../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../shared/policy/default.ts';
import { judgeRequest, type BackstopContext, type OutgoingRequest } from '../shared/web/backstop.ts';
import { issueGrant, textDigest } from '../shared/web/backstop-grant.ts';
import { formGrantBody } from '../shared/web/grant-digest.ts';
import { emptySeenStore, fingerprint, makeSalt, rememberSeen, seenIndex } from '../shared/web/seen-values.ts';
import { line, medianMs } from './measure.ts';

const compiled = compilePolicy(SSK_DEFAULT_POLICY);
const salt = makeSalt(new Uint32Array([0x1234567, 0x7654321]));
const store = rememberSeen(emptySeenStore(), 1, '0:pw', fingerprint('correct horse 42', 'password', '', salt));
const ctx: BackstopContext = { compiled, seen: seenIndex(store, 1, salt), grants: [], now: Date.now() };
const enc = new TextEncoder();
const dec = new TextDecoder();
let sink = 0;

const request = (over: Partial<OutgoingRequest>): OutgoingRequest => ({
  url: 'https://forms.example.net/submit',
  method: 'POST',
  type: 'main_frame',
  tabId: 1,
  initiator: 'https://www.example.org',
  ...over,
});

function perRequest(
  name: string,
  req: OutgoingRequest,
  n: number,
  baseline: () => void,
  baselineName: string,
  c: BackstopContext = ctx,
) {
  const verdict = judgeRequest(c, req);
  const cost = medianMs(9, () => {
    for (let i = 0; i < n; i++) sink += judgeRequest(c, req).action.length;
  });
  const base = medianMs(9, () => {
    for (let i = 0; i < n; i++) baseline();
  });
  const us = (cost / n) * 1000;
  console.log(
    `${name}: ${us.toFixed(2)} µs per request (${verdict.action}, ${verdict.reason}); ${baselineName}: ${((base / n) * 1000).toFixed(2)} µs`,
  );
  const ratio = cost / base;
  if (ratio >= 0.001) line(`backstop: ${name} / ${baselineName}`, ratio, 'information');
  else console.log(`${`backstop: ${name} / ${baselineName}`.padEnd(58)} ${ratio.toExponential(2)}  (bar information)`);
}

// 1. a typical form post (a sign-in form, parsed by the browser) to an unknown organisation
{
  const req = request({
    body: { formData: { user: ['taro.yamada'], password: ['correct horse 42'], remember: ['on'], op: ['login'] } },
  });
  perRequest('typical form post, unknown host', req, 20_000, () => (sink += new URL(req.url).host.length), 'new URL()');
  const own = request({ url: 'https://www.ssk.or.jp/session', initiator: 'https://www.ssk.or.jp', body: req.body });
  perRequest(
    'typical form post, own https site',
    own,
    20_000,
    () => (sink += new URL(own.url).host.length),
    'new URL()',
  );
  const img = request({ url: 'https://cdn.example.net/a/b/c.png', method: 'GET', type: 'image', body: undefined });
  perRequest('image GET, no query', img, 50_000, () => (sink += new URL(img.url).host.length), 'new URL()');
  const beacon = request({
    url: 'https://collect.example.net/g?v=2&tid=G-XYZ&cid=1234.5678&en=page_view&dl=https%3A%2F%2Fwww.example.org%2F',
    method: 'GET',
    type: 'ping',
    body: undefined,
  });
  perRequest(
    'analytics GET with a query',
    beacon,
    20_000,
    () => (sink += new URL(beacon.url).host.length),
    'new URL()',
  );
}

// 2. 1 MB of JSON by fetch, nothing typed in it
{
  const rows = Array.from({ length: 14_000 }, (_, i) => ({
    id: i,
    name: `item-${i}`,
    note: 'ordinary text, nothing typed',
  }));
  const bytes = enc.encode(JSON.stringify(rows).slice(0, 1 << 20));
  const req = request({ type: 'xmlhttprequest', body: { raw: [{ bytes: bytes.buffer }] } });
  perRequest('1 MB JSON, unknown host', req, 5, () => (sink += dec.decode(bytes).length), 'TextDecoder of the body');
}

// 3. 10 MB multipart with a file
{
  const head = enc.encode(
    '--b0undary\r\nContent-Disposition: form-data; name="title"\r\n\r\nreport\r\n--b0undary\r\nContent-Disposition: form-data; name="f"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n',
  );
  const file = new Uint8Array(10 << 20);
  for (let i = 0; i < file.length; i++) file[i] = (i * 2654435761) >>> 24;
  const tail = enc.encode('\r\n--b0undary--\r\n');
  const req = request({ body: { raw: [{ bytes: head }, { bytes: file }, { bytes: tail }] } });
  const whole = () => (sink += dec.decode(file).length);
  perRequest('10 MB multipart, unknown host', req, 3, whole, 'TextDecoder of the body');
  const own = request({ url: 'https://www.ssk.or.jp/upload', initiator: 'https://www.ssk.or.jp', body: req.body });
  perRequest('10 MB multipart, own https site', own, 3, whole, 'TextDecoder of the body');
}
// 4. a sign-in form the user confirmed: the backstop reads its body's digest to match the one-time grant, and the
// guard computed that digest before it let the form go (shared/web/grant-digest.ts)
{
  const fields = [
    { name: 'user', value: 'taro.yamada', type: 'text' },
    { name: 'password', value: 'correct horse 42', type: 'password' },
    { name: 'remember', value: 'on', type: 'checkbox' },
    { name: 'op', value: 'login' },
  ];
  const form = { method: 'post', enctype: 'application/x-www-form-urlencoded', charset: 'UTF-8', extras: false };
  const req = request({
    body: { formData: { user: ['taro.yamada'], password: ['correct horse 42'], remember: ['on'], op: ['login'] } },
  });
  const { text } = formGrantBody(fields, form);
  const digest = text === undefined ? undefined : textDigest(text);
  const grants = issueGrant(
    [],
    {
      id: 'g',
      tabId: 1,
      destination: 'https://forms.example.net/submit',
      method: 'post',
      ...(digest ? { digest } : {}),
    },
    ctx.now,
  );
  const url = () => (sink += new URL(req.url).host.length);
  perRequest('confirmed form post, digest grant', req, 20_000, url, 'new URL()', { ...ctx, grants });
  const n = 20_000;
  const cost = medianMs(9, () => {
    for (let i = 0; i < n; i++) sink += formGrantBody(fields, form).text!.length;
  });
  const base = medianMs(9, () => {
    for (let i = 0; i < n; i++) url();
  });
  // The guard then hashes that text with the browser's WebCrypto (content/digest.ts), asynchronously.
  console.log(`the guard's digest text of that form: ${((cost / n) * 1000).toFixed(2)} µs per submission`);
  line('backstop: guard-side form digest text / new URL()', cost / base, 'information');
}
if (sink === 42) console.log('');
