// `policy explain`: the navigation verdict taken apart, step by step, for admins. The steps are the
// verdict's own trace (navigation.ts), so what is explained is what was decided.
import { displayHost, hostFromUrl } from '../domains/host.ts';
import { registrableDomain } from '../domains/registrable.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { judgeNavigation, type NavigationVerdict } from './navigation.ts';
import type { ExplainStep } from './trace.ts';

export type { ExplainStep } from './trace.ts';

export function explainNavigation(
  compiled: CompiledPolicy,
  url: URL,
): { steps: ExplainStep[]; verdict: NavigationVerdict } {
  const trace: ExplainStep[] = [];
  const verdict = judgeNavigation(compiled, url, trace);
  const host = hostFromUrl(url);
  const d = displayHost(host);
  // The verdict's own steps, with what the admin reads first (policy, host) put in front.
  const [scheme, ...checks] = trace;
  const steps: ExplainStep[] = [
    { check: 'policy', result: `${compiled.policy.version} (${compiled.policy.organization.name})` },
    ...(scheme ? [scheme] : []),
    { check: 'host', result: d.isIdn ? `${d.ascii} = ${d.unicode} (IDN)` : host },
    { check: 'registrable domain', result: registrableDomain(host) },
    ...checks,
  ];
  steps.push({ check: 'verdict', result: verdict.verdict });
  return { steps, verdict };
}
