// `ssk-guard policy build`: from one validated document, every file admins deploy — pure, so the
// CLI only writes what this returns and the tests parse exactly what admins get.
import type { PolicyLayer } from '../schema.ts';
import { admxFiles } from './admx.ts';
import { linuxManagedPolicy } from './chromium-json.ts';
import { firefoxPolicies } from './firefox.ts';
import { googleAdminPolicy } from './google-admin.ts';
import { mobileconfigText } from './mobileconfig.ts';
import { bootstrapPayload, browserPayload, hostedDocumentText, policyVersion } from './payload.ts';
import { readmeText } from './readme.ts';
import { regFileText, utf16le } from './reg-file.ts';
import { flatRegistryValues, nestedRegistryKeys } from './registry.ts';
import {
  CHROMIUM_BROWSERS,
  CHROMIUM_EXTENSION_ID,
  EXTENSION_ID_PATTERN,
  LINUX_POLICY_DIRS,
  LINUX_POLICY_FILE,
  PLACEHOLDER_UPDATE_URL,
  PLACEHOLDER_XPI_URL,
  extensionPolicyKey,
  forcelistEntry,
  isLoopbackHttp,
  forcelistKey,
} from './targets.ts';
import { DeployError, type Bilingual, type DeployFile, type DeployOptions } from './types.ts';

