// `npm run eval:lookalike` (also part of `npm run bench`): how the look-alike detection does against an
// independent generator and against real domains, with every public list of ../shared/data imported.
//  - flagged share: dnstwist's permutations of each protected domain an outsider can register (the
//    organisation's and the directory's, not under go.jp/lg.jp); goal ≥ 95 %. Flagged = a look-alike
//    finding, block (strong) or warn (weak). Reported twice: with the 13 fuzzers that need no word list, and
//    with the dictionary fuzzer (english.dict) and the tld-swap fuzzer (common_tlds.dict, abused_tlds.dict)
//    added, from the word lists Debian's package ships in /usr/share/dnstwist/dictionaries.
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
// The word lists Debian's package ships: the dictionary fuzzer's words (`-d`) and the tld-swap fuzzer's
// suffixes (`--tld`), each run on its own so that each list's figure shows.
const DICTIONARIES = '/usr/share/dnstwist/dictionaries';
const WORDED: { fuzzer: string; args: string[] }[] = [
  { fuzzer: 'dictionary(english)', args: ['--fuzzers', 'dictionary', '-d', `${DICTIONARIES}/english.dict`] },
  { fuzzer: 'tld-swap(common_tlds)', args: ['--fuzzers', 'tld-swap', '--tld', `${DICTIONARIES}/common_tlds.dict`] },
  { fuzzer: 'tld-swap(abused_tlds)', args: ['--fuzzers', 'tld-swap', '--tld', `${DICTIONARIES}/abused_tlds.dict`] },
];
for (const w of WORDED) {
  const list = w.args[w.args.length - 1]!;
  if (!existsSync(list))
    throw new Error(`${list} is missing: Debian's dnstwist package ships it (apt-get install -y dnstwist)`);
}

/** dnstwist's permutations of `domain` (`--format list` makes no DNS query), each with the fuzzer that made it. */
function permutations(domain: string): { plain: [string, string][]; worded: [string, string][] } {
  const seen = new Set([domain]);
  const run = (name: string, args: string[], into: [string, string][]) => {
    const r = spawnSync(dnstwist, ['--format', 'list', ...args, domain], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // A fuzzer with nothing to make for this name (vowel-swap of `ssk`) exits 2 saying so.
    if (r.status !== 0 && !/do not generate any permutations/.test(r.stderr))
      throw new Error(`dnstwist ${args.join(' ')} ${domain}: ${r.stderr}`);
    for (const host of (r.status === 0 ? r.stdout : '').split('\n').map((l) => l.trim()))
      if (host && !seen.has(host)) {
        seen.add(host);
        into.push([name, host]);
      }
  };
  const plain: [string, string][] = [];
  const worded: [string, string][] = [];
  // One run per fuzzer keeps the fuzzer's name.
  for (const fuzzer of FUZZERS) run(fuzzer, ['--fuzzers', fuzzer], plain);
  for (const w of WORDED) run(w.fuzzer, w.args, worded);
  return { plain, worded };
}

interface Tally {
  total: number;
  strong: number;
  weak: number;
  missed: Map<string, string[]>;
}
function tally(rows: [string, string][]): Tally {
  const t: Tally = { total: rows.length, strong: 0, weak: 0, missed: new Map() };
  for (const [fuzzer, host] of rows) {
    const f = lookalike(host);
    if (!f) t.missed.set(fuzzer, [...(t.missed.get(fuzzer) ?? []), host]);
    else if (f.action === 'block') t.strong++;
    else t.weak++;
  }
  return t;
}
const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(1)} %`;

const sums = { plain: { total: 0, flagged: 0, worst: 1 }, all: { total: 0, flagged: 0, worst: 1 } };
for (const domain of registrable) {
  const { plain, worded } = permutations(domain);
  const p = tally(plain);
  const a = tally([...plain, ...worded]);
  for (const [key, t] of [['plain', p] as const, ['all', a] as const]) {
    sums[key].total += t.total;
    sums[key].flagged += t.strong + t.weak;
    sums[key].worst = Math.min(sums[key].worst, (t.strong + t.weak) / t.total);
  }
  console.log(
    `dnstwist ${version} ${domain}: ${FUZZERS.length} fuzzers without word lists ${p.total} permutations, ` +
      `flagged ${p.strong + p.weak} (${pct(p.strong + p.weak, p.total)}); with dictionary and tld-swap ` +
      `${a.total}, flagged ${a.strong + a.weak} (${pct(a.strong + a.weak, a.total)}: block ${a.strong}, warn ${a.weak})`,
  );
  for (const [fuzzer, hosts] of a.missed)
    console.log(`  missed ${fuzzer} ${hosts.length}: ${hosts.slice(0, 8).join(' ')}`);
  console.log(
    `lookalike: flagged share, ${domain}, without word lists`.padEnd(66) +
      ` ${pct(p.strong + p.weak, p.total)}  (goal ≥ 95 %)`,
  );
  console.log(
    `lookalike: flagged share, ${domain}, all fuzzers`.padEnd(66) +
      ` ${pct(a.strong + a.weak, a.total)}  (goal ≥ 95 %)`,
  );
}
for (const [key, what] of [['plain', 'without word lists'] as const, ['all', 'all fuzzers'] as const])
  console.log(
    `lookalike: flagged share, all ${registrable.length} domains, ${what}`.padEnd(66) +
      ` ${pct(sums[key].flagged, sums[key].total)}  (goal ≥ 95 %; worst ${(sums[key].worst * 100).toFixed(1)} %)`,
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
