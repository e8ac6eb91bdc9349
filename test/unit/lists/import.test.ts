// The admin import of public lists: parsing the plain format, merging into the document with provenance,
// and what the merged policy then does — broad-list hosts named by their category, blocked on navigation
// or only on upload by the category's guard, curated services keeping their names.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { compilePolicy } from '../../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../../shared/policy/default.ts';
import { applyImports, listCategory, parseDomainList } from '../../../shared/policy/imports.ts';
import { effectivePolicy } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import { compileDnrRules, DNR_LIMITS } from '../../../shared/web/dnr.ts';
import { explainBlock } from '../../../shared/web/block-explanation.ts';
import { judgeSubmission } from '../../../shared/web/form-verdict.ts';
import { judgeNavigation } from '../../../shared/web/navigation.ts';
import { readDomains, sharedDataPath, withAllPublicLists } from '../../shared-data.ts';

const effective = (layer: PolicyLayer) => {
  const e = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc: layer }]);
  expect(e.rejected).toEqual([]);
  return compilePolicy(e.policy, Date.parse('2026-12-01T00:00:00Z'));
};

describe('parseDomainList', () => {
  it('reads one domain a line, with comments, wildcards, case and trailing dots', () => {
    const r = parseDomainList('# a list\nBit.LY\n*.Example.com.\n\n  tiny.cc # inline\nbit.ly\n', 'x.txt');
    expect(r.domains).toEqual(['bit.ly', 'example.com', 'tiny.cc']);
    expect(r.skipped).toEqual([]);
  });
  it('skips IP addresses and non-hosts, saying where', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `host${i}.example`);
    lines.splice(3, 0, '88.191.122.25', 'http://a.example/path');
    const r = parseDomainList(lines.join('\n'), 'l.txt');
    expect(r.domains).toHaveLength(30);
    expect(r.skipped[0]).toMatch(/^l\.txt:4: .*IP/);
    expect(r.skipped[1]).toMatch(/^l\.txt:5: .*not a host name/);
  });
  it('refuses a file that is not such a list', () => {
    expect(() => parseDomainList('{"not": "a list"}\n<html>\n', 'p.json')).toThrow(
      /p\.json: .*not a one-domain-a-line list/,
    );
    expect(() => parseDomainList('# only comments\n', 'e.txt')).toThrow(/e\.txt: .*no domains/);
  });
  it('maps the public lists’ category names to the document’s', () => {
    expect(listCategory('filehosting')).toBe('file-hosting');
    expect(listCategory('webmail')).toBe('personal-webmail');
    expect(listCategory('ai')).toBe('generative-ai');
    expect(listCategory('shortener')).toBe('shortener');
    expect(listCategory('remote-control')).toBe('remote-control');
    expect(listCategory('porn')).toBeNull();
  });
});

describe('applyImports', () => {
  it('merges into the extra domains and records name, date and licence; a second import replaces its record', () => {
    const base: PolicyLayer = { shorteners: { extraDomains: ['own.example'] } };
    const one = {
      category: 'shortener' as const,
      name: 'L',
      date: '2026-01-01',
      licence: 'CC BY-SA 4.0',
      domains: ['a.example'],
    };
    const two = { ...one, category: 'file-hosting' as const, name: 'F', domains: ['f.example'] };
    const doc = applyImports(applyImports(base, [one, two]), [{ ...one, date: '2026-02-01' }]);
    expect(doc.shorteners?.extraDomains).toEqual(['a.example', 'own.example']);
    expect(doc.cloud?.extraDomains?.['file-hosting']).toEqual(['f.example']);
    expect(doc.lists).toEqual([
      { name: 'L', category: 'shortener', date: '2026-02-01', licence: 'CC BY-SA 4.0', domains: 1 },
      { name: 'F', category: 'file-hosting', date: '2026-01-01', licence: 'CC BY-SA 4.0', domains: 1 },
    ]);
    expect(base.lists).toBeUndefined(); // the input is not changed
  });
});

