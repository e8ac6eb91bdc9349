// `npm run eval:lookalike` (also part of `npm run bench`): how the look-alike detection does against an
// independent generator and against real domains, with every public list of ../shared/data imported.
//  - flagged share: dnstwist's permutations of each protected domain an outsider can register (the
//    organisation's and the directory's, not under go.jp/lg.jp); goal ≥ 95 %. Flagged = a look-alike
//    finding, block (strong) or warn (weak).
//  - false alarms: look-alike findings on the real domains of the UT1 categories of legitimate sites
//    (bank, press, job search, shopping, …); goal 0.
// Also: the declarativeNetRequest rule counts with every list in, against Chrome's and Firefox's limits.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { compilePolicy } from '../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../shared/policy/default.ts';
import { effectivePolicy } from '../shared/policy/layers.ts';
import { compileDnrRules, DNR_LIMITS } from '../shared/web/dnr.ts';
import { compileStaticRules, relaxationRules, relaxedDomains, STATIC_RULE_LIMIT } from '../shared/web/dnr-static.ts';
import { judgeNavigation } from '../shared/web/navigation.ts';
import { readDomains, sharedDataPath, withAllPublicLists } from '../test/shared-data.ts';

const LEGITIMATE = [
  'bank',
  'press',
  'jobsearch',
  'shopping',
  'financial',
  'audio-video',
  'blog',
  'forums',
  'games',
  'sports',
  'radio',
  'educational_games',
];

const FUZZERS = [
  'addition',
  'bitsquatting',
  'cyrillic',
  'homoglyph',
  'hyphenation',
  'insertion',
  'omission',
  'repetition',
  'replacement',
  'subdomain',
  'transposition',
  'vowel-swap',
  'various',
];

function ensureDnstwist(): string {
  const found = spawnSync('sh', ['-c', 'command -v dnstwist'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('dnstwist is missing: installing Debian’s package (apt-get install -y dnstwist)');
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    const r = spawnSync('apt-get', ['install', '-y', 'dnstwist'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status === 0) return '/usr/bin/dnstwist';
  }
  throw new Error('dnstwist is needed: apt-get install -y dnstwist (Debian), then run again');
}

const e = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc: withAllPublicLists() }]);
if (e.rejected.length)
  throw new Error(`the imported policy is invalid: ${JSON.stringify(e.rejected[0]!.errors.slice(0, 3))}`);
const compiled = compilePolicy(e.policy);
const lookalike = (host: string) => {
  try {
    return judgeNavigation(compiled, `https://${host}/`).findings.find((f) => f.rule === 'lookalike-domain');
  } catch {
    return undefined; // not a URL the browser would visit
  }
};

// ---- dnstwist
const dnstwist = ensureDnstwist();
const version = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'dnstwist'], { encoding: 'utf8' }).stdout.trim();
const registrable = [...e.policy.organization.domains, ...e.policy.directory.flatMap((o) => o.domains)].filter(
  (d) => !/(^|\.)(go|lg)\.jp$/.test(d),
);
let allTotal = 0;
let allFlagged = 0;
let worst = 1;
for (const domain of registrable) {
  // `--format list` makes no DNS query (the other formats resolve every permutation); one run per fuzzer
  // keeps the fuzzer's name. dictionary and tld-swap need word lists of their own and are left out.
  const rows: [string, string][] = [];
  const seen = new Set([domain]);
  for (const fuzzer of FUZZERS) {
    const run = spawnSync(dnstwist, ['--format', 'list', '--fuzzers', fuzzer, domain], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    // A fuzzer with nothing to make for this name (vowel-swap of `ssk`) exits 2 saying so.
    if (run.status !== 0 && !/do not generate any permutations/.test(run.stderr))
      throw new Error(`dnstwist --fuzzers ${fuzzer} ${domain}: ${run.stderr}`);
    const list = run.status === 0 ? run.stdout : '';
    for (const host of list.split('\n').map((l) => l.trim()))
      if (host && !seen.has(host)) {
        seen.add(host);
        rows.push([fuzzer, host]);
      }
  }
  const missed = new Map<string, string[]>();
  let strong = 0;
  let weak = 0;
  for (const [fuzzer, host] of rows) {
    const f = lookalike(host);
    if (!f) missed.set(fuzzer, [...(missed.get(fuzzer) ?? []), host]);
    else if (f.action === 'block') strong++;
    else weak++;
  }
  const share = (strong + weak) / rows.length;
  worst = Math.min(worst, share);
  allTotal += rows.length;
  allFlagged += strong + weak;
  console.log(
    `dnstwist ${version} ${domain}: ${rows.length} permutations, flagged ${strong + weak} (${(share * 100).toFixed(1)} %: ` +
      `block ${strong}, warn ${weak})`,
  );
  for (const [fuzzer, hosts] of missed)
    console.log(`  missed ${fuzzer} ${hosts.length}: ${hosts.slice(0, 6).join(' ')}`);
  console.log(
    `lookalike: flagged share of dnstwist permutations, ${domain}`.padEnd(58) +
      ` ${(share * 100).toFixed(1)} %  (goal ≥ 95 %)`,
  );
}
console.log(
  `lookalike: flagged share, all ${registrable.length} domains`.padEnd(58) +
    ` ${((allFlagged / allTotal) * 100).toFixed(1)} %  (goal ≥ 95 %; worst ${(worst * 100).toFixed(1)} %)`,
);

// ---- false alarms on real domains
const real = new Set<string>();
const categories = LEGITIMATE.filter(
  (c) => existsSync(sharedDataPath('ut1')) && readdirSync(sharedDataPath('ut1')).includes(c),
);
for (const c of categories) for (const d of readDomains('ut1', c, 'domains')) real.add(d);
const alarms: string[] = [];
for (const d of real) {
  const f = lookalike(d);
  if (f) alarms.push(`${d} (${f.details.kind} of ${f.details.imitates}, ${f.action})`);
}
console.log(`false alarms on ${real.size} real domains (UT1 ${categories.join(', ')}): ${alarms.length}`);
for (const a of alarms.slice(0, 30)) console.log(`  ${a}`);
console.log(`lookalike: false alarms on ${real.size} real domains`.padEnd(58) + ` ${alarms.length}  (goal 0)`);

// ---- DNR budget with every list in: the static ruleset (the built-in default, shipped) and the dynamic
// rules the worker installs over it (the policy's own, and allow rules for what it relaxes).
const BLOCK_PAGE = 'chrome-extension://hpfoeegggioenfljnobgiipembipbgnl/blocked.html';
const fixed = compileStaticRules(BLOCK_PAGE);
const { rules, domains } = compileDnrRules(compiled, BLOCK_PAGE);
const relax = relaxationRules(relaxedDomains(fixed, rules), 900);
const dynamic = [...rules, ...relax];
const redirects = dynamic.filter((r) => r.action.type === 'redirect').length;
const regex = [...fixed, ...dynamic].filter((r) => r.condition.regexFilter).length;
console.log(
  `DNR with every list imported (${Object.entries(domains)
    .map(([k, v]) => `${k} ${v} domains`)
    .join(', ')}): static ${fixed.length} (limit ${STATIC_RULE_LIMIT}), dynamic ${dynamic.length} ` +
    `(redirect/unsafe ${redirects}, relaxations ${relax.length}), regex ${regex}; limits Chrome dynamic ` +
    `${DNR_LIMITS.dynamic} (unsafe ${DNR_LIMITS.dynamicUnsafe}, regex ${DNR_LIMITS.regex}), Firefox dynamic ${DNR_LIMITS.firefoxDynamic}`,
);
