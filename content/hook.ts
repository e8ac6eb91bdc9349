// The main-world hook (issue 4 item 1): fetch, XMLHttpRequest, navigator.sendBeacon and form.submit()
// ask the isolated-world guard before anything leaves; the guard decides (see hook-protocol.ts).
//
// This code shares its world with the page's scripts, which run after it. So it keeps every built-in
// it needs from before the page ran and calls them through the kept Reflect.apply; it builds payloads
// by string concatenation and dictionaries on null-prototype objects (no property a page getter or
// setter on a prototype could see or supply), never awaits (a page may replace Promise.prototype.then),
// and turns each body into what will be sent exactly once, so a body or init whose getters answer
// differently the second time cannot slip through: what is judged is what is sent.
import {
  ACK,
  ANSWER,
  ASK,
  GUARD_HELLO,
  HOOK_HELLO,
  MAX_BODY_BYTES,
  SCAN,
  SHADOW,
  SUBJECT,
  type HookPath,
} from './hook-protocol';

type Fn = (...args: never[]) => unknown;
type Done = (go: boolean) => void;
/** A body read now (`facts`), or one whose bytes can only be read asynchronously. */
type Read =
  { kind: 'now'; facts: string; send: unknown } | { kind: 'blob'; blob: Blob; send: unknown } | { kind: 'stream' };