describe('a policy with every public list of ../shared/data imported', () => {
  const compiled = effective(withAllPublicLists());
  const nav = (url: string) => judgeNavigation(compiled, url);

  it('blocks shorteners of the imported lists beside the built-in ones', () => {
    const imported = readDomains('ut1', 'shortener', 'domains').filter((d) => !nav(`https://${d}/`).findings.length);
    expect(imported).toEqual([]);
    expect(nav('https://bit.ly/x').findings[0]?.rule).toBe('shortener');
  });

  it('lets a file-hosting host from the broad list be viewed, but blocks a sensitive upload to it', () => {
    expect(readDomains('ut1', 'filehosting', 'domains')).toContain('imgur.com');
    expect(nav('https://imgur.com/gallery/x').verdict).toBe('allow');
    const upload = judgeSubmission(compiled, {
      page: 'https://imgur.com/upload',
      action: 'https://imgur.com/api/upload',
      method: 'post',
      sensitive: ['file'],
    });
    expect(upload.verdict).toBe('block');
    const f = upload.findings.find((x) => x.rule === 'cloud-unapproved')!;
    expect(f.details.service).toBe('ファイル共有・アップロード');
    expect(f.message.en).toContain('ut1/filehosting');
    // a search box on the same host carries nothing sensitive
    expect(
      judgeSubmission(compiled, { page: 'https://imgur.com/', action: 'https://imgur.com/search', sensitive: [] })
        .verdict,
    ).toBe('allow');
  });

  it('blocks navigation to a broad-list host of a navigation-guarded category, named by its category', () => {
    const v = nav('https://anydesk.com/download');
    expect(v.verdict).toBe('block');
    expect(v.findings[0]!.details).toMatchObject({
      service: '遠隔操作',
      serviceEn: 'remote control',
      listed: 'ut1/remote-control',
    });
    const page = explainBlock(compiled, 'cloud-unapproved', 'https://anydesk.com/download');
    expect(page.service).toMatchObject({ name: '遠隔操作', category: { ja: '遠隔操作', en: 'remote control' } });
    expect(page.message.ja).toContain('ut1/remote-control');
  });

  it('keeps the curated name, operator and hosts where a curated service and a list both know a host', () => {
    for (const [url, name] of [
      ['https://chatgpt.com/', 'ChatGPT'],
      ['https://www.deepl.com/translator', 'DeepL'],
      ['https://gigafile.nu/', 'ギガファイル便'],
      ['https://miraitranslate.com/trial', 'みらい翻訳'],
      ['https://character.ai/', 'Character.AI'],
    ] as const) {
      const f = nav(url).findings.find((x) => x.rule === 'cloud-unapproved')!;
      expect(f.details.service).toContain(name);
      expect(f.details.listed).toBeUndefined();
    }
  });

  it('never treats the organisation or a known organisation as a listed host', () => {
    for (const url of ['https://www.ssk.or.jp/', 'https://www.mhlw.go.jp/', 'https://www.nenkin.go.jp/'])
      expect(nav(url).verdict).toBe('allow');
  });

  it('an approval of the category stand-in approves its hosts; a category not enforced is not blocked', () => {
    const approved = effective(
      withAllPublicLists({
        cloud: {
          approved: [
            {
              service: 'list-remote-control',
              operator: 'various',
              purpose: 'support',
              highestClassification: 1,
              validUntil: '2027-03-31',
              applicant: 'a',
              userScope: 'IT',
              manager: 'm',
            },
          ],
        },
      }),
    );
    expect(judgeNavigation(approved, 'https://anydesk.com/').verdict).toBe('allow');
    const off = effective(withAllPublicLists({ cloud: { enforcedCategories: ['file-storage'] } }));
    expect(judgeNavigation(off, 'https://anydesk.com/').verdict).toBe('allow');
  });

  it('stays inside the DNR budget of Chrome and Firefox with every list in', () => {
    const { rules, domains } = compileDnrRules(compiled, 'chrome-extension://id/blocked.html');
    expect(domains.shortener).toBeGreaterThan(5_000);
    const redirects = rules.filter((r) => r.action.type === 'redirect').length;
    expect(rules.length).toBeLessThan(DNR_LIMITS.firefoxDynamic / 100);
    expect(redirects).toBeLessThan(DNR_LIMITS.dynamicUnsafe / 100);
    expect(rules.filter((r) => r.condition.regexFilter).length).toBeLessThan(DNR_LIMITS.regex / 50);
    // an upload-guarded broad list gets no navigation rule
    expect(rules.some((r) => r.condition.requestDomains.includes('imgur.com'))).toBe(false);
    expect(rules.some((r) => r.condition.requestDomains.includes('anydesk.com'))).toBe(true);
  });
});

