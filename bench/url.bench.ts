// URL verdict over 100k mixed URLs, as a ratio to a bare `new URL()` parse of the same URLs (bar ≤ 2.0).
//
// "Mixed" is modelled on real browsing and proxy logs: host popularity follows a Zipf law over
// 5,000 distinct hosts (the organisation, known organisations, shorteners, cloud services,
// look-alikes, and ordinary sites), with a fresh policy each round so every host is judged cold
// once per round. A verdict depends on the host alone and is cached per host, so the share of new
// hosts decides the cost; the worst case — every URL a new host — is printed too, for information.
import { compilePolicy } from '../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../shared/policy/default.ts';
import { BUILTIN_CLOUD_SERVICES, BUILTIN_SHORTENERS } from '../shared/policy/builtins.ts';
import { effectivePolicy } from '../shared/policy/layers.ts';
import { judgeNavigation } from '../shared/web/navigation.ts';
import { withAllPublicLists } from '../test/shared-data.ts';
import { line, medianMs } from './measure.ts';

// The policy in force: the built-in default with every public list of ../shared/data imported (as an admin
// would with `policy build --import …`): the host index then holds ~7,000 more entries.
const IMPORTED = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc: withAllPublicLists() }]).policy;
const LISTED = [...(IMPORTED.shorteners.extraDomains ?? []), ...Object.values(IMPORTED.cloud.extraDomains).flat()];

const N = 100_000;
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

function hostPopulation(count: number): string[] {
  const hosts = [
    'www.ssk.or.jp',
    'ssk.or.jp',
    'mail.ssk.or.jp',
    'www.mhlw.go.jp',
    'www.kokuho.or.jp',
    'www.digital.go.jp',
    'ssk.or.jp.example.net',
    'xn--k-cvba.or.jp',
    'sks.or.jp',
    'ssk-or-jp.com',
    'mhlw.go.jp.example.com',
  ];
  for (let i = 0; hosts.length < count; i++) {
    const r = rand();
    if (r < 0.03) hosts.push(BUILTIN_SHORTENERS[i % BUILTIN_SHORTENERS.length]!);
    else if (r < 0.05) hosts.push(LISTED[(i * 7) % LISTED.length]!);
    else if (r < 0.1) hosts.push(`x${i}.` + BUILTIN_CLOUD_SERVICES[i % BUILTIN_CLOUD_SERVICES.length]!.hosts[0]!);
    else hosts.push(`www${i % 3 ? '' : i}.site${i}.${['com', 'co.jp', 'net', 'jp', 'org', 'or.jp', 'go.jp'][i % 7]}`);
  }
  return hosts;
}

function zipfUrls(hosts: string[]): string[] {
  const weights = hosts.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  const urls: string[] = [];
  for (let i = 0; i < N; i++) {
    const r = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    urls.push(`https://${hosts[lo]}/path/${i}?q=${Math.floor(rand() * 1e6)}`);
  }
  return urls;
}

let sink = 0;
const timeOnce = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

/** Parse and verdict rounds interleaved, so drift in the machine's speed hits both alike; medians. */
function ratio(urls: string[], rounds = 15) {
  const parseRound = () => {
    for (const u of urls) sink += new URL(u).hostname.length;
  };
  const verdictRound = () => {
    const compiled = compilePolicy(IMPORTED, Date.now()); // fresh caches each round
    for (const u of urls) sink += judgeNavigation(compiled, u).findings.length;
  };
  const compile = medianMs(9, () => {
    sink += compilePolicy(IMPORTED, Date.now()).hostIndex.size;
  });
  parseRound();
  verdictRound(); // warm-up
  const parses: number[] = [];
  const verdicts: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const p = timeOnce(parseRound);
    const v = timeOnce(verdictRound) - compile;
    parses.push(p);
    verdicts.push(v);
    ratios.push(v / p);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    parse: mid(parses),
    verdict: mid(verdicts),
    ratio: mid(ratios),
    compile,
    distinct: new Set(urls.map((u) => new URL(u).hostname)).size,
  };
}

const mixed = ratio(zipfUrls(hostPopulation(5_000)));
console.log(
  `100k mixed URLs (${mixed.distinct} distinct hosts): new URL() ${mixed.parse.toFixed(1)} ms, ` +
    `verdict ${mixed.verdict.toFixed(1)} ms (+ policy compile ${mixed.compile.toFixed(1)} ms, once per policy)`,
);
line('url: verdict / bare new URL() parse, 100k mixed URLs', mixed.ratio, '≤ 2.0');

const worst = ratio(
  hostPopulation(N).map((h, i) => `https://${h}/p/${i}`),
  5,
);
console.log(
  `worst case, 100k URLs with ${worst.distinct} distinct hosts: ${((worst.verdict / N) * 1000).toFixed(2)} µs per new host`,
);
line('url: verdict / parse, every URL a new host (information)', worst.ratio, 'none');
if (sink === 42) console.log('');