export function installHook(): void {
  const w = window;
  const apply = Reflect.apply as (fn: Fn | Function, self: unknown, args: ArrayLike<unknown>) => any;
  const describe = Object.getOwnPropertyDescriptor;
  const define = Object.defineProperty;
  const create = Object.create;
  const getter = (proto: object, name: string) => describe(proto, name)!.get!;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const toStr = String;
  const upper = String.prototype.toUpperCase;
  const substring = String.prototype.substring;
  const PromiseC = Promise;
  const then = Promise.prototype.then;
  const TypeErrorC = TypeError;
  const CustomEventC = CustomEvent;
  const MouseEventC = MouseEvent;
  const EventC = Event;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const listen = EventTarget.prototype.addEventListener;
  const unlisten = EventTarget.prototype.removeEventListener;
  const prevented = getter(Event.prototype, 'defaultPrevented');
  const detailOf = getter(CustomEvent.prototype, 'detail');
  const relatedTargetOf = getter(MouseEvent.prototype, 'relatedTarget');
  const RequestC = Request;
  const requestMethod = getter(Request.prototype, 'method');
  const requestUrl = getter(Request.prototype, 'url');
  const requestClone = Request.prototype.clone;
  const requestBlob = Request.prototype.blob;
  const setTimer = setTimeout;
  const typedByteLength = getter(Object.getPrototypeOf(Uint8Array.prototype) as object, 'byteLength');
  const viewByteLength = getter(DataView.prototype, 'byteLength');
  const bufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const TextDecoderC = TextDecoder;
  const decode = TextDecoder.prototype.decode;
  const searchParamsText = URLSearchParams.prototype.toString;
  const formDataEntries = FormData.prototype.entries;
  const formDataNext = (Object.getPrototypeOf(new FormData().entries()) as { next: Fn }).next;
  const blobSize = getter(Blob.prototype, 'size');
  const blobType = getter(Blob.prototype, 'type');
  const blobSlice = Blob.prototype.slice;
  const blobText = Blob.prototype.text;
  const fileName = getter(File.prototype, 'name');
  const nodeType = getter(Node.prototype, 'nodeType');
  const baseURI = getter(Node.prototype, 'baseURI');
  const URLC = URL;
  const urlHref = getter(URL.prototype, 'href');
  const formAction = getter(HTMLFormElement.prototype, 'action');
  const getRootNode = Node.prototype.getRootNode;
  const isConnected = getter(Node.prototype, 'isConnected');
  const WeakMapC = WeakMap;
  const mapGet = WeakMap.prototype.get;
  const mapSet = WeakMap.prototype.set;
  const doc = document;
  const noop = () => undefined;
  const OPAQUE = '{"opaque":true}';

  /** A dictionary for a constructor: with no prototype, no page-defined default can slip into it. */
  function dict(entries: [string, unknown][]): Record<string, unknown> {
    const d = create(null) as Record<string, unknown>;
    for (let i = 0; i < entries.length; i++) d[entries[i]![0]] = entries[i]![1];
    return d;
  }
  const customEvent = (type: string, detail: unknown, cancelable: boolean) =>
    new CustomEventC(
      type,
      dict([
        ['bubbles', false],
        ['cancelable', cancelable],
        ['composed', false],
        ['detail', detail],
      ]),
    );

  // ---- the channel: a detached element handed over by the guard before any page script ran
  let node: EventTarget | null = null;
  let seq = 0;
  const waiting = create(null) as Record<number, Done>;

  const onAnswer = (e: Event) => {
    let answer: { t: number; go: boolean };
    try {
      answer = parse(apply(detailOf, e, []));
    } catch {
      return;
    }
    const done = waiting[answer.t];
    if (!done) return;
    delete waiting[answer.t];
    done(answer.go === true);
  };
  const onGuardHello = (e: Event) => {
    if (node) return;
    let target: EventTarget | null = null;
    try {
      target = apply(relatedTargetOf, e, []);
    } catch {
      return;
    }
    if (!target) return;
    node = target;
    apply(unlisten, w, [GUARD_HELLO, onGuardHello, true]);
    apply(listen, node, [ANSWER, onAnswer]);
    apply(dispatch, node, [customEvent(ACK, null, false)]);
  };
  apply(listen, w, [GUARD_HELLO, onGuardHello, true]);
  apply(dispatch, w, [customEvent(HOOK_HELLO, null, false)]);

  /** True: go now. False: held, `later` gets the guard's answer. No guard in this frame: nothing can judge. */
  function ask(path: HookPath, fields: string, subject: Element | null, later: Done): boolean {
    if (!node) return true;
    const t = ++seq;
    if (subject) {
      // Outside the document's own tree the form is handed over where it stands (see SHADOW in hook-protocol.ts).
      if (apply(getRootNode, subject, []) !== doc)
        apply(dispatch, subject, [
          new MouseEventC(
            SUBJECT,
            dict([
              ['bubbles', false],
              ['composed', false],
            ]),
          ),
        ]);
      else apply(dispatch, node, [new MouseEventC(SUBJECT, dict([['relatedTarget', subject]]))]);
    }
    const ev = customEvent(ASK, '{"t":' + t + ',"path":"' + path + '"' + fields + '}', true);
    apply(dispatch, node, [ev]);
    if (!apply(prevented, ev, [])) return true;
    waiting[t] = later;
    return false;
  }

  const target = (url: string, method: string, body: string) =>
    ',"url":' + stringify(url) + ',"method":' + stringify(method) + ',"body":' + body;
  /** `blob`: read from a Blob or a Request's stream, whose bytes the browser may not show webRequest. */
  const textBody = (contentType: string, text: string, truncated: boolean, blob = false) =>
    '{"contentType":' +
    stringify(contentType) +
    ',"text":' +
    stringify(text) +
    (truncated ? ',"truncated":true' : '') +
    (blob ? ',"blob":true}' : '}');

  function absolute(url: string): string | null {
    try {
      return apply(urlHref, new URLC(url, apply(baseURI, doc, [])), []);
    } catch {
      return null;
    }
  }

  function entriesBody(formData: unknown): string {
    const it = apply(formDataEntries, formData, []); // throws unless a real FormData
    let out = '';
    for (let n = 0; n < 2_000; n++) {
      const r = apply(formDataNext, it, []);
      if (r.done) break;
      const name = stringify(toStr(r.value[0]));
      const v = r.value[1];
      let item: string;
      if (typeof v === 'string') item = '{"name":' + name + ',"value":' + stringify(v) + '}';
      else {
        let file = '';
        try {
          file = apply(fileName, v, []);
        } catch {
          // a Blob without a name
        }
        item = '{"name":' + name + ',"value":"","fileName":' + stringify(file) + '}';
      }
      out += (n ? ',' : '') + item;
    }
    return '{"entries":[' + out + ']}';
  }

  const sizes = [typedByteLength, viewByteLength, bufferByteLength];
  function bufferSize(body: unknown): number | null {
    for (let i = 0; i < 3; i++) {
      try {
        return apply(sizes[i]!, body, []);
      } catch {
        // not this kind of buffer
      }
    }
    return null;
  }

  /** A body as given by the page, read now where it can be; `send` is what goes to the browser. */
  function readNow(body: unknown, streams: boolean): Read {
    if (body === null || body === undefined) return { kind: 'now', facts: 'null', send: body };
    if (typeof body === 'string') {
      const cut = body.length > MAX_BODY_BYTES;
      const text: string = cut ? apply(substring, body, [0, MAX_BODY_BYTES]) : body;
      return { kind: 'now', facts: textBody('', text, cut), send: body };
    }
    try {
      const text: string = apply(searchParamsText, body, []);
      return { kind: 'now', facts: textBody('application/x-www-form-urlencoded', text, false), send: body };
    } catch {
      // not URLSearchParams
    }
    try {
      return { kind: 'now', facts: entriesBody(body), send: body };
    } catch {
      // not FormData
    }
    try {
      apply(blobSize, body, []);
      try {
        const name = stringify(apply(fileName, body, []));
        return { kind: 'now', facts: '{"entries":[{"name":"","value":"","fileName":' + name + '}]}', send: body };
      } catch {
        return { kind: 'blob', blob: body as Blob, send: body };
      }
    } catch {
      // not a Blob
    }
    const size = bufferSize(body);
    if (size !== null)
      return size > MAX_BODY_BYTES
        ? { kind: 'now', facts: '{"truncated":true}', send: body }
        : { kind: 'now', facts: textBody('', apply(decode, new TextDecoderC(), [body]), false), send: body };
    try {
      if (apply(nodeType, body, []) === 9) return { kind: 'now', facts: OPAQUE, send: body }; // a Document (XHR)
    } catch {
      // not a Node
    }
    // Anything else is made a string, once, as the browser would; a ReadableStream is read from the request.
    const text = toStr(body);
    return streams && text === '[object ReadableStream]' ? { kind: 'stream' } : readNow(text, false);
  }

  /** The first MAX_BODY_BYTES of a Blob, as text; callbacks only (see the top of the file). */
  function readBlob(blob: Blob, done: (facts: string) => void): void {
    let size = 0;
    let type = '';
    let part: Blob;
    try {
      size = apply(blobSize, blob, []);
      type = apply(blobType, blob, []);
      part = apply(blobSlice, blob, [0, MAX_BODY_BYTES]);
    } catch {
      return done(OPAQUE);
    }
    apply(then, apply(blobText, part, []), [
      (text: string) => done(textBody(type, text, size > MAX_BODY_BYTES, true)),
      () => done(OPAQUE),
    ]);
  }

  /**
   * A Request's body through a clone, as a Blob (which the browser need not copy), first MAX_BODY_BYTES
   * as text. A streamed body that has not ended within STREAM_WAIT_MS is judged as unscanned.
   */
  const STREAM_WAIT_MS = 1_000;
  function readRequest(request: Request, done: (facts: string) => void): void {
    let once = false;
    const finish = (facts: string) => {
      if (once) return;
      once = true;
      done(facts);
    };
    let pending: Promise<Blob>;
    try {
      pending = apply(requestBlob, apply(requestClone, request, []), []);
    } catch {
      return finish(OPAQUE);
    }
    apply(setTimer, w, [() => finish('{"truncated":true}'), STREAM_WAIT_MS]);
    apply(then, pending, [
      (blob: Blob) => (apply(blobSize, blob, []) === 0 ? finish('null') : readBlob(blob, finish)),
      () => finish(OPAQUE),
    ]);
  }

  // ---- fetch
  const nativeFetch = w.fetch;
  const stopped = () => new TypeErrorC('Failed to fetch: stopped by ssk-guard');
  function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (!node || (init === undefined && typeof input === 'string')) return apply(nativeFetch, this, arguments);
    const fail = (e: unknown) => new PromiseC<Response>((_, reject) => reject(e));
    let request: Request;
    let own: unknown;
    // Any error here ends the call, as the native one would: never a second, unjudged reading of init.
    try {
      request = new RequestC(input, init);
      if (init !== null && typeof init === 'object') own = (init as { body?: unknown }).body;
    } catch (e) {
      return fail(e);
    }
    const method: string = apply(requestMethod, request, []);
    if (method === 'GET' || method === 'HEAD') return apply(nativeFetch, this, [request]);
    const self = this;
    const url: string = apply(requestUrl, request, []);
    const read: Read = own === undefined || own === null ? { kind: 'stream' } : readNow(own, true);
    let final = request;
    if (read.kind !== 'stream') {
      try {
        final = new RequestC(request, dict([['body', read.send]])); // the body judged is the body sent
      } catch {
        return fail(stopped());
      }
    }
    const send = () => apply(nativeFetch, self, [final]);
    if (read.kind === 'now') {
      // Answered at once when it may go: a keepalive post at page unload still leaves.
      let resolve: (v: unknown) => void = noop;
      let reject: (e: unknown) => void = noop;
      const held = new PromiseC<Response>((a, b) => {
        resolve = a as (v: unknown) => void;
        reject = b;
      });
      const later = (go: boolean) => (go ? resolve(send()) : reject(stopped()));
      return ask('fetch', target(url, method, read.facts), null, later) ? send() : held;
    }
    return new PromiseC((resolve, reject) => {
      const decide = (facts: string) => {
        const later = (go: boolean) => (go ? resolve(send()) : reject(stopped()));
        if (ask('fetch', target(url, method, facts), null, later)) later(true);
      };
      if (read.kind === 'blob') readBlob(read.blob, decide);
      else readRequest(final, decide);
    });
  }

  // ---- XMLHttpRequest
  const xhrProto = XMLHttpRequest.prototype;
  const nativeOpen = xhrProto.open;
  const nativeSend = xhrProto.send;
  const nativeAbort = xhrProto.abort;
  const opened = new WeakMapC<object, { method: string; url: string | null; sync: boolean }>();
  function open(this: XMLHttpRequest, method: unknown, url: unknown): void {
    const m = toStr(method);
    const u = typeof url === 'string' ? url : toStr(url);
    const args = arguments.length > 2 ? [m, u, arguments[2], arguments[3], arguments[4]] : [m, u];
    apply(nativeOpen, this, args);
    const sync = arguments.length > 2 && !arguments[2];
    apply(mapSet, opened, [this, { method: apply(upper, m, []), url: absolute(u), sync }]);
  }
  function send(this: XMLHttpRequest, body?: unknown): void {
    const known = apply(mapGet, opened, [this]) as { method: string; url: string | null; sync: boolean } | undefined;
    if (!node) return apply(nativeSend, this, arguments);
    // Opened where this hook did not see it (another frame's XMLHttpRequest.prototype.open on this object):
    // where it goes is unknown, which is judged as strictly as an unknown destination. Nothing in the body, nothing to judge.
    if (!known && (body === null || body === undefined)) return apply(nativeSend, this, arguments);
    const o = known ?? { method: 'POST', url: null, sync: false };
    if (known && (!o.url || o.method === 'GET' || o.method === 'HEAD')) return apply(nativeSend, this, arguments);
    const read = readNow(body, false);
    if (read.kind === 'stream') return; // not reached: XHR bodies are never streams
    const xhr = this;
    const fail = () => {
      apply(nativeAbort, xhr, []);
      apply(dispatch, xhr, [new EventC('error')]);
      apply(dispatch, xhr, [new EventC('loadend')]);
    };
    const later = (go: boolean) => (go ? apply(nativeSend, xhr, [read.send]) : fail());
    const fields = (facts: string) =>
      (o.url === null ? ',"method":"POST","body":' + facts + ',"unknownState":true' : target(o.url, o.method, facts)) +
      (o.sync ? ',"sync":true' : '');
    if (read.kind === 'blob') {
      // A synchronous request cannot wait for its body to be read: it fails, as a network error would.
      if (o.sync) throw new DOMException('Stopped by ssk-guard', 'NetworkError');
      return readBlob(read.blob, (facts) => {
        if (ask('xhr', fields(facts), null, later)) later(true);
      });
    }
    if (ask('xhr', fields(read.facts), null, o.sync ? noop : later)) return apply(nativeSend, this, [read.send]);
    if (o.sync) throw new DOMException('Stopped by ssk-guard', 'NetworkError');
  }

  // ---- navigator.sendBeacon: held beacons are "queued" for the page and sent once if allowed
  const nativeBeacon = Navigator.prototype.sendBeacon;
  function sendBeacon(this: Navigator, url: unknown, data?: unknown): boolean {
    if (!node) return apply(nativeBeacon, this, arguments);
    const u = typeof url === 'string' ? url : toStr(url);
    const abs = absolute(u);
    if (abs === null) return apply(nativeBeacon, this, [u, data]);
    const read = readNow(data, false);
    if (read.kind === 'stream') return false;
    const nav = this;
    const later = (go: boolean) => {
      if (go) apply(nativeBeacon, nav, [u, read.send]);
    };
    if (read.kind === 'blob') {
      readBlob(read.blob, (facts) => {
        if (ask('beacon', target(abs, 'POST', facts), null, later)) later(true);
      });
      return true;
    }
    if (ask('beacon', target(abs, 'POST', read.facts), null, later)) return apply(nativeBeacon, this, [u, read.send]);
    return true;
  }

  // ---- shadow roots: the guard is told of each, open or closed, before the page can use it. A submit
  // event does not leave its shadow tree, so the guard listens in each tree; the host of a nested tree is
  // handed over inside the tree that holds it (a reference from outside would be retargeted to the outer host).
  const shadowHost = getter(ShadowRoot.prototype, 'host');
  function announceHosts(innermost: Element | null): void {
    if (!node) return;
    const hosts: Element[] = [];
    let el = innermost;
    for (let i = 0; el && i < 32; i++) {
      hosts.push(el);
      const root = apply(getRootNode, el, []);
      if (root === doc) break;
      try {
        el = apply(shadowHost, root, []);
      } catch {
        return; // a detached tree, or another document's: nothing of ours to watch there
      }
    }
    for (let i = hosts.length - 1; i >= 0; i--) {
      const host = hosts[i]!;
      if (i === hosts.length - 1) apply(dispatch, node, [new MouseEventC(SHADOW, dict([['relatedTarget', host]]))]);
      else
        apply(dispatch, host, [
          new MouseEventC(
            SHADOW,
            dict([
              ['bubbles', false],
              ['composed', false],
            ]),
          ),
        ]);
    }
  }
  /** The hosts around a form in shadow trees (declarative ones included, which no attachShadow announced). */
  function announceTreesOf(form: Element): void {
    const root = apply(getRootNode, form, []);
    if (root === doc) return;
    try {
      announceHosts(apply(shadowHost, root, []));
    } catch {
      // not in a shadow tree
    }
  }

  // ---- form.submit(), which fires no submit event: when held, the guard submits the form itself
  const nativeSubmit = HTMLFormElement.prototype.submit;
  function submit(this: HTMLFormElement): void {
    if (!node) return apply(nativeSubmit, this, []);
    try {
      apply(formAction, this, []);
    } catch {
      return apply(nativeSubmit, this, []); // not a form: the native call throws as it always did
    }
    announceTreesOf(this);
    const connected = apply(isConnected, this, []) ? ',"connected":true' : '';
    if (ask('form.submit', connected, this, noop)) apply(nativeSubmit, this, []);
  }

  // ---- requestSubmit() fires a submit event, which the guard judges; in a shadow tree it must listen there first
  const nativeRequestSubmit = HTMLFormElement.prototype.requestSubmit;
  function requestSubmit(this: HTMLFormElement): void {
    try {
      apply(formAction, this, []);
      announceTreesOf(this);
    } catch {
      // not a form: the native call throws as it always did
    }
    return apply(nativeRequestSubmit, this, arguments);
  }

  const nativeAttachShadow = Element.prototype.attachShadow;
  function attachShadow(this: Element): ShadowRoot {
    const root = apply(nativeAttachShadow, this, arguments);
    announceHosts(this);
    return root;
  }

  // ---- setHTMLUnsafe() builds declarative shadow trees (closed ones too) that no attachShadow announced, and
  // the page may submit a form in one in the same task, through another realm's requestSubmit, before any
  // observer's microtask: the guard looks through what the call built before it returns (SCAN).
  function scan(el: Element | ShadowRoot): void {
    if (!node) return;
    const root = apply(getRootNode, el, []);
    let host: Element | null = null;
    try {
      host = apply(shadowHost, root, []);
    } catch {
      // the document, or a tree in no document: no shadow root around it
    }
    if (!host) return void apply(dispatch, node, [new MouseEventC(SCAN, dict([['relatedTarget', el]]))]);
    announceHosts(host);
    apply(dispatch, el, [
      new MouseEventC(
        SCAN,
        dict([
          ['bubbles', false],
          ['composed', false],
        ]),
      ),
    ]);
  }
  const nativeSetHTML = describe(Element.prototype, 'setHTMLUnsafe')?.value as Fn | undefined;
  function setHTMLUnsafe(this: Element): unknown {
    const r = apply(nativeSetHTML!, this, arguments);
    scan(this);
    return r;
  }
  const nativeRootSetHTML = describe(ShadowRoot.prototype, 'setHTMLUnsafe')?.value as Fn | undefined;
  function rootSetHTMLUnsafe(this: ShadowRoot): unknown {
    const r = apply(nativeRootSetHTML!, this, arguments);
    scan(this);
    return r;
  }

  const replace = (owner: object, name: string, value: Function) => {
    const d = describe(owner, name);
    if (d && 'value' in d)
      define(owner, name, { configurable: d.configurable, enumerable: d.enumerable, writable: d.writable, value });
  };
  replace(w, 'fetch', fetch);
  replace(xhrProto, 'open', open);
  replace(xhrProto, 'send', send);
  replace(Navigator.prototype, 'sendBeacon', sendBeacon);
  replace(HTMLFormElement.prototype, 'submit', submit);
  replace(HTMLFormElement.prototype, 'requestSubmit', requestSubmit);
  replace(Element.prototype, 'attachShadow', attachShadow);
  if (nativeSetHTML) replace(Element.prototype, 'setHTMLUnsafe', setHTMLUnsafe);
  if (nativeRootSetHTML) replace(ShadowRoot.prototype, 'setHTMLUnsafe', rootSetHTMLUnsafe);
}
