// The add-in's audit trail against the fake Office and a fake collector: which events a send leaves
// (kinds and counts, never addresses or file names), the persistent bounded queue in OfficeRuntime.storage
// or roamingSettings, delivery in the policy's format, backoff, removal by id, and that none of it
// stands before OnMessageSend's answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as handlers from '../../../addin/src/handlers.ts';
import { forgetPolicy, LAST_GOOD_KEY } from '../../../addin/src/policy-loader.ts';
import { auditIdle, recordAndDeliver } from '../../../addin/src/audit-trail.ts';
import { addToQueue, QUEUE_KEY, QUEUE_LIMITS, readQueue } from '../../../addin/src/audit-queue-store.ts';
import { deliverAudit, INSTALLATION_KEY } from '../../../addin/src/audit-delivery.ts';
import { keyValueStore } from '../../../addin/src/office-access.ts';
import { randomId } from '../../../addin/src/random-id.ts';
import { ADDIN } from '../../../addin/manifest-source.ts';
import type { AuditEvent } from '../../../shared/audit/event.ts';
import type { AuditQueue } from '../../../shared/audit/queue.ts';
import { SESSION_KEYS } from '../../../shared/mail/session-record.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import type { Policy } from '../../../shared/policy/schema.ts';
import type { FakeMessage, FakeOfficeOptions } from './fake-office.ts';
import { base64Fixture, base64Text, installFake, removeFake } from './setup.ts';

