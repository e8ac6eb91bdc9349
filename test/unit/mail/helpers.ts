// Shared fixtures for the mail tests: the SSK default compiled at a fixed time, and small builders.
import { compilePolicy, type CompiledPolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import type { AttachmentFacts, AttachmentReport, MessageFacts, RecipientFacts } from '../../../shared/mail/types.ts';

export const NOW = Date.parse('2026-11-25T12:00:00+09:00');
export const byDefault: CompiledPolicy = compilePolicy(SSK_DEFAULT_POLICY, NOW);

export function withLayer(layer: PolicyLayer): CompiledPolicy {
  const e = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc: layer }]);
  if (e.rejected.length) throw new Error(JSON.stringify(e.rejected));
  return compilePolicy(e.policy, NOW);
}

export const to = (...addresses: string[]): RecipientFacts[] => addresses.map((address) => ({ address, field: 'to' }));

export const report = (over: Partial<AttachmentReport> = {}): AttachmentReport => ({
  format: 'pdf',
  encrypted: false,
  executable: false,
  confidentialMarker: false,
  ...over,
});

export const file = (name: string, over: Partial<AttachmentReport> = {}): AttachmentFacts => ({
  name,
  kind: 'file',
  report: report(over),
});

export function message(over: Partial<MessageFacts> = {}): MessageFacts {
  return {
    from: 'taro@ssk.or.jp',
    recipients: to('hanako@ssk.or.jp'),
    subject: '打合せの件',
    attachments: [],
    ...over,
  };
}
