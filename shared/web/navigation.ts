// The verdict for a navigation (a page or frame about to load): shortener, unapproved cloud service,
// look-alike of a protected domain. It depends on the host alone, so it is cached per host.
import { hostFromUrl } from '../domains/host.ts';
import type { LookalikeMatch } from '../domains/lookalike.ts';
import type { CompiledPolicy, ListedHost } from '../policy/compile.ts';
import type { Action } from '../policy/rules.ts';
import { makeFinding, verdictOf, type Finding, type Verdict } from './finding.ts';
import { CATEGORY_LABELS } from './category-labels.ts';
import { hostFacts } from './host-facts.ts';
import { hostLabel, hostStatus } from './host-status.ts';
import { traceStep, type Trace } from './trace.ts';

export interface NavigationVerdict extends Verdict {
  host: string;
}

const JUDGED_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
const HOST_CACHE_LIMIT = 10_000;

interface HostVerdict {
  verdict: Action;
  findings: readonly Finding[];
}

/** The verdict for a host, computed once per compiled policy and host (with a trace: computed afresh, traced). */
export function judgeHost(compiled: CompiledPolicy, host: string, trace?: Trace): HostVerdict {
  if (trace) {
    const findings = computeHostFindings(compiled, host, trace);
    return { verdict: verdictOf(findings), findings };
  }
  const cache = compiled.hostCache as Map<string, HostVerdict>;
  const hit = cache.get(host);
  if (hit) return hit;
  const findings = computeHostFindings(compiled, host);
  const judged = { verdict: verdictOf(findings), findings };
  if (cache.size >= HOST_CACHE_LIMIT) cache.clear(); // bounded memory; a new round of cold hosts is cheap
  cache.set(host, judged);
  return judged;
}

function computeHostFindings(compiled: CompiledPolicy, host: string, trace?: Trace): readonly Finding[] {
  const facts = hostFacts(compiled, host);
  const status = hostStatus(compiled, host, facts);
  if (trace) traceHost(compiled, host, facts, status, trace);
  if (status.kind === 'organization' || status.kind === 'known-organization') return NO_FINDINGS;
  const findings: Finding[] = [];
  const label = () => hostLabel(host); // only a host with a finding is shown, so only then decoded

  if (facts.shortener && !facts.shortenerException) {
    const f = makeFinding(compiled, 'shortener', { host: label() });
    if (f) findings.push(f);
  }
  // A host known only from a broad list whose category guards uploads alone is free to view (form-verdict.ts).
  if (status.kind === 'cloud-service' && status.service && status.listed?.guard !== 'upload') {
    const s = status.service;
    const details: Record<string, string> = status.listed
      ? listedDetails(label(), status.listed)
      : { host: label(), service: s.name, serviceId: s.id, operator: s.operator, category: s.category };
    if (status.lapsedApproval) details.expired = status.lapsedApproval.validUntil;
    const f = makeFinding(compiled, 'cloud-unapproved', details);
    if (f) findings.push(f);
  }
  if (status.kind === 'approved-service') traceStep(trace, 'look-alike', () => 'not checked: an approved service');
  else {
    const look = compiled.lookalikes.check(host);
    traceStep(trace, 'look-alike', () => (look ? `imitates ${look.imitates} (${look.kind}, ${look.certainty})` : 'no'));
    const f = lookalikeFinding(compiled, label(), look);
    if (f) findings.push(f);
  }
  return findings.length ? Object.freeze(findings) : NO_FINDINGS;
}

/** A look-alike finding: a weak imitation (lookalike.ts states the threshold) warns where the rule blocks. */
export function lookalikeFinding(compiled: CompiledPolicy, host: string, look: LookalikeMatch | null): Finding | null {
  if (!look) return null;
  const f = makeFinding(compiled, 'lookalike-domain', {
    host,
    imitates: look.imitates,
    kind: look.kind,
    certainty: look.certainty,
  });
  return f && look.certainty === 'weak' && f.action === 'block' ? { ...f, action: 'warn' } : f;
}

/** A host named by its category and the lists that name it, in place of a service. */
export function listedDetails(host: string, listed: ListedHost): Record<string, string> {
  const label = CATEGORY_LABELS[listed.category];
  return {
    host,
    service: label.ja,
    serviceEn: label.en,
    serviceId: listed.service.id,
    operator: listed.lists,
    category: listed.category,
    listed: listed.lists || listed.category,
  };
}