afterEach(() => {
  removeFake();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const ENDPOINT = 'https://collector.example.jp/ssk-guard/events';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const layer = (audit: Partial<Policy['audit']> = {}) => ({
  version: '2026-11-a',
  audit: { endpoint: ENDPOINT, format: 'ssk-guard-v1', ...audit },
});
const policyWith = (audit: Partial<Policy['audit']> = {}): Policy => ({
  ...SSK_DEFAULT_POLICY,
  version: '2026-11-a',
  audit: { ...SSK_DEFAULT_POLICY.audit, endpoint: ENDPOINT, ...audit },
});

const base = (over: Partial<FakeMessage> = {}): FakeMessage => ({
  from: 'taro@ssk.or.jp',
  to: [{ emailAddress: 'hanako@ssk.or.jp' }],
  subject: '連絡',
  attachments: [],
  ...over,
});

type Fake = ReturnType<typeof installFake>;

/** The fake with the collector's policy already kept as the last good copy (as after a compose event). */
function setup(message: FakeMessage, options: Partial<FakeOfficeOptions> = {}, audit: Partial<Policy['audit']> = {}) {
  const fake = installFake({ message, ...options }, 'unreachable');
  const doc = JSON.stringify(layer(audit));
  if (options.noRuntimeStorage) fake.log.roaming[LAST_GOOD_KEY] = doc;
  else fake.log.storage[LAST_GOOD_KEY] = doc;
  return fake;
}

async function send(fake: Fake): Promise<{ allowEvent?: boolean; sendModeOverride?: string } | null> {
  const { event, done } = fake.event();
  handlers.onMessageSend(event as never);
  const c = (await done) as { allowEvent?: boolean } | null;
  await auditIdle();
  return c;
}

async function change(fake: Fake): Promise<void> {
  const { event, done } = fake.event();
  handlers.onMessageRecipientsChanged(event as never);
  await done;
  await auditIdle();
}

function queued(fake: Fake, where: 'storage' | 'roaming' = 'storage'): AuditQueue {
  const text = where === 'storage' ? fake.log.storage[QUEUE_KEY] : (fake.log.roaming[QUEUE_KEY] as string | undefined);
  return text ? (JSON.parse(text) as AuditQueue) : { events: [], dropped: 0, failures: 0, nextAttempt: 0 };
}

const event = (n: number): AuditEvent => ({
  v: 1,
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  time: new Date(Date.UTC(2026, 10, 25, 0, 0, n)).toISOString(),
  kind: 'block',
  rule: 'executable-attachment',
  clause: '8.1.1(5)-1 g',
  action: 'block',
  policyVersion: '2026-11-a',
  detail: { executables: '1', unreadable: '0' },
});

describe('what a send records', () => {
  it('a block per blocking rule, with counts and kinds only', async () => {
    const fake = setup(
      base({
        from: 'taro.private@gmail.com',
        to: [{ emailAddress: 'a@partner.example' }],
        attachments: [
          { id: 'x', name: 'setup.exe', content: base64Text('MZ') },
          { id: 'z', name: '【要機密】名簿.zip', content: base64Fixture('plain.zip') },
        ],
      }),
    );
    fake.collector.answer = 'unreachable';
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['partner.example']);
    expect((await send(fake))!.allowEvent).toBe(false);
    const events = queued(fake).events;
    expect(events.map((e) => [e.kind, e.rule]).sort()).toEqual([
      ['block', 'executable-attachment'],
      ['block', 'sender-domain'],
      ['block', 'unencrypted-confidential-attachment'],
    ]);
    const byRule = Object.fromEntries(events.map((e) => [e.rule, e]));
    expect(byRule['executable-attachment']).toMatchObject({
      v: 1,
      action: 'block',
      clause: '8.1.1(5)-1 g',
      policyVersion: '2026-11-a',
      detail: { executables: '1', unreadable: '0' },
    });
    expect(byRule['unencrypted-confidential-attachment']!.detail).toEqual({ files: '1', outsideDomains: '1' });
    expect(byRule['sender-domain']!.detail).toEqual({});
    for (const e of events) {
      expect(e.id).toMatch(UUID);
      expect(Date.parse(e.time)).toBeGreaterThan(Date.now() - 60_000);
      expect(e.target).toBeUndefined();
    }
    // Nothing the user typed or attached goes to the collector.
    const text = JSON.stringify(events);
    for (const secret of ['gmail.com', 'partner.example', 'setup.exe', '名簿', 'taro', '連絡'])
      expect(text).not.toContain(secret);
  });

  it('a warn for outside recipients, with the number of outside domains', async () => {
    const fake = setup(
      base({
        to: [{ emailAddress: 'hanako@ssk.or.jp' }, { emailAddress: 'a@gmail.com' }],
        cc: [{ emailAddress: 'b@partner.example' }, { emailAddress: 'c@partner.example' }],
      }),
    );
    fake.collector.answer = 'fail';
    expect((await send(fake))!.sendModeOverride).toBe('promptUser');
    const [warn, ...rest] = queued(fake).events;
    expect(rest).toEqual([]);
    expect(warn).toMatchObject({
      kind: 'warn',
      rule: 'external-recipient',
      action: 'warn',
      clause: '3.1.1(5)(d), 3.1.1(6)(b)',
      detail: { outsideDomains: '2', unconfirmed: '2', sendAnyway: 'offered' },
    });
    expect(JSON.stringify(warn)).not.toMatch(/gmail|partner/);
  });

  it('a confirm when the message goes after every outside domain was confirmed in the task pane', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }, { emailAddress: 'b@partner.example' }] }));
    fake.collector.answer = 'fail';
    fake.log.session[SESSION_KEYS.confirmed] = JSON.stringify(['gmail.com', 'partner.example']);
    expect(await send(fake)).toEqual({ allowEvent: true });
    expect(queued(fake).events).toMatchObject([
      { kind: 'confirm', rule: 'external-recipient', action: 'warn', detail: { outsideDomains: '2' } },
    ]);
  });

  it('nothing for an internal message, and nothing at all without a collector', async () => {
    const inside = setup(base());
    expect(await send(inside)).toEqual({ allowEvent: true });
    expect(inside.log.storage[QUEUE_KEY]).toBeUndefined();
    expect(inside.collector.posts).toEqual([]);

    const none = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }), {}, { endpoint: '' });
    await send(none);
    expect(none.log.storage[QUEUE_KEY]).toBeUndefined();
    expect(none.collector.posts).toEqual([]);
  });

  it('a send stopped by a failing check is recorded as such', async () => {
    const fake = setup(base(), { failing: ['to'] });
    fake.collector.answer = 'fail';
    expect((await send(fake))!.allowEvent).toBe(false);
    expect(queued(fake).events).toMatchObject([{ kind: 'block', action: 'block', detail: { cause: 'check-failed' } }]);
  });
});

