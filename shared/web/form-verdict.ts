// The verdict for a form submission or a script post (issue 4, DESIGN §3): before confidential data
// leaves, it must go encrypted (8.1.1(5)(f)(ｱ)) to the organisation the user means (8.1.1(5)(f)(ｲ)).
// Files marked 要機密 go only where they are allowed (4.2.3, 3.1.1(4)(f)). Pure: plain facts in, findings out.
import type { CompiledPolicy } from '../policy/compile.ts';
import { makeFinding, verdictOf, type Finding, type Verdict } from './finding.ts';
import { describeDestination, sameOwner, type FormDestination, type JudgedHost } from './form-destination.ts';
import type { SensitivityKind } from './form-sensitivity.ts';
import { hostLabel } from './host-status.ts';
import { listedDetails, lookalikeFinding as lookalikeOf } from './navigation.ts';

export interface SubmissionFacts {
  /** The URL of the page (or frame) the data was entered on. */
  page: string;
  /** Where it goes: the form's action (or the submitter's formaction), or the script's URL; relative to `page`. */
  action: string;
  method?: string;
  /** What the submission carries (form-sensitivity.ts); empty = not sensitive. */
  sensitive: readonly SensitivityKind[];
  /** Names of chosen files that carry a 要機密 marker. */
  markedFiles?: readonly string[];
}

export interface SubmissionVerdict extends Verdict {
  sensitive: SensitivityKind[];
  destination: FormDestination | null;
  page: FormDestination | null;
  crossSite: boolean;
}

const MAX_NAMES = 3;

/** File names for a message: a few, then "+N". Shown as text by every renderer. */
export function fileList(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES).map((n) => `「${n.length > 80 ? n.slice(0, 79) + '…' : n}」`);
  return names.length > MAX_NAMES ? `${shown.join('')} +${names.length - MAX_NAMES}` : shown.join('');
}

function parse(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

/**
 * Marked files may go to the organisation's own sites and to services approved for 機密性2 or above;
 * anywhere else is a block. A known organisation is not an approval, so it falls under unknown-organization,
 * raised from warn to block: the policy forbids the upload, there is nothing to confirm.
 */
export function uploadFinding(compiled: CompiledPolicy, at: JudgedHost, files: readonly string[]): Finding | null {
  if (!files.length) return null;
  const d = at.destination;
  if (d.relation === 'organization') return null;
  const approvedLevel = at.status.approval?.highestClassification;
  if (d.relation === 'approved-service' && approvedLevel !== undefined && approvedLevel >= 2) return null;
  const names = fileList(files);
  if (at.status.service) {
    const details: Record<string, string> = {
      host: hostLabel(d.host),
      files: names,
      service: at.status.service.name,
      operator: at.status.service.operator,
    };
    if (approvedLevel !== undefined) details.level = String(approvedLevel);
    return makeFinding(compiled, 'cloud-confidential-upload', details);
  }
  const f = makeFinding(compiled, 'unknown-organization', {
    host: hostLabel(d.host),
    registrable: d.registrable,
    reason: 'upload',
    files: names,
  });
  return f && f.action === 'warn' ? { ...f, action: 'block' } : f;
}

function lookalikeFinding(compiled: CompiledPolicy, at: JudgedHost): Finding | null {
  const r = at.destination.relation;
  if (r === 'organization' || r === 'known-organization' || r === 'approved-service') return null;
  return lookalikeOf(compiled, hostLabel(at.destination.host), compiled.lookalikes.check(at.destination.host));
}

/**
 * A host known only from a broad list whose category guards uploads (default: file hosting and storage)
 * may be viewed, but nothing sensitive goes to it: a file, a password, a My Number … (8.1.1(3)(m), 4.2.3).
 */
function listedUploadFinding(compiled: CompiledPolicy, at: JudgedHost): Finding | null {
  const { status } = at;
  if (status.kind !== 'cloud-service' || !status.listed) return null;
  return makeFinding(compiled, 'cloud-unapproved', {
    ...listedDetails(hostLabel(at.destination.host), status.listed),
    upload: 'yes',
  });
}

function transportFinding(compiled: CompiledPolicy, page: JudgedHost | null, target: JudgedHost): Finding | null {
  const t = target.destination;
  const p = page?.destination;
  const pageInsecure = p !== undefined && !p.encrypted && !p.loopback;
  const targetInsecure = !t.encrypted && !t.loopback;
  if (!pageInsecure && !targetInsecure) return null;
  const where = targetInsecure ? (p?.encrypted ? 'downgrade' : 'target') : 'page';
  return makeFinding(compiled, 'insecure-transport', {
    host: hostLabel(t.host),
    page: p ? hostLabel(p.host) : '',
    where,
  });
}

/**
 * The verdict for one submission. A submission that carries nothing sensitive is allowed with no
 * finding at all (a search box never asks). `action` that is not a URL throws a TypeError.
 */
export function judgeSubmission(compiled: CompiledPolicy, facts: SubmissionFacts): SubmissionVerdict {
  const pageUrl = parse(facts.page);
  const actionUrl = parse(facts.action, pageUrl?.href);
  if (!actionUrl) throw new TypeError(`not a URL: ${facts.action.slice(0, 200)}`);
  const page = pageUrl ? describeDestination(compiled, pageUrl) : null;
  const target = describeDestination(compiled, actionUrl);
  const sensitive = [...facts.sensitive];
  const marked = facts.markedFiles ?? [];
  const crossSite = page !== null && target !== null && !sameOwner(page, target);
  const base = { sensitive, destination: target?.destination ?? null, page: page?.destination ?? null, crossSite };
  if (!target || (sensitive.length === 0 && marked.length === 0)) return { verdict: 'allow', findings: [], ...base };

  const findings: Finding[] = [];
  const add = (f: Finding | null) => {
    if (f) findings.push(f);
  };
  add(transportFinding(compiled, page, target));
  add(lookalikeFinding(compiled, target));
  if (page && page.destination.host !== target.destination.host) add(lookalikeFinding(compiled, page));
  add(uploadFinding(compiled, target, marked));
  add(listedUploadFinding(compiled, target));
  if (!findings.some((f) => f.rule === 'unknown-organization')) {
    const r = target.destination.relation;
    const unknown = r !== 'organization' && r !== 'known-organization' && r !== 'approved-service';
    if (unknown || crossSite) {
      const org = target.destination.organization ?? target.destination.service;
      add(
        makeFinding(compiled, 'unknown-organization', {
          host: hostLabel(target.destination.host),
          registrable: target.destination.registrable,
          reason: unknown ? 'not-in-directory' : 'cross-site',
          page: page ? hostLabel(page.destination.host) : '',
          organization: org ? org.name : '',
          organizationEn: org ? ('nameEn' in org && org.nameEn ? org.nameEn : org.name) : '',
        }),
      );
    }
  }
  return { verdict: verdictOf(findings), findings, ...base };
}

/** The upload guard (issue 4 item 5): files chosen or dropped on a page, judged against that page's host. */
export function judgeUpload(compiled: CompiledPolicy, page: string, markedFiles: readonly string[]): SubmissionVerdict {
  const url = parse(page);
  const at = url ? describeDestination(compiled, url) : null;
  const base = {
    sensitive: [] as SensitivityKind[],
    destination: at?.destination ?? null,
    page: at?.destination ?? null,
  };
  const f = at ? uploadFinding(compiled, at, markedFiles) : null;
  const findings = f ? [f] : [];
  return { verdict: verdictOf(findings), findings, crossSite: false, ...base };
}
