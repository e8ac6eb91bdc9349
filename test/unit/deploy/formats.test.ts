// The awkward corners of each format: text that needs escaping, empty lists and dictionaries, numbers the
// registry cannot hold. Each case goes through the generator and back through a real parser.
import { XMLParser } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { buildDeployment } from '../../../shared/policy/deploy/build.ts';
import { nestedRegistryKeys, flatRegistryValues } from '../../../shared/policy/deploy/registry.ts';
import { stableUuid } from '../../../shared/policy/deploy/stable-uuid.ts';
import { CHROMIUM_BROWSERS, extensionMacDomain, extensionPolicyKey } from '../../../shared/policy/deploy/targets.ts';
import { DeployError } from '../../../shared/policy/deploy/types.ts';
import { validateLayer } from '../../../shared/policy/layers.ts';
import type { PolicyLayer } from '../../../shared/policy/schema.ts';
import { applyRegFile, registryToJson } from './registry-reader.ts';
import { managedSchema, schemaErrors } from './schema-check.ts';

const schema = managedSchema();
const options = { updateUrl: 'https://u.example/updates.xml', xpiUrl: 'https://u.example/a.xpi', forcelistIndex: 1 };
const chrome = CHROMIUM_BROWSERS[0]!;

// Every character class that needs care in .reg, XML attributes, XML text and JSON.
const AWKWARD = 'a "quoted" \\path\\ <tag> & ]]> \'apos\'\ttab\r\nCRLF\nLF 全角（テスト） 𠮷';
const doc: PolicyLayer = {
  version: 'awkward-1',
  rules: {},
  shorteners: { extraDomains: [], exceptions: ['aka.ms'] },
  cloud: {
    services: [{ id: 'x', name: AWKWARD, operator: 'o', category: 'paste', hosts: ['paste.example'], note: AWKWARD }],
  },
  contact: { securityTeam: AWKWARD },
};

function built(path: string) {
  return buildDeployment(doc, options).files.find((f) => f.path === path)!.contents;
}

describe('text that needs escaping survives every format', () => {
  it('(the document is a valid layer)', () => expect(validateLayer(doc).ok).toBe(true));

  it('.reg', () => {
    const reg = applyRegFile(built('windows/ssk-guard-chrome.reg') as Uint8Array);
    expect(registryToJson(reg, extensionPolicyKey(chrome), schema)).toEqual(doc);
  });

  it('ADMX (fast-xml-parser, entities decoded)', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      trimValues: false,
      htmlEntities: true,
      isArray: (n) => ['policy', 'item'].includes(n),
    });
    const policies = parser.parse(built('windows/admx/ssk-guard.admx') as string).policyDefinitions.policies.policy;
    const items = policies.find((p: { name: string }) => p.name === 'ChromeExtensionPolicy').enabledList.item as {
      valueName: string;
      value: { string: string };
    }[];
    const value = (name: string) => JSON.parse(items.find((i) => i.valueName === name)!.value.string);
    expect(value('contact')).toEqual(doc.contact);
    expect(value('cloud')).toEqual(doc.cloud);
    expect(value('rules')).toEqual({});
  });

  it('configuration profile (plist)', () => {
    const profile = parsePlist(built('macos/ssk-guard.mobileconfig') as string) as {
      PayloadContent: Record<string, unknown>[];
    };
    const ext = profile.PayloadContent.find((c) => c.PayloadType === extensionMacDomain(chrome))!;
    expect(ext.contact).toEqual(doc.contact);
    expect(ext.cloud).toEqual(doc.cloud);
    expect(ext.rules).toEqual({});
  });
});

describe('registry layouts', () => {
  it('nested: empty lists and dictionaries as JSON text, lists numbered from 1', () => {
    const keys = nestedRegistryKeys('R', { a: [], b: {}, c: ['x', 'y'], d: [{ e: true }] });
    expect(keys).toEqual([
      {
        path: 'R',
        values: [
          { name: 'a', type: 'REG_SZ', data: '[]' },
          { name: 'b', type: 'REG_SZ', data: '{}' },
        ],
      },
      {
        path: 'R\\c',
        values: [
          { name: '1', type: 'REG_SZ', data: 'x' },
          { name: '2', type: 'REG_SZ', data: 'y' },
        ],
      },
      { path: 'R\\d', values: [] },
      { path: 'R\\d\\1', values: [{ name: 'e', type: 'REG_DWORD', data: 1 }] },
    ]);
  });

  it('flat: one value per setting', () => {
    expect(flatRegistryValues({ v: 's', n: 5, t: false, o: { a: [1] } })).toEqual([
      { name: 'v', type: 'REG_SZ', data: 's' },
      { name: 'n', type: 'REG_DWORD', data: 5 },
      { name: 't', type: 'REG_DWORD', data: 0 },
      { name: 'o', type: 'REG_SZ', data: '{"a":[1]}' },
    ]);
  });

  it('refuses numbers a DWORD cannot hold, saying where', () => {
    for (const n of [-1, 2 ** 31, 1.5]) expect(() => nestedRegistryKeys('R', { x: { y: [n] } })).toThrow(DeployError);
    expect(() => nestedRegistryKeys('R', { x: { y: [-1] } })).toThrow(/x\.y\[0\]/);
  });
});

describe('stable UUIDs', () => {
  it('are well-formed, reproducible and differ by input', () => {
    const a = stableUuid('a');
    expect(a).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(stableUuid('a')).toBe(a);
    const many = new Set(Array.from({ length: 2000 }, (_, i) => stableUuid(`payload-${i}`)));
    expect(many.size).toBe(2000);
  });
});

describe('the test checkers themselves', () => {
  it('the schema checker reports wrong types, unknown settings and values out of range', () => {
    const errors = schemaErrors({ overrides: { minutes: 'x' }, bogus: 1, audit: { format: 'syslog' } }, schema);
    expect(errors).toHaveLength(3);
  });
  it('the registry reader refuses what Chromium would not read as the document', () => {
    const reg = applyRegFile(built('windows/ssk-guard-chrome.reg') as Uint8Array);
    reg.setValue(`${extensionPolicyKey(chrome)}\\shorteners\\exceptions`, '3', { type: 'REG_SZ', data: 'x.example' });
    expect(() => registryToJson(reg, extensionPolicyKey(chrome), schema)).toThrow(/numbered/);
    // The same file with LF line ends, re-encoded: regedit's format wants CRLF.
    const reg16 = built('windows/ssk-guard-chrome.reg') as Uint8Array;
    const text = new TextDecoder('utf-16le').decode(reg16.subarray(2)).replace(/\r\n/g, '\n');
    const units = Uint16Array.from(text.split(''), (c) => c.charCodeAt(0));
    const lf = new Uint8Array([0xff, 0xfe, ...new Uint8Array(units.buffer)]);
    expect(() => applyRegFile(lf)).toThrow(/CRLF/);
  });
});