describe('never before the answer', () => {
  it('OnMessageSend completes before the queue is written or the collector asked', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }));
    const storage = (fake.OfficeRuntime as { storage: { setItem(k: string, v: string): Promise<void> } }).storage;
    const setItem = storage.setItem.bind(storage);
    const completedAtWrite: number[] = [];
    storage.setItem = (k, v) => {
      if (k === QUEUE_KEY) completedAtWrite.push(fake.log.completed.length);
      return setItem(k, v);
    };
    const completedAtPost: number[] = [];
    fake.collector.answer = () => {
      completedAtPost.push(fake.log.completed.length);
      return Promise.resolve(true);
    };
    await send(fake);
    expect(completedAtWrite.length).toBeGreaterThan(0);
    expect(completedAtWrite.every((n) => n === 1)).toBe(true);
    expect(completedAtPost).toEqual([1]);
  });

  it('a store that never answers and a collector that never answers do not hold the send', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }));
    const storage = (fake.OfficeRuntime as { storage: { setItem(k: string, v: string): Promise<void> } }).storage;
    storage.setItem = () => new Promise(() => undefined);
    fake.collector.answer = () => new Promise(() => undefined);
    const { event, done } = fake.event();
    handlers.onMessageSend(event as never);
    expect(await done).toMatchObject({ allowEvent: false, sendModeOverride: 'promptUser' });
  });
});

