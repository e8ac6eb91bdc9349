// 要機密 in a subject or a file name: the shipped markers plus the policy's own (`mail.confidentialMarkers`),
// the latter matched as plain text after NFKC, as admins write them.
import { hasConfidentialMarker } from '../markers/confidential.ts';
import type { CompiledPolicy } from '../policy/compile.ts';

const extras = new WeakMap<CompiledPolicy, string[]>();

function policyMarkers(compiled: CompiledPolicy): string[] {
  let m = extras.get(compiled);
  if (!m) {
    m = compiled.policy.mail.confidentialMarkers.map((s) => s.normalize('NFKC').toLowerCase()).filter(Boolean);
    extras.set(compiled, m);
  }
  return m;
}

export function isMarkedConfidential(compiled: CompiledPolicy, text: string): boolean {
  if (!text) return false;
  if (hasConfidentialMarker(text)) return true;
  const m = policyMarkers(compiled);
  if (m.length === 0) return false;
  const t = text.normalize('NFKC').toLowerCase();
  return m.some((x) => t.includes(x));
}
