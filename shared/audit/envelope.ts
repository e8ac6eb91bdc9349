// What goes over the wire to the organisation's collector. Two formats:
// - `ssk-guard-v1`: our documented, versioned JSON envelope;
// - `otlp`: OpenTelemetry OTLP/HTTP JSON logs (POST …/v1/logs), so any OTel collector or SIEM takes them.
import type { AuditEvent } from './event.ts';

export const ENVELOPE_SCHEMA = 'ssk-guard.audit/v1';

export interface Source {
  component: 'extension' | 'addin';
  version: string;
  policyVersion: string;
  /** A stable, random id of this installation (no user identity: the collector knows the device by it). */
  installation: string;
}

export function sskGuardEnvelope(events: readonly AuditEvent[], source: Source, dropped: number) {
  return {
    schema: ENVELOPE_SCHEMA,
    sentAt: new Date().toISOString(),
    source: { product: 'ssk-guard', ...source },
    ...(dropped ? { dropped } : {}),
    events,
  };
}

type AnyValue = { stringValue: string } | { intValue: string };
const attr = (key: string, value: string | number): { key: string; value: AnyValue } => ({
  key,
  value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
});

/** OTLP severity: blocks are warnings of the security kind; the rest informational. */
const SEVERITY: Record<string, [number, string]> = {
  block: [13, 'WARN'],
  override: [13, 'WARN'],
  'policy-rejected': [17, 'ERROR'],
  'backstop-off': [13, 'WARN'],
  'backstop-unchecked': [13, 'WARN'],
};

export function otlpLogs(events: readonly AuditEvent[], source: Source, dropped: number) {
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            attr('service.name', 'ssk-guard'),
            attr('service.version', source.version),
            attr('service.instance.id', source.installation),
            attr('ssk_guard.component', source.component),
            ...(dropped ? [attr('ssk_guard.dropped', dropped)] : []),
          ],
        },
        scopeLogs: [
          {
            scope: { name: 'ssk-guard.audit', version: '1' },
            logRecords: events.map((e) => {
              const [severityNumber, severityText] = SEVERITY[e.kind] ?? [9, 'INFO'];
              const attributes = [
                attr('event.id', e.id),
                attr('event.name', `ssk_guard.${e.kind}`),
                attr('ssk_guard.policy_version', e.policyVersion),
                ...(e.rule ? [attr('ssk_guard.rule', e.rule)] : []),
                ...(e.clause ? [attr('ssk_guard.clause', e.clause)] : []),
                ...(e.action ? [attr('ssk_guard.action', e.action)] : []),
                ...(e.target ? [attr('ssk_guard.target', e.target)] : []),
                ...(e.reason ? [attr('ssk_guard.reason', e.reason)] : []),
                ...Object.entries(e.detail ?? {}).map(([k, v]) => attr(`ssk_guard.detail.${k}`, v)),
              ];
              return {
                timeUnixNano: `${Date.parse(e.time)}000000`,
                severityNumber,
                severityText,
                body: { stringValue: e.kind },
                attributes,
              };
            }),
          },
        ],
      },
    ],
  };
}
