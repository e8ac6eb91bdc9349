import { describe, expect, it } from 'vitest';
import { appendBounded, auditTarget, countOnDay, type AuditEvent } from '../../../shared/audit/event.ts';
import { EMPTY_QUEUE, acknowledge, enqueue, failed, nextBatch, BATCH_SIZE } from '../../../shared/audit/queue.ts';
import { otlpLogs, sskGuardEnvelope } from '../../../shared/audit/envelope.ts';

const ev = (i: number, over: Partial<AuditEvent> = {}): AuditEvent => ({
  v: 1,
  id: `e${i}`,
  time: new Date(Date.UTC(2026, 10, 25, 3, 0, i)).toISOString(),
  kind: 'block',
  rule: 'shortener',
  clause: '6.6.2(3)-1',
  action: 'block',
  target: 'bit.ly',
  policyVersion: 'p1',
  ...over,
});

describe('the local audit log', () => {
  it('keeps the newest events within its bound and counts what it dropped', () => {
    let log = { events: [] as AuditEvent[], dropped: 0 };
    for (let i = 0; i < 7; i++) log = appendBounded(log, [ev(i)], 5);
    expect(log.events.map((e) => e.id)).toEqual(['e2', 'e3', 'e4', 'e5', 'e6']);
    expect(log.dropped).toBe(2);
  });
  it('records the host only, or the URL without its fragment, as the policy says', () => {
    expect(auditTarget('https://bit.ly/abc?x=1#frag', 'host')).toBe('bit.ly');
    expect(auditTarget('https://bit.ly/abc?x=1#frag', 'url')).toBe('https://bit.ly/abc?x=1');
  });
  it('counts blocks of one day', () => {
    const log = { events: [ev(1), ev(2, { kind: 'override' }), ev(3, { time: '2026-11-20T03:00:00Z' })], dropped: 0 };
    expect(countOnDay(log, 'block', new Date('2026-11-25T05:00:00Z'))).toBe(1);
  });
});

describe('the forwarding queue', () => {
  it('drops the oldest when full and says how many', () => {
    const q = enqueue(enqueue(EMPTY_QUEUE, [ev(1), ev(2), ev(3)], 4), [ev(4), ev(5)], 4);
    expect(q.events.map((e) => e.id)).toEqual(['e2', 'e3', 'e4', 'e5']);
    expect(q.dropped).toBe(1);
  });
  it('sends in batches and removes only what was acknowledged, by id', () => {
    const many = Array.from({ length: BATCH_SIZE + 5 }, (_, i) => ev(i));
    let q = enqueue(EMPTY_QUEUE, many, 1000);
    const batch = nextBatch(q, 0);
    expect(batch).toHaveLength(BATCH_SIZE);
    q = enqueue(q, [ev(999)], 1000); // arrives while the batch is in flight
    q = acknowledge(q, batch, 0);
    expect(q.events.map((e) => e.id)).toEqual(['e100', 'e101', 'e102', 'e103', 'e104', 'e999']);
  });
  it('counts as reported only the drops the batch carried', () => {
    const q = { ...enqueue(EMPTY_QUEUE, [ev(1)], 10), dropped: 5 };
    expect(acknowledge(q, q.events, 3).dropped).toBe(2);
  });
  it('backs off exponentially after failures, up to 30 minutes, and resets on success', () => {
    let q = enqueue(EMPTY_QUEUE, [ev(1)], 10);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      q = failed(q, 0, 0.5);
      delays.push(q.nextAttempt);
    }
    expect(delays.slice(0, 3)).toEqual([30_000, 60_000, 120_000]);
    expect(Math.max(...delays)).toBe(30 * 60_000);
    expect(nextBatch(q, 1000)).toEqual([]);
    expect(nextBatch(q, q.nextAttempt)).toHaveLength(1);
    expect(acknowledge(q, q.events, 0)).toMatchObject({ failures: 0, nextAttempt: 0, events: [] });
  });
});

describe('wire formats', () => {
  const source = { component: 'extension' as const, version: '0.1.0', policyVersion: 'p1', installation: 'inst-1' };
  it('ssk-guard-v1 is a versioned envelope around the events', () => {
    const body = sskGuardEnvelope([ev(1)], source, 3);
    expect(body).toMatchObject({
      schema: 'ssk-guard.audit/v1',
      source: { product: 'ssk-guard', component: 'extension' },
      dropped: 3,
    });
    expect(body.events[0]!.id).toBe('e1');
  });
  it('otlp is OTLP/HTTP JSON logs with the event as attributes', () => {
    const body = otlpLogs([ev(1, { reason: 'r' })], source, 0);
    const record = body.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    expect(record.timeUnixNano).toBe(`${Date.parse(ev(1).time)}000000`);
    expect(record.severityText).toBe('WARN');
    expect(record.attributes).toContainEqual({ key: 'ssk_guard.rule', value: { stringValue: 'shortener' } });
    expect(record.attributes).toContainEqual({ key: 'event.id', value: { stringValue: 'e1' } });
    expect(body.resourceLogs[0]!.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'ssk-guard' },
    });
  });
});