describe('ssk-guard policy build / import --import', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ssk-import-'));
    writeFileSync(join(tmp, 'policy.json'), JSON.stringify({ version: 'import-test' }));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('policy import writes the document to host, with provenance read from the lists’ SOURCE files', async () => {
    const out = join(tmp, 'hosted.json');
    const r = await run(
      'policy',
      'import',
      join(tmp, 'policy.json'),
      '--import',
      `shortener=${sharedDataPath('url-shorteners', 'list')}`,
      '--import',
      `filehosting=${sharedDataPath('ut1', 'filehosting', 'domains')}`,
      '--out',
      out,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/filehosting\/domains:\d+: .*IP/);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as PolicyLayer;
    expect(doc.version).toBe('import-test');
    expect(doc.lists).toEqual([
      expect.objectContaining({
        name: 'url-shorteners/list',
        category: 'shortener',
        licence: 'CC BY-SA 4.0',
        date: '2025-09-10',
      }),
      expect.objectContaining({
        name: 'ut1/filehosting',
        category: 'file-hosting',
        licence: 'CC BY-SA 4.0',
        date: '2026-08-17',
      }),
    ]);
    expect(doc.lists![0]!.source).toContain('PeterDaveHello/url-shorteners');
    expect(doc.shorteners?.extraDomains?.length).toBe(doc.lists![0]!.domains);
    expect(doc.cloud?.extraDomains?.['file-hosting']).toContain('imgur.com');
  });

  it('policy build --import puts the lists into every deployment file', async () => {
    const out = join(tmp, 'deploy');
    const r = await run(
      'policy',
      'build',
      join(tmp, 'policy.json'),
      '--out',
      out,
      '--import',
      `remote-control=${sharedDataPath('ut1', 'remote-control', 'domains')}`,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    const linux = files.find((f) => /chromium|linux/i.test(f) && f.endsWith('.json'))!;
    expect(readFileSync(join(out, linux), 'utf8')).toContain('anydesk.com');
  });

  it('refuses an unknown category, a list without a licence and a file that is not a list, saying which', async () => {
    const bad = await run('policy', 'import', join(tmp, 'policy.json'), '--import', 'porn=/dev/null');
    expect(bad.code).toBe(3);
    const noSource = join(tmp, 'mine.txt');
    writeFileSync(noSource, 'a.example\nb.example\n');
    const r = await run('policy', 'import', join(tmp, 'policy.json'), '--import', `shortener=${noSource}`);
    expect(r.code).toBe(3);
    const ok = await run(
      'policy',
      'import',
      join(tmp, 'policy.json'),
      '--import',
      `shortener=${noSource};licence=own;name=ours;date=2026-11-30`,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).lists).toEqual([
      { name: 'ours', category: 'shortener', date: '2026-11-30', licence: 'own', domains: 2 },
    ]);
    const notList = await run(
      'policy',
      'import',
      join(tmp, 'policy.json'),
      '--import',
      `shortener=${join(tmp, 'policy.json')};licence=x`,
    );
    expect(notList.code).toBe(3);
  });
});