export interface Deployment {
  files: DeployFile[];
  warnings: Bilingual[];
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

function warningsFor(layer: PolicyLayer, options: DeployOptions): Bilingual[] {
  const out: Bilingual[] = [];
  if (options.updateUrl === PLACEHOLDER_UPDATE_URL)
    out.push({
      ja: '--update-url がありません。Chrome・Edge の強制インストールは仮の URL を指しています（このままでは入りません）',
      en: 'no --update-url: Chrome and Edge force-install points at a placeholder URL (nothing will install)',
    });
  if (options.xpiUrl === PLACEHOLDER_XPI_URL)
    out.push({
      ja: '--xpi-url がありません。Firefox の強制インストールは仮の URL を指しています（このままでは入りません）',
      en: 'no --xpi-url: Firefox force-install points at a placeholder URL (nothing will install)',
    });
  for (const [flag, value] of [
    ['--update-url', options.updateUrl],
    ['--xpi-url', options.xpiUrl],
  ] as const)
    if (isLoopbackHttp(value))
      out.push({
        ja: `${flag} は http のループバック（${value}）です。このコンピューターでの試験用で、配布には https の URL を使ってください`,
        en: `${flag} is loopback http (${value}): for a test on this machine only; deploy with an https URL`,
      });
  if (options.extensionId && options.extensionId !== CHROMIUM_EXTENSION_ID)
    out.push({
      ja: `拡張機能 ID ${options.extensionId}: CRX はこの ID の鍵で署名し、マニフェストの key を外して作ってください（docs/admin.ja.md「CRX の自己ホスト」）`,
      en: `extension id ${options.extensionId}: the CRX must be signed with this id's key and packed without the manifest key (docs/admin.en.md, "Self-hosting the CRX")`,
    });
  if (layer.policyUrl && !layer.policyPublicKey)
    out.push({
      ja: 'policyUrl に policyPublicKey がありません。policyUrl の文書は署名なしで受け入れられます（keygen・sign で署名を推奨）',
      en: 'policyUrl has no policyPublicKey: the document there is accepted unsigned (signing with keygen and sign is recommended)',
    });
  if (layer.policyPublicKey && !options.signed)
    out.push({
      ja: 'policyPublicKey がありますが --sign-key がありません。policyUrl の文書は署名しないと拒否されます',
      en: 'policyPublicKey is set but no --sign-key was given: an unsigned document at policyUrl will be rejected',
    });
  return out;
}

export function buildDeployment(layer: PolicyLayer, options: DeployOptions): Deployment {
  if (options.bootstrap && !layer.policyUrl)
    throw new DeployError({
      ja: '--bootstrap には policyUrl が必要です（ブラウザーはそこから文書を取得します）',
      en: '--bootstrap needs policyUrl (browsers fetch the document from it)',
    });
  const id = options.extensionId ?? CHROMIUM_EXTENSION_ID;
  if (!EXTENSION_ID_PATTERN.test(id))
    throw new DeployError({
      ja: `拡張機能 ID ではありません（a〜p の 32 文字）: ${JSON.stringify(id)}`,
      en: `not an extension id (32 letters a-p): ${JSON.stringify(id)}`,
    });
  const payload = options.bootstrap ? bootstrapPayload(layer) : browserPayload(layer);
  const version = policyVersion(layer);
  const files: DeployFile[] = [];

  for (const b of CHROMIUM_BROWSERS) {
    const text = regFileText({
      title: {
        ja: `ssk-guard ${version}: ${b.name} の拡張機能ポリシーと強制インストール（管理者として取り込む）`,
        en: `ssk-guard ${version}: ${b.name} extension policy and force-install (import as administrator)`,
      },
      replaceKey: extensionPolicyKey(b, id),
      keys: nestedRegistryKeys(extensionPolicyKey(b, id), payload),
      extra: [
        {
          path: forcelistKey(b),
          values: [
            { name: String(options.forcelistIndex), type: 'REG_SZ', data: forcelistEntry(options.updateUrl, id) },
          ],
        },
      ],
    });
    files.push({
      path: `windows/ssk-guard-${b.id}.reg`,
      contents: utf16le(text),
      destination: {
        ja: `Windows の ${b.name}: 管理者として取り込む（reg import。GPO・Intune ではスクリプトで）。HKLM の拡張機能ポリシーを消してから書き直し、ExtensionInstallForcelist の項目 "${options.forcelistIndex}" を書きます`,
        en: `${b.name} on Windows: import as administrator (reg import; by script from GPO or Intune). Deletes and rewrites the extension's policy under HKLM and writes entry "${options.forcelistIndex}" of ExtensionInstallForcelist`,
      },
    });
  }

  const admx = admxFiles(flatRegistryValues(payload), options.updateUrl, options.forcelistIndex, version, id);
  files.push(
    {
      path: 'windows/admx/ssk-guard.admx',
      contents: admx.admx,
      destination: {
        ja: 'グループ ポリシー: PolicyDefinitions（セントラル ストア）に置き、「ssk-guard」の 4 つの設定を有効にする。Intune: ADMX の取り込み（下記）',
        en: 'Group Policy: copy to PolicyDefinitions (the central store) and enable the four "ssk-guard" settings. Intune: ADMX ingestion (below)',
      },
    },
    {
      path: 'windows/admx/en-US/ssk-guard.adml',
      contents: admx.admlEn,
      destination: { ja: 'PolicyDefinitions\\en-US\\ に置く', en: 'copy to PolicyDefinitions\\en-US\\' },
    },
    {
      path: 'windows/admx/ja-JP/ssk-guard.adml',
      contents: admx.admlJa,
      destination: { ja: 'PolicyDefinitions\\ja-JP\\ に置く', en: 'copy to PolicyDefinitions\\ja-JP\\' },
    },
    {
      path: 'macos/ssk-guard.mobileconfig',
      contents: mobileconfigText(payload, options.updateUrl, version, id),
      destination: {
        ja: 'macOS: MDM（Jamf Pro、Intune など）で配布する構成プロファイル。Chrome・Edge の強制インストールと拡張機能ポリシー',
        en: 'macOS: a configuration profile to deploy with your MDM (Jamf Pro, Intune, …): Chrome and Edge force-install and extension policy',
      },
    },
  );

  for (const dir of LINUX_POLICY_DIRS) {
    files.push({
      path: `linux${dir}/${LINUX_POLICY_FILE}`,
      contents: json(linuxManagedPolicy(payload, options.updateUrl, id)),
      destination: {
        ja: `Linux: ${dir}/${LINUX_POLICY_FILE} に置く（root 所有、他者は読み取りのみ）`,
        en: `Linux: copy to ${dir}/${LINUX_POLICY_FILE} (owned by root, read-only for others)`,
      },
    });
  }

  files.push(
    {
      path: 'firefox/policies.json',
      contents: json(firefoxPolicies(payload, options.xpiUrl)),
      destination: {
        ja: 'Firefox: 既存の policies.json があれば "policies" の中身を統合し、Firefox の distribution フォルダー（Windows・macOS）または /etc/firefox/policies/（Linux）に置く',
        en: 'Firefox: merge into any existing policies.json ("policies" object), then place it in Firefox\'s distribution folder (Windows, macOS) or /etc/firefox/policies/ (Linux)',
      },
    },
    {
      path: 'google-admin/policy-for-extensions.json',
      contents: json(googleAdminPolicy(payload)),
      destination: {
        ja: 'Google 管理コンソール: Chrome → アプリと拡張機能 → ssk-guard →「拡張機能のポリシー」に貼り付ける',
        en: 'Google Admin console: Chrome → Apps & extensions → ssk-guard → "Policy for extensions": paste this',
      },
    },
    {
      path: 'hosted/policy.json',
      contents: hostedDocumentText(layer),
      destination: {
        ja: 'Outlook アドインの配信元に policy.json として置く。署名しない場合は policyUrl の文書にも使える（管理専用の設定は含まない）',
        en: "the Outlook add-in's hosting origin, as policy.json; also the policyUrl document when unsigned (managed-only settings left out)",
      },
    },
  );
  if (options.signed)
    files.push({
      path: 'hosted/policy.signed.json',
      contents: json(options.signed),
      destination: {
        ja: 'policyUrl で配信する署名付きの文書（管理ポリシーに policyPublicKey があるときは必須）',
        en: 'the signed document to serve at policyUrl (required when managed policy has policyPublicKey)',
      },
    });

  const warnings = warningsFor(layer, options);
  const readme: DeployFile = {
    path: 'README.txt',
    contents: '',
    destination: { ja: 'このファイル', en: 'this file' },
  };
  readme.contents = readmeText([...files, readme], options, version, warnings);
  files.push(readme);
  return { files, warnings };
}
