// `policy build` as a pure function: every file it makes is parsed with a real parser, and each browser's
// payload is rebuilt from it and compared with the document, the managed schema and the validator.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDeployment, type Deployment } from '../../../shared/policy/deploy/build.ts';
import { MANAGED_ONLY_KEYS } from '../../../shared/policy/deploy/payload.ts';
import {
  CHROMIUM_BROWSERS,
  CHROMIUM_EXTENSION_ID,
  FIREFOX_EXTENSION_ID,
  extensionMacDomain,
  extensionPolicyKey,
  forcelistKey,
} from '../../../shared/policy/deploy/targets.ts';
import type { DeployOptions } from '../../../shared/policy/deploy/types.ts';
import { validateLayer } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import {
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  signDocument,
  verifyEnvelope,
} from '../../../shared/policy/signature.ts';
import { Registry, applyRegFile, registryToJson } from './registry-reader.ts';
import { managedSchema, schemaErrors } from './schema-check.ts';

const FIXTURE = 'test/fixtures/deploy/policy.json';
const policy = JSON.parse(readFileSync(FIXTURE, 'utf8')) as PolicyLayer;
const schema = managedSchema();
const UPDATE_URL = 'https://extensions.example.ssk.or.jp/ssk-guard/updates.xml';
const XPI_URL = 'https://extensions.example.ssk.or.jp/ssk-guard/ssk-guard.xpi';
const FORCE_ENTRY = `${CHROMIUM_EXTENSION_ID};${UPDATE_URL}`;

const hosted = Object.fromEntries(
  Object.entries(policy).filter(([k]) => !(MANAGED_ONLY_KEYS as readonly string[]).includes(k)),
);

let keys: { publicKey: string; privateKey: string };
let deployment: Deployment;
let options: DeployOptions;