describe('delivery to the collector', () => {
  it('posts a batch in the ssk-guard-v1 envelope; the collector’s acceptance empties the queue', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }));
    await send(fake);
    expect(fake.collector.posts).toHaveLength(1);
    const post = fake.collector.posts[0]!;
    expect(post.url).toBe(ENDPOINT);
    expect(post.init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'omit',
    });
    const body = post.body as {
      schema: string;
      sentAt: string;
      source: Record<string, string>;
      events: AuditEvent[];
      dropped?: number;
    };
    expect(body.schema).toBe('ssk-guard.audit/v1');
    expect(body.source).toEqual({
      product: 'ssk-guard',
      component: 'addin',
      version: ADDIN.version,
      policyVersion: '2026-11-a',
      installation: fake.log.storage[INSTALLATION_KEY],
    });
    expect(body.source.installation).toMatch(UUID);
    expect(body.dropped).toBeUndefined();
    expect(body.events).toMatchObject([{ kind: 'warn', rule: 'external-recipient' }]);
    expect(queued(fake).events).toEqual([]);

    // The installation keeps its id from one batch to the next.
    await send(fake);
    expect((fake.collector.posts[1]!.body as typeof body).source.installation).toBe(body.source.installation);
  });

  it('posts OTLP/HTTP JSON logs when the policy asks for them', async () => {
    const fake = setup(
      base({ attachments: [{ id: 'x', name: 'a.exe', content: base64Text('x') }] }),
      {},
      { format: 'otlp' },
    );
    await send(fake);
    const body = fake.collector.posts[0]!.body as {
      resourceLogs: {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeLogs: {
          logRecords: { severityText: string; body: { stringValue: string }; attributes: { key: string }[] }[];
        }[];
      }[];
    };
    const resource = Object.fromEntries(
      body.resourceLogs[0]!.resource.attributes.map((a) => [a.key, a.value.stringValue]),
    );
    expect(resource['ssk_guard.component']).toBe('addin');
    expect(resource['service.name']).toBe('ssk-guard');
    const record = body.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    expect(record.body.stringValue).toBe('block');
    expect(record.severityText).toBe('WARN');
    expect(record.attributes.map((a) => a.key)).toContain('ssk_guard.rule');
  });

  it('a failed delivery keeps the events and backs off; the next event after the wait delivers them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-25T09:00:00Z'));
    const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }));
    fake.collector.answer = 'fail';
    await send(fake);
    let q = queued(fake);
    expect(q.events).toHaveLength(1);
    expect(q.failures).toBe(1);
    expect(q.nextAttempt).toBeGreaterThanOrEqual(Date.now() + 24_000);
    expect(q.nextAttempt).toBeLessThanOrEqual(Date.now() + 36_000);

    // Inside the wait: the next event queues its own, and asks the collector nothing.
    fake.collector.answer = 'ok';
    await send(fake);
    expect(fake.collector.posts).toHaveLength(1);
    expect(queued(fake).events).toHaveLength(2);

    // A change event after the wait delivers both, and the backoff starts over.
    vi.setSystemTime(Date.now() + 60_000);
    await change(fake);
    expect(fake.collector.posts).toHaveLength(2);
    expect((fake.collector.posts[1]!.body as { events: unknown[] }).events).toHaveLength(2);
    q = queued(fake);
    expect(q).toEqual({ events: [], dropped: 0, failures: 0, nextAttempt: 0 });
  });

  it('the backoff doubles with each failure', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-25T09:00:00Z'));
    const fake = installFake({ message: base() });
    fake.collector.answer = 'unreachable';
    const store = keyValueStore();
    await addToQueue(store, [event(1)], 1_000);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await deliverAudit(policyWith(), store);
      const q = await readQueue(store);
      waits.push(q.nextAttempt - Date.now());
      vi.setSystemTime(q.nextAttempt);
    }
    expect(waits[1]! / waits[0]!).toBeGreaterThan(1.3);
    expect(waits[2]! / waits[1]!).toBeGreaterThan(1.3);
    expect((await readQueue(store)).events).toHaveLength(1);
  });

  it('removes only what the collector took, by id: events queued during the request stay', async () => {
    const fake = installFake({ message: base() });
    const store = keyValueStore();
    await addToQueue(store, [event(1), event(2)], 1_000);
    fake.collector.answer = async () => {
      if (fake.collector.posts.length === 1) await addToQueue(store, [event(3)], 1_000);
      return true;
    };
    // The first batch took 1 and 2; event 3 went out in a second batch of the same delivery.
    expect(await deliverAudit(policyWith(), store)).toBe(3);
    expect(
      fake.collector.posts.map((p) => (p.body as { events: AuditEvent[] }).events.map((e) => e.id.slice(-1))),
    ).toEqual([['1', '2'], ['3']]);
    expect((await readQueue(store)).events).toEqual([]);
  });

  it('sends in batches of 100 and stops after a few, leaving the rest for the next event', async () => {
    const fake = installFake({ message: base() });
    const store = keyValueStore();
    await addToQueue(
      store,
      Array.from({ length: 650 }, (_, i) => event(i)),
      1_000,
    );
    expect(await deliverAudit(policyWith(), store)).toBe(500);
    expect(fake.collector.posts.map((p) => (p.body as { events: unknown[] }).events.length)).toEqual([
      100, 100, 100, 100, 100,
    ]);
    expect((await readQueue(store)).events).toHaveLength(150);
  });

  it('delivers only to an HTTPS endpoint', async () => {
    const fake = installFake({ message: base() });
    const store = keyValueStore();
    await addToQueue(store, [event(1)], 1_000);
    expect(await deliverAudit(policyWith({ endpoint: 'http://collector.example.jp/' }), store)).toBe(0);
    expect(fake.collector.posts).toEqual([]);
  });
});

