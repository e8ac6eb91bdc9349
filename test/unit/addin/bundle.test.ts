// The BUILT handler bundle in a bare node:vm context — no window, document, localStorage, URL,
// TextDecoder or fetch, and without the built-ins newer than ES2016 — with the fake Office: the
// handlers are called through what the bundle registered with Office.actions.associate.
// The bundle is also parsed as ES2016 (acorn), so newer syntax fails the build.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { parse } from 'acorn';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAddin } from './build.ts';
import { LAUNCH_EVENTS } from '../../../addin/manifest-source.ts';
import type { FakeMessage, FakeOffice, FakeOfficeOptions } from './fake-office.ts';
import { base64Fixture } from './setup.ts';

let dir = '';
let launch = '';
let taskpane = '';
let fakeLibrary = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ssk-addin-test-'));
  await buildAddin({ outDir: dir, writeRepoManifests: false });
  launch = readFileSync(join(dir, 'launch.js'), 'utf8');
  taskpane = readFileSync(join(dir, 'taskpane.js'), 'utf8');
  const fake = await build({
    entryPoints: [new URL('./fake-office.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    globalName: 'FakeOfficeLibrary',
    target: 'es2016',
    write: false,
  });
  fakeLibrary = fake.outputFiles[0]!.text;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What an ES2016 engine lacks: take it away, so the bundle's own fallbacks must serve.
const NEWER_BUILTINS = [
  'Object.entries',
  'Object.values',
  'Object.fromEntries',
  'Object.getOwnPropertyDescriptors',
  'Array.prototype.flat',
  'Array.prototype.flatMap',
  'String.prototype.padStart',
  'String.prototype.padEnd',
  'String.prototype.trimStart',
  'String.prototype.trimEnd',
  'Promise.prototype.finally',
];

interface Runtime {
  context: vm.Context;
  fake: FakeOffice;
  call(handler: string): Promise<unknown>;
}

function loadBundle(options: FakeOfficeOptions, { stripNewer = true } = {}): Runtime {
  const context = vm.createContext({});
  if (stripNewer) vm.runInContext(NEWER_BUILTINS.map((b) => `delete ${b};`).join('\n'), context);
  vm.runInContext(fakeLibrary, context);
  context.options = options;
  vm.runInContext(
    'var fake = FakeOfficeLibrary.createFakeOffice(options); var Office = fake.Office; var OfficeRuntime = fake.OfficeRuntime;',
    context,
  );
  vm.runInContext(launch, context, { filename: 'launch.js' });
  const fake = context.fake as FakeOffice;
  return {
    context,
    fake,
    call(handler) {
      const { event, done } = fake.event();
      const fn = fake.log.handlers[handler];
      if (!fn) throw new Error(`${handler} was not registered`);
      fn(event);
      return done;
    },
  };
}

const msg = (over: Partial<FakeMessage> = {}): FakeMessage => ({
  from: 'taro@ssk.or.jp',
  to: [{ emailAddress: 'hanako@ssk.or.jp' }],
  subject: '連絡',
  attachments: [],
  ...over,
});

describe('the built handler bundle', () => {
  it('parses as an ES2016 classic script (no modules, nothing newer)', () => {
    expect(() => parse(launch, { ecmaVersion: 2016, sourceType: 'script' })).not.toThrow();
    expect(() => parse(taskpane, { ecmaVersion: 2016, sourceType: 'script' })).not.toThrow();
    // The check itself bites: newer syntax is refused.
    expect(() => parse('const f = async () => a ?? b;', { ecmaVersion: 2016 })).toThrow();
  });

  it('touches no DOM, window or localStorage', () => {
    expect(launch).not.toMatch(/\blocalStorage\b|\bdocument\.|\bwindow\./);
  });

  it('runs where the JavaScript-only runtime stands: the bare context has none of them', () => {
    const { context } = loadBundle({ message: msg() });
    expect(vm.runInContext('[typeof window, typeof document, typeof localStorage, typeof fetch].join()', context)).toBe(
      'undefined,undefined,undefined,undefined',
    );
    // The fallbacks the bundle installed for itself.
    expect(vm.runInContext('typeof URL + typeof TextDecoder + typeof Object.entries', context)).toBe(
      'functionfunctionfunction',
    );
  });

  it('registers every manifest handler with Office.actions.associate', () => {
    const { fake } = loadBundle({ message: msg() });
    expect(Object.keys(fake.log.handlers).sort()).toEqual(LAUNCH_EVENTS.map((e) => e.handler).sort());
  });

  it('lets an internal message go', async () => {
    const rt = loadBundle({
      message: msg({ attachments: [{ id: 'a', name: 'a.pdf', content: base64Fixture('plain.pdf') }] }),
    });
    expect(await rt.call('onMessageSend')).toEqual({ allowEvent: true });
  });

  it('blocks an executable found by its bytes, with the URL and TextDecoder fallbacks in use', async () => {
    const rt = loadBundle({
      message: msg({ attachments: [{ id: 'a', name: '資料.zip', content: base64Fixture('nested-exe.zip') }] }),
    });
    const c = (await rt.call('onMessageSend')) as { allowEvent: boolean; errorMessage: string };
    expect(c.allowEvent).toBe(false);
    expect(c.errorMessage).toContain('資料.zip');
  });

  it('relaxes an outside recipient to PromptUser and points to the task pane', async () => {
    const rt = loadBundle({ message: msg({ to: [{ emailAddress: 'a@ｇｍａｉｌ.com' }] }) });
    expect(await rt.call('onMessageSend')).toMatchObject({
      allowEvent: false,
      sendModeOverride: 'promptUser',
      commandId: 'sskGuardTaskPane',
    });
  });

  it('blocks a From outside the organisation and a 要機密 file going out unencrypted', async () => {
    const rt = loadBundle({
      message: msg({
        from: 'me@gmail.com',
        to: [{ emailAddress: 'a@partner.example' }],
        attachments: [{ id: 'z', name: '【要機密】名簿.zip', content: base64Fixture('plain.zip') }],
      }),
    });
    const c = (await rt.call('onMessageSend')) as { errorMessage: string; sendModeOverride?: string };
    expect(c.sendModeOverride).toBeUndefined();
    expect(c.errorMessage).toContain('gmail.com');
  });

  it('judges the body with the fallbacks: a shortener behind Safe Links, a My Number going outside', async () => {
    const wrapped = `https://apc01.safelinks.protection.outlook.com/?url=${encodeURIComponent('https://bit.ly/x')}&amp;data=1`;
    const rt = loadBundle({ message: msg({ html: `<p><a href="${wrapped}">資料</a></p>` }) });
    const c = (await rt.call('onMessageSend')) as { allowEvent: boolean; errorMessage: string };
    expect(c.allowEvent).toBe(false);
    expect(c.errorMessage).toContain('bit.ly');
    const out = loadBundle({
      message: msg({ to: [{ emailAddress: 'a@partner.example' }], text: '個人番号 123456789018' }),
    });
    expect(((await out.call('onMessageSend')) as { errorMessage: string }).errorMessage).toContain('マイナンバー');
  });

  it('answers a meeting invite through OnAppointmentSend', async () => {
    const rt = loadBundle({
      message: msg({
        appointment: true,
        to: [{ emailAddress: 'a@partner.example' }],
        cc: [{ emailAddress: 'b@gmail.com' }],
      }),
    });
    expect(await rt.call('onNewAppointmentOrganizer')).toBeNull();
    expect(await rt.call('onAppointmentSend')).toMatchObject({
      allowEvent: false,
      sendModeOverride: 'promptUser',
      commandId: 'sskGuardTaskPaneMeeting',
    });
  });

  it('prepares on change events (sessionData), then answers the send from it', async () => {
    const rt = loadBundle({
      message: msg({ attachments: [{ id: 'a', name: 'x.bin', content: base64Fixture('tool.exe') }] }),
    });
    expect(await rt.call('onNewMessageCompose')).toBeNull();
    expect(await rt.call('onMessageAttachmentsChanged')).toBeNull();
    expect(await rt.call('onMessageRecipientsChanged')).toBeNull();
    expect(await rt.call('onMessageFromChanged')).toBeNull();
    expect(rt.fake.log.contentReads).toEqual(['a']);
    expect((await rt.call('onMessageSend')) as object).toMatchObject({ allowEvent: false });
    expect(rt.fake.log.contentReads).toEqual(['a']);
  });

  describe('audit events, with only what the JavaScript-only runtime has (no crypto, timers or AbortController)', () => {
    const endpoint = 'https://collector.example.jp/events';
    const policyDoc = JSON.stringify({ version: 'v-audit', audit: { endpoint } });
    const settle = async (until: () => boolean) => {
      for (let i = 0; i < 200 && !until(); i++) await new Promise((r) => setImmediate(r));
    };
    const queueOf = (rt: Runtime) =>
      JSON.parse(rt.fake.log.storage['sskGuard.auditQueue'] ?? '{"events":[]}') as { events: { id: string }[] };

    it('queues the warning after answering and posts it in the ssk-guard-v1 envelope', async () => {
      const rt = loadBundle({ message: msg({ to: [{ emailAddress: 'a@gmail.com' }] }) });
      expect(vm.runInContext('typeof crypto + typeof setTimeout + typeof AbortController', rt.context)).toBe(
        'undefinedundefinedundefined',
      );
      rt.fake.log.storage['sskGuard.policyLastKnownGood'] = policyDoc;
      const posts: { url: string; init: { method: string; body: string } }[] = [];
      rt.context.fetch = (url: string, init: { method: string; body: string }) => {
        posts.push({ url, init });
        return Promise.resolve({ ok: true, status: 200 });
      };
      expect(await rt.call('onMessageSend')).toMatchObject({ allowEvent: false, sendModeOverride: 'promptUser' });
      await settle(() => posts.length > 0 && queueOf(rt).events.length === 0);
      expect(posts).toHaveLength(1);
      expect(posts[0]!.url).toBe(endpoint);
      const body = JSON.parse(posts[0]!.init.body) as {
        schema: string;
        source: { component: string; policyVersion: string; installation: string };
        events: { id: string; kind: string; rule: string; detail: Record<string, string> }[];
      };
      expect(body.schema).toBe('ssk-guard.audit/v1');
      expect(body.source).toMatchObject({ component: 'addin', policyVersion: 'v-audit' });
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      expect(body.source.installation).toMatch(uuid);
      expect(body.events).toMatchObject([
        { kind: 'warn', rule: 'external-recipient', detail: { outsideDomains: '1' } },
      ]);
      expect(body.events[0]!.id).toMatch(uuid);
      expect(queueOf(rt).events).toEqual([]);
    });

    it('without fetch the events stay queued for a later event', async () => {
      const rt = loadBundle({
        message: msg({ attachments: [{ id: 'a', name: 'x.exe', content: base64Fixture('tool.exe') }] }),
      });
      rt.fake.log.storage['sskGuard.policyLastKnownGood'] = policyDoc;
      expect(await rt.call('onMessageSend')).toMatchObject({ allowEvent: false });
      await settle(() => queueOf(rt).events.length > 0);
      expect(queueOf(rt).events).toMatchObject([{ kind: 'block', rule: 'executable-attachment' }]);
    });
  });

  it('behaves the same where the runtime has every modern built-in', async () => {
    const rt = loadBundle({ message: msg({ to: [{ emailAddress: 'a@gmail.com' }] }) }, { stripNewer: false });
    expect(await rt.call('onMessageSend')).toMatchObject({ allowEvent: false, sendModeOverride: 'promptUser' });
  });
});
