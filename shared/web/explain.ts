// `policy explain`: the navigation verdict taken apart, step by step, for admins.
import { displayHost, hostFromUrl } from '../domains/host.ts';
import { registrableDomain } from '../domains/registrable.ts';
import { approvalInForce, type CompiledPolicy } from '../policy/compile.ts';
import { judgeNavigation, type NavigationVerdict } from './navigation.ts';

export interface ExplainStep {
  check: string;
  result: string;
}

export function explainNavigation(
  compiled: CompiledPolicy,
  url: URL,
): { steps: ExplainStep[]; verdict: NavigationVerdict } {
  const steps: ExplainStep[] = [];
  const add = (check: string, result: string) => steps.push({ check, result });
  const verdict = judgeNavigation(compiled, url);
  add('policy', `${compiled.policy.version} (${compiled.policy.organization.name})`);
  add('scheme', url.protocol);
  const host = hostFromUrl(url);
  const d = displayHost(host);
  add('host', d.isIdn ? `${d.ascii} = ${d.unicode} (IDN)` : host);
  add('registrable domain', registrableDomain(host));

  const org = compiled.organization.matchEntry(host);
  add('organization', org ? `yes: ${org.entry}` : 'no');
  const known = compiled.directory.matchEntry(host);
  add('directory', known ? `yes: ${known.value.name} (${known.entry})` : 'no');

  const short = compiled.shorteners.matchEntry(host);
  const exception = compiled.shortenerExceptions.matchEntry(host);
  add(
    'shortener',
    short ? `listed: ${short.entry}${exception ? ` — but excepted by ${exception.entry}` : ''}` : 'not listed',
  );

  const cloud = compiled.cloudHosts.matchEntry(host);
  if (!cloud) add('cloud service', 'not a service of an enforced category');
  else {
    const s = cloud.value;
    add('cloud service', `${s.name} [${s.id}], ${s.category}, by ${s.operator} (matched ${cloud.entry})`);
    const approvals = compiled.approvals.get(s.id) ?? [];
    if (!approvals.length) add('approval', 'none in the register');
    for (const a of approvals) {
      const covers = !a.hosts || a.hosts.has(host);
      const inForce = approvalInForce(a.approval, compiled.now);
      add(
        'approval',
        `${a.approval.hosts ? `hosts ${a.approval.hosts.join(', ')}` : 'all hosts'}, until ${a.approval.validUntil}: ` +
          `${covers ? 'covers this host' : 'does not cover this host'}, ${inForce ? 'in force' : 'not in force'}`,
      );
    }
  }
  const look = org || known ? null : compiled.lookalikes.check(host);
  add('look-alike', look ? `imitates ${look.imitates} (${look.kind})` : 'no');
  for (const f of verdict.findings) add(`finding ${f.rule}`, `${f.action}, policy ${f.clause}`);
  add('verdict', verdict.verdict);
  return { steps, verdict };
}