/**
 * The host of the commonest URL string — `http(s)://` and a lower-case ASCII host of letters, digits, hyphens
 * and dots, then `/`, `?`, `#` or the end — read without a full parse; null for anything else (user-info,
 * a port, upper case, IDN, `%`, `\\`, a numeric last label the parser would read as IPv4, …), which takes
 * the WHATWG parser. For the strings it accepts the parser gives the same host (a unit test holds it to that).
 */
const PLAIN = /^https?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(\.?)(?=[/?#]|$)/;
const NUMERIC_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/;
export function plainHost(url: string): string | null {
  const m = PLAIN.exec(url);
  if (!m) return null;
  const host = m[1]!;
  if (NUMERIC_LABEL.test(host) || host.includes('xn--')) return null;
  return host;
}

/** The facts the verdict reads, as steps (only when a trace is asked for). */
function traceHost(
  compiled: CompiledPolicy,
  host: string,
  facts: ReturnType<typeof hostFacts>,
  status: ReturnType<typeof hostStatus>,
  trace: Trace,
): void {
  const entry = (set: { matchEntry(h: string): { entry: string } | undefined | null }) => set.matchEntry(host)?.entry;
  traceStep(trace, 'organization', () => (facts.organization ? `yes: ${entry(compiled.organization) ?? host}` : 'no'));
  traceStep(trace, 'directory', () =>
    facts.known ? `yes: ${facts.known.name} (${entry(compiled.directory) ?? host})` : 'no',
  );
  traceStep(trace, 'shortener', () =>
    facts.shortener
      ? `listed: ${entry(compiled.shorteners) ?? host}${facts.shortenerException ? ` — but excepted by ${entry(compiled.shortenerExceptions) ?? host}` : ''}`
      : 'not listed',
  );
  const s = facts.service;
  if (!s) traceStep(trace, 'cloud service', () => 'not a service of an enforced category');
  else {
    traceStep(
      trace,
      'cloud service',
      () => `${s.name} [${s.id}], ${s.category}, by ${s.operator} (matched ${entry(compiled.cloudHosts) ?? host})`,
    );
    const approvals = compiled.approvals.get(s.id) ?? [];
    if (!approvals.length) traceStep(trace, 'approval', () => 'none in the register');
    for (const a of approvals)
      traceStep(
        trace,
        'approval',
        () =>
          `${a.approval.hosts ? `hosts ${a.approval.hosts.join(', ')}` : 'all hosts'}, until ${a.approval.validUntil}: ` +
          `${!a.hosts || a.hosts.has(host) ? 'covers this host' : 'does not cover this host'}, ${a.inForce ? 'in force' : 'not in force'}`,
      );
  }
  traceStep(trace, 'status', () => status.kind);
}

/**
 * Judge a URL (string or parsed). Not a URL → throws TypeError; non-web schemes are allowed as they are.
 * With `trace`, the checks made are added to it (`policy explain`).
 */
export function judgeNavigation(compiled: CompiledPolicy, url: string | URL, trace?: Trace): NavigationVerdict {
  const plain = !trace && typeof url === 'string' ? plainHost(url) : null;
  if (plain !== null) {
    const { verdict, findings } = judgeHost(compiled, plain);
    return { verdict, host: plain, findings: findings as Finding[] };
  }
  const u = typeof url === 'string' ? new URL(url) : url;
  const judged = JUDGED_SCHEMES.has(u.protocol);
  traceStep(trace, 'scheme', () => (judged ? u.protocol : `${u.protocol} (not a web scheme: not judged)`));
  if (!judged) return { verdict: 'allow', host: u.hostname, findings: [] };
  const host = hostFromUrl(u);
  const { verdict, findings } = judgeHost(compiled, host, trace);
  const done = (v: Action, all: readonly Finding[]): NavigationVerdict => {
    if (trace)
      for (const f of all) trace.push({ check: `finding ${f.rule}`, result: `${f.action}, policy ${f.clause}` });
    return { verdict: v, host, findings: all as Finding[] };
  };
  // The user-info part (`https://www.ssk.or.jp@evil.example/`) is not the host: judged per URL, not cached.
  if (u.username || u.password) {
    const look = compiled.lookalikes.checkUserinfo(`${u.username}:${u.password}`);
    traceStep(trace, 'user-info', () => (look ? `imitates ${look.imitates} (${look.kind})` : 'no look-alike'));
    const f = lookalikeFinding(compiled, hostLabel(host), look);
    if (f) {
      const all = [...findings.filter((x) => x.rule !== 'lookalike-domain'), f];
      return done(verdictOf(all), all);
    }
  }
  return done(verdict, findings);
}