describe('the queue is bounded', () => {
  it('in OfficeRuntime.storage: by audit.maxEvents (and 1,000 at most), oldest dropped and counted', async () => {
    const fake = installFake({ message: base() });
    const store = keyValueStore();
    expect(store.kind).toBe('runtime');
    await addToQueue(
      store,
      Array.from({ length: 150 }, (_, i) => event(i)),
      100,
    );
    let q = queued(fake);
    expect(q.events).toHaveLength(100);
    expect(q.events[0]!.id).toBe(event(50).id);
    expect(q.dropped).toBe(50);
    await addToQueue(
      store,
      Array.from({ length: 1_200 }, (_, i) => event(i)),
      100_000,
    );
    q = queued(fake);
    expect(q.events).toHaveLength(QUEUE_LIMITS.runtime.events);
    expect(q.dropped).toBe(50 + 300);

    // The collector hears how many were dropped, once.
    await deliverAudit(policyWith(), store);
    expect((fake.collector.posts[0]!.body as { dropped?: number }).dropped).toBe(350);
    expect((fake.collector.posts[1]!.body as { dropped?: number }).dropped).toBeUndefined();
  });

  it('in roamingSettings (32 KB for everything): a few events, a few kilobytes', async () => {
    const fake = installFake({ message: base(), noRuntimeStorage: true });
    const store = keyValueStore();
    expect(store.kind).toBe('roaming');
    await addToQueue(
      store,
      Array.from({ length: 40 }, (_, i) => event(i)),
      5_000,
    );
    const text = fake.log.roaming[QUEUE_KEY] as string;
    expect(text.length).toBeLessThanOrEqual(QUEUE_LIMITS.roaming.chars);
    const q = JSON.parse(text) as AuditQueue;
    expect(q.events.length).toBeLessThanOrEqual(QUEUE_LIMITS.roaming.events);
    expect(q.events.at(-1)!.id).toBe(event(39).id);
    expect(q.dropped).toBe(40 - q.events.length);
  });

  it('the handlers keep their queue in roamingSettings where OfficeRuntime.storage is missing', async () => {
    const fake = setup(base({ to: [{ emailAddress: 'a@gmail.com' }] }), { noRuntimeStorage: true });
    fake.collector.answer = 'fail';
    for (let i = 0; i < 15; i++) await send(fake);
    const q = queued(fake, 'roaming');
    expect(q.events.length).toBe(QUEUE_LIMITS.roaming.events);
    expect(q.dropped).toBe(5);
    expect(fake.log.storage).toEqual({});
  });

  it('a stored queue that cannot be read starts over rather than stopping the recording', async () => {
    const fake = installFake({ message: base() });
    fake.log.storage[QUEUE_KEY] = '{not json';
    await recordAndDeliver(policyWith({ endpoint: ENDPOINT }), [{ kind: 'warn', policyVersion: 'x' }], keyValueStore());
    expect(fake.collector.posts).toHaveLength(1);
  });
});

describe('policy-rejected', () => {
  const invalid = { version: 'bad', organization: { domains: ['not a domain!'] } };

  it('records a fetched policy.json that fails validation, once an hour for the same errors', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-25T09:00:00Z'));
    const fake = installFake({ message: base() }, invalid);
    fake.log.storage[LAST_GOOD_KEY] = JSON.stringify(layer());
    fake.collector.answer = 'fail';
    await change(fake);
    const [e, ...rest] = queued(fake).events;
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      kind: 'policy-rejected',
      policyVersion: '2026-11-a',
      target: 'localhost',
      detail: { layer: 'remote' },
    });
    expect(e!.detail!.errors).toContain('organization.domains[0]');
    // The last good copy stays in force.
    expect(JSON.parse(fake.log.storage[LAST_GOOD_KEY]!)).toEqual(layer());

    // A fresh runtime re-validates the same document: not recorded again within the hour …
    forgetPolicy();
    await change(fake);
    expect(queued(fake).events).toHaveLength(1);
    // … but after it.
    vi.setSystemTime(Date.now() + 61 * 60_000);
    forgetPolicy();
    await change(fake);
    expect(queued(fake).events.filter((x) => x.kind === 'policy-rejected')).toHaveLength(2);
  });
});

describe('event ids', () => {
  it('are version-4 UUIDs from crypto.randomUUID, or built where the runtime lacks it', () => {
    expect(randomId()).toMatch(UUID);
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => a.fill(0xff) });
    expect(randomId()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    vi.stubGlobal('crypto', undefined);
    const ids = new Set(Array.from({ length: 1_000 }, randomId));
    expect(ids.size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(UUID);
  });
});
