// Gathers the policy layers the browser holds (managed storage, last-known-good cache) and turns them
// into the policy in force. The decisions are the core's (effectivePolicy); this file only reads storage.
import { browser } from 'wxt/browser';
import { compilePolicy, type CompiledPolicy } from '@/shared/policy/compile';
import { SSK_DEFAULT_POLICY } from '@/shared/policy/default';
import { effectivePolicy, type EffectivePolicy } from '@/shared/policy/layers';
import { remoteLayers } from '@/shared/policy/remote-acceptance';

export const STATUS_KEY = 'policyStatus';
export const LAST_GOOD_KEY = 'policyLastKnownGood';
export const REMOTE_STATUS_KEY = 'remotePolicyStatus';
/** The anti-rollback mark: the highest serial accepted from the remote document, and under which key. */
export const ACCEPTED_KEY = 'remotePolicyAccepted';

export interface PolicyStatus {
  version: string;
  organization: string;
  applied: EffectivePolicy['applied'];
  rejected: EffectivePolicy['rejected'];
  sources: EffectivePolicy['sources'];
  loadedAt: string;
  warnings: string[];
}

async function readManaged(): Promise<unknown> {
  try {
    const managed = await browser.storage.managed.get();
    return Object.keys(managed).length ? managed : undefined;
  } catch {
    // Firefox throws when no policies.json names the extension: no managed layer.
    return undefined;
  }
}

/** `withManaged: false` skips managed storage, which Chrome may take seconds to deliver at first start. */
export async function loadPolicy({ withManaged = true } = {}): Promise<{
  compiled: CompiledPolicy;
  status: PolicyStatus;
  previous?: PolicyStatus;
}> {
  const stored = await browser.storage.local.get([LAST_GOOD_KEY, STATUS_KEY, REMOTE_STATUS_KEY]);
  const previous = stored[STATUS_KEY] as PolicyStatus | undefined;
  // The cached remote document is "remote" while its last fetch succeeded, "last-known-good" after one failed.
  const fresh = (stored[REMOTE_STATUS_KEY] as { ok?: boolean } | undefined)?.ok === true;
  const layers = remoteLayers({
    cached: stored[LAST_GOOD_KEY],
    fresh,
    managed: withManaged ? await readManaged() : undefined,
  });
  const effective = effectivePolicy(SSK_DEFAULT_POLICY, layers);
  const compiled = compilePolicy(effective.policy, Date.now());
  const status: PolicyStatus = {
    version: effective.policy.version,
    organization: effective.policy.organization.name,
    applied: effective.applied,
    rejected: effective.rejected,
    sources: effective.sources,
    loadedAt: new Date().toISOString(),
    warnings: compiled.warnings,
  };
  for (const r of effective.rejected)
    console.warn(`[ssk-guard] ${r.layer} policy rejected; the previous layers stay in force:`, r.errors);
  console.info(`[ssk-guard] policy ${status.version} in force (layers: ${status.applied.join(' < ')})`);
  return { compiled, status, previous };
}

/** Written once the policy's rules are installed, so the status never runs ahead of what is enforced. */
export async function publishStatus(status: PolicyStatus): Promise<void> {
  await browser.storage.local.set({ [STATUS_KEY]: status });
}