const file = (path: string) => {
  const f = deployment.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in ${deployment.files.map((x) => x.path).join(', ')}`);
  return f.contents;
};
const text = (path: string) => {
  const c = file(path);
  if (typeof c !== 'string') throw new Error(`${path} is bytes`);
  return c;
};
const bytes = (path: string) => {
  const c = file(path);
  if (typeof c === 'string') throw new Error(`${path} is text`);
  return c;
};

/** What a browser would hand the extension: valid as a layer and against the managed schema, and the document itself. */
function expectBrowserPayload(payload: unknown) {
  expect(schemaErrors(payload, schema)).toEqual([]);
  expect(validateLayer(payload).ok).toBe(true);
  expect(payload).toEqual(policy);
}

beforeAll(async () => {
  keys = await generateKeyPair();
  const hostedText = JSON.stringify(hosted, null, 2) + '\n';
  options = {
    updateUrl: UPDATE_URL,
    xpiUrl: XPI_URL,
    forcelistIndex: 1,
    signed: await signDocument(hostedText, await importPrivateKey(keys.privateKey)),
  };
  deployment = buildDeployment(policy, options);
});

describe('policy build: the files', () => {
  it('makes every deployment file, and README.txt names each of them', () => {
    const paths = deployment.files.map((f) => f.path);
    expect(paths).toEqual([
      'windows/ssk-guard-chrome.reg',
      'windows/ssk-guard-edge.reg',
      'windows/admx/ssk-guard.admx',
      'windows/admx/en-US/ssk-guard.adml',
      'windows/admx/ja-JP/ssk-guard.adml',
      'macos/ssk-guard.mobileconfig',
      'linux/etc/opt/chrome/policies/managed/ssk-guard.json',
      'linux/etc/chromium/policies/managed/ssk-guard.json',
      'firefox/policies.json',
      'google-admin/policy-for-extensions.json',
      'hosted/policy.json',
      'hosted/policy.signed.json',
      'README.txt',
    ]);
    const readme = text('README.txt');
    for (const p of paths) expect(readme).toContain(p);
    for (const f of deployment.files) expect(f.destination.ja && f.destination.en).toBeTruthy();
    expect(readme).toContain(CHROMIUM_EXTENSION_ID);
    expect(readme).toContain(FIREFOX_EXTENSION_ID);
    // The fixture names a policyUrl but no public key: the admin is told the remote document goes unsigned.
    expect(deployment.warnings.map((w) => w.en)).toEqual([expect.stringContaining('policyUrl has no policyPublicKey')]);
  });

  it('is reproducible: the same document gives the same bytes', () => {
    const again = buildDeployment(policy, options);
    expect(again.files.map((f) => f.contents)).toEqual(deployment.files.map((f) => f.contents));
  });
});

describe('Windows .reg files (strict reader, Chromium’s registry-to-JSON rules)', () => {
  for (const browser of CHROMIUM_BROWSERS) {
    it(`${browser.name}: the policy key rebuilds the document, and force-install is set`, () => {
      const reg = applyRegFile(bytes(`windows/ssk-guard-${browser.id}.reg`));
      expectBrowserPayload(registryToJson(reg, extensionPolicyKey(browser), schema));
      expect(reg.key(forcelistKey(browser))?.values.get('1')).toMatchObject({ type: 'REG_SZ', data: FORCE_ENTRY });
    });
  }

  it('clears what an earlier import left (a removed approval does not linger as subkey 3)', () => {
    const chrome = CHROMIUM_BROWSERS[0]!;
    const before = new Registry();
    before.setValue(`${extensionPolicyKey(chrome)}\\cloud\\approved\\3`, 'service', {
      type: 'REG_SZ',
      data: 'dropbox',
    });
    before.setValue(extensionPolicyKey(chrome), 'stale', { type: 'REG_SZ', data: 'x' });
    before.setValue(forcelistKey(chrome), '2', { type: 'REG_SZ', data: 'other-extension;https://x.example/' });
    const reg = applyRegFile(bytes('windows/ssk-guard-chrome.reg'), before);
    expectBrowserPayload(registryToJson(reg, extensionPolicyKey(chrome), schema));
    // Other force-installed extensions are left alone.
    expect(reg.key(forcelistKey(chrome))?.values.get('2')?.data).toBe('other-extension;https://x.example/');
  });

  it('writes lists as numbered entries in order, types as Chromium reads them', () => {
    const reg = applyRegFile(bytes('windows/ssk-guard-chrome.reg'));
    const root = extensionPolicyKey(CHROMIUM_BROWSERS[0]!);
    const ext = reg.key(`${root}\\mail\\executableExtensions`)!;
    expect([...ext.values.values()].map((v) => [v.name, v.data])).toEqual(
      policy.mail!.executableExtensions!.map((e, i) => [String(i + 1), e]),
    );
    expect(reg.key(`${root}\\overrides`)!.values.get('allowed')).toMatchObject({ type: 'REG_DWORD', data: 0 });
    expect(reg.key(`${root}\\overrides`)!.values.get('minutes')).toMatchObject({ type: 'REG_DWORD', data: 60 });
    // An empty list is JSON text: an empty key would not survive Group Policy or some tools.
    expect(reg.key(`${root}\\shorteners`)!.values.get('exceptions')).toMatchObject({ type: 'REG_SZ', data: '[]' });
    // A line break cannot sit in a quoted .reg string: it went as hex(1) and came back whole.
    expect(reg.key(`${root}\\cloud\\services\\1`)!.values.get('note')!.data).toContain('\n(2027-04) C:\\share');
  });
});

describe('ADMX/ADML (fast-xml-parser)', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['policy', 'item', 'string'].includes(name),
  });
  type Item = { key: string; valueName: string; value: { string?: string | number; decimal?: { value: string } } };
  type Policy = { name: string; key: string; displayName: string; explainText: string; enabledList: { item: Item[] } };

  it('parses; every string it names is in both ADML files', () => {
    const admx = text('windows/admx/ssk-guard.admx');
    expect(parser.parse(admx).policyDefinitions.policies.policy).toHaveLength(4);
    const ids = [...admx.matchAll(/\$\(string\.([A-Za-z0-9_]+)\)/g)].map((m) => m[1]);
    for (const lang of ['en-US', 'ja-JP']) {
      const adml = parser.parse(text(`windows/admx/${lang}/ssk-guard.adml`)).policyDefinitionResources;
      const table = new Set((adml.resources.stringTable.string as { id: string }[]).map((s) => s.id));
      for (const id of ids) expect(table.has(id!), `${lang} lacks ${id}`).toBe(true);
    }
  });

  for (const browser of CHROMIUM_BROWSERS) {
    it(`${browser.name}: enabling the two settings writes the document and the force-install entry`, () => {
      const strict = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        parseTagValue: false,
        isArray: (name) => ['policy', 'item'].includes(name),
      });
      const policies = strict.parse(text('windows/admx/ssk-guard.admx')).policyDefinitions.policies.policy as Policy[];
      const reg = new Registry();
      const prefix = browser.id === 'chrome' ? 'Chrome' : 'Edge';
      for (const name of [`${prefix}ExtensionPolicy`, `${prefix}ForceInstall`]) {
        const p = policies.find((x) => x.name === name)!;
        for (const item of p.enabledList.item) {
          const data = item.value.decimal
            ? { type: 'REG_DWORD' as const, data: Number(item.value.decimal.value) }
            : { type: 'REG_SZ' as const, data: String(item.value.string ?? '') };
          reg.setValue(item.key, item.valueName, data);
        }
      }
      expectBrowserPayload(registryToJson(reg, extensionPolicyKey(browser), schema));
      expect(reg.key(forcelistKey(browser))?.values.get('1')?.data).toBe(FORCE_ENTRY);
    });
  }
});

describe('macOS configuration profile (plist)', () => {
  it('carries force-install and the extension policy for Chrome and Edge, with unique ids', () => {
    const profile = parsePlist(text('macos/ssk-guard.mobileconfig')) as Record<string, unknown>;
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadVersion: 1, PayloadScope: 'System' });
    const content = profile.PayloadContent as Record<string, unknown>[];
    expect(content).toHaveLength(4);
    const uuids = [profile.PayloadUUID, ...content.map((c) => c.PayloadUUID)];
    const ids = [profile.PayloadIdentifier, ...content.map((c) => c.PayloadIdentifier)];
    expect(new Set(uuids).size).toBe(5);
    expect(new Set(ids).size).toBe(5);
    for (const u of uuids) expect(u).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    for (const browser of CHROMIUM_BROWSERS) {
      expect(content.find((c) => c.PayloadType === browser.macDomain)?.ExtensionInstallForcelist).toEqual([
        FORCE_ENTRY,
      ]);
      const ext = content.find((c) => c.PayloadType === extensionMacDomain(browser))!;
      const payload = Object.fromEntries(Object.entries(ext).filter(([k]) => !k.startsWith('Payload')));
      expectBrowserPayload(payload);
    }
  });

  it('gives a changed policy new payload UUIDs', () => {
    const other = buildDeployment({ ...policy, version: 'other' }, options);
    const uuid = (d: Deployment) =>
      (
        parsePlist(d.files.find((f) => f.path === 'macos/ssk-guard.mobileconfig')!.contents as string) as {
          PayloadUUID: string;
        }
      ).PayloadUUID;
    expect(uuid(other)).not.toBe(uuid(deployment));
  });
});

describe('JSON files (JSON.parse)', () => {
  it('Linux: Chrome and Chromium managed policy with 3rdparty.extensions and the force-install list', () => {
    for (const dir of ['etc/opt/chrome', 'etc/chromium']) {
      const doc = JSON.parse(text(`linux/${dir}/policies/managed/ssk-guard.json`));
      expect(Object.keys(doc).sort()).toEqual(['3rdparty', 'ExtensionInstallForcelist']);
      expect(doc.ExtensionInstallForcelist).toEqual([FORCE_ENTRY]);
      expect(Object.keys(doc['3rdparty'].extensions)).toEqual([CHROMIUM_EXTENSION_ID]);
      expectBrowserPayload(doc['3rdparty'].extensions[CHROMIUM_EXTENSION_ID]);
    }
  });

  it('Firefox: policies.json with force-install and 3rdparty.Extensions', () => {
    const doc = JSON.parse(text('firefox/policies.json'));
    expect(doc.policies.ExtensionSettings).toEqual({
      [FIREFOX_EXTENSION_ID]: { installation_mode: 'force_installed', install_url: XPI_URL },
    });
    expectBrowserPayload(doc.policies['3rdparty'].Extensions[FIREFOX_EXTENSION_ID]);
  });

  it('Google Admin console: each setting as {"Value": …}', () => {
    const doc = JSON.parse(text('google-admin/policy-for-extensions.json')) as Record<string, { Value: unknown }>;
    for (const entry of Object.values(doc)) expect(Object.keys(entry)).toEqual(['Value']);
    expectBrowserPayload(Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v.Value])));
  });

  it('the hosted policy.json is the document without the managed-only settings', () => {
    const doc = JSON.parse(text('hosted/policy.json'));
    expect(doc).toEqual(hosted);
    for (const k of MANAGED_ONLY_KEYS) expect(doc).not.toHaveProperty(k);
    expect(policy.policyUrl).toBeDefined(); // the fixture has them, so leaving them out is tested
    expect(schemaErrors(doc, schema)).toEqual([]);
  });

  it('policy.signed.json signs exactly the hosted policy.json and verifies with the public key', async () => {
    const envelope = JSON.parse(text('hosted/policy.signed.json'));
    expect(envelope.signed).toBe(text('hosted/policy.json'));
    expect(await verifyEnvelope(envelope, await importPublicKey(keys.publicKey))).toMatchObject({ ok: true });
  });
});

describe('--bootstrap: managed policy only points at the remote document', () => {
  it('browsers get policyUrl and its settings; the hosted document carries everything else', () => {
    const d = buildDeployment(policy, { ...options, bootstrap: true });
    const get = (path: string) => d.files.find((f) => f.path === path)!.contents as string;
    const bootstrap = { policyUrl: policy.policyUrl, policyRefreshMinutes: policy.policyRefreshMinutes };
    const linux = JSON.parse(get('linux/etc/opt/chrome/policies/managed/ssk-guard.json'));
    expect(linux['3rdparty'].extensions[CHROMIUM_EXTENSION_ID]).toEqual(bootstrap);
    expect(linux.ExtensionInstallForcelist).toEqual([FORCE_ENTRY]);
    const firefox = JSON.parse(get('firefox/policies.json'));
    expect(firefox.policies['3rdparty'].Extensions[FIREFOX_EXTENSION_ID]).toEqual(bootstrap);
    const reg = applyRegFile(d.files.find((f) => f.path === 'windows/ssk-guard-chrome.reg')!.contents as Uint8Array);
    expect(registryToJson(reg, extensionPolicyKey(CHROMIUM_BROWSERS[0]!), schema)).toEqual(bootstrap);
    expect(JSON.parse(get('hosted/policy.json'))).toEqual(hosted);
    expect(get('README.txt')).toContain('--bootstrap');
  });

  it('needs a policyUrl', () => {
    const { policyUrl: _, ...withoutUrl } = policy;
    expect(() => buildDeployment(withoutUrl, { ...options, bootstrap: true })).toThrow(/needs policyUrl/);
  });
});

describe('what the build refuses or warns about', () => {
  it('warns when the install URLs are placeholders, or a public key is set but nothing is signed', () => {
    const d = buildDeployment(
      { ...policy, policyPublicKey: keys.publicKey },
      {
        updateUrl: 'https://REPLACE-ME.invalid/ssk-guard/updates.xml',
        xpiUrl: 'https://REPLACE-ME.invalid/ssk-guard/ssk-guard.xpi',
        forcelistIndex: 1,
      },
    );
    expect(d.warnings.map((w) => w.en).join('\n')).toMatch(/--update-url[\s\S]*--xpi-url[\s\S]*policyPublicKey/);
    expect(d.files.map((f) => f.path)).not.toContain('hosted/policy.signed.json');
    expect(d.files.find((f) => f.path === 'README.txt')!.contents).toContain('--update-url');
  });

  it('writes the chosen ExtensionInstallForcelist entry', () => {
    const d = buildDeployment(policy, { ...options, forcelistIndex: 7 });
    const reg = applyRegFile(d.files.find((f) => f.path === 'windows/ssk-guard-edge.reg')!.contents as Uint8Array);
    expect(reg.key(forcelistKey(CHROMIUM_BROWSERS[1]!))?.values.get('7')?.data).toBe(FORCE_ENTRY);
  });

  it('refuses a string that XML cannot carry, naming where it is', () => {
    const bad = { ...policy, contact: { ...policy.contact!, securityTeam: 'desk\u0007' } };
    expect(() => buildDeployment(bad, options)).toThrow(/contact\.securityTeam/);
  });
});

describe('the ids the files name', () => {
  it('are the ones the extension is built with (wxt.config.ts)', () => {
    const config = readFileSync('wxt.config.ts', 'utf8');
    const key = /EXTENSION_KEY =\s*'([^']+)'/.exec(config)![1]!;
    const hash = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
    const id = [...hash].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
    expect(id).toBe(CHROMIUM_EXTENSION_ID);
    expect(config).toContain(`id: '${FIREFOX_EXTENSION_ID}'`);
  });
});
