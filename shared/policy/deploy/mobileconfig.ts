// A macOS configuration profile for Chrome and Edge. Chromium on macOS reads an extension's policy
// from its own preference domain `<browser domain>.extensions.<id>` (policy_loader_mac), not from a
// `3rdparty` key; a profile payload whose PayloadType is a domain makes those values managed (forced).
import { plistDocument } from './plist.ts';
import { stableUuid } from './stable-uuid.ts';
import { CHROMIUM_BROWSERS, CHROMIUM_EXTENSION_ID, extensionMacDomain, forcelistEntry } from './targets.ts';
import type { JsonObject } from './types.ts';

/** A reverse-DNS prefix from the organisation's first domain (ssk.or.jp → jp.or.ssk). */
function identifierPrefix(payload: JsonObject): string {
  const org = payload.organization as { domains?: string[] } | undefined;
  const domain = org?.domains?.[0]?.replace(/^\*\./, '').replace(/\.$/, '');
  return domain && /^[a-z0-9.-]+$/i.test(domain) ? domain.split('.').reverse().join('.') : 'jp.or.ssk'; // the built-in organisation (ssk.or.jp) when the document names none
}

export function mobileconfigText(
  payload: JsonObject,
  updateUrl: string,
  version: string,
  extensionId = CHROMIUM_EXTENSION_ID,
): string {
  const base = `${identifierPrefix(payload)}.ssk-guard`;
  const seed = JSON.stringify([payload, updateUrl]);
  const section = (type: string, id: string, name: string, settings: JsonObject): JsonObject => ({
    PayloadType: type,
    PayloadIdentifier: `${base}.${id}`,
    PayloadUUID: stableUuid(`${base}.${id}\n${seed}`),
    PayloadVersion: 1,
    PayloadDisplayName: name,
    PayloadEnabled: true,
    ...settings,
  });
  const content = CHROMIUM_BROWSERS.flatMap((b) => [
    section(b.macDomain, `${b.id}.forcelist`, `${b.name}: ssk-guard force-install`, {
      ExtensionInstallForcelist: [forcelistEntry(updateUrl, extensionId)],
    }),
    section(extensionMacDomain(b, extensionId), `${b.id}.extension-policy`, `${b.name}: ssk-guard policy`, payload),
  ]);
  const org = payload.organization as { name?: string } | undefined;
  const profile: JsonObject = {
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: base,
    PayloadUUID: stableUuid(`${base}\n${seed}`),
    PayloadDisplayName: `ssk-guard ポリシー / policy (${version})`,
    PayloadDescription:
      'ssk-guard 拡張機能の強制インストールと管理ポリシー（Google Chrome・Microsoft Edge）。' +
      ' / Force-installs the ssk-guard extension and sets its managed policy (Google Chrome, Microsoft Edge).',
    ...(org?.name ? { PayloadOrganization: org.name } : {}),
    PayloadScope: 'System',
    PayloadContent: content,
  };
  return plistDocument(profile);
}
