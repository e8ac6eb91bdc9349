// README.txt for the output folder: every file, where it goes, and the warnings, in Japanese and English.
import { ADMX_CATEGORY } from './admx.ts';
import { CHROMIUM_BROWSERS, CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID } from './targets.ts';
import type { Bilingual, DeployFile, DeployOptions } from './types.ts';

/** Intune's ADMX ingestion: the app name and file id chosen here, the policy paths derived from the ADMX. */
export const INTUNE_APP = 'SskGuard';

function intuneRows(): string[] {
  const rows = [
    `  ./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/${INTUNE_APP}/Policy/SskGuardAdmx`,
    '      String = windows/admx/ssk-guard.admx の全文 / the whole text of windows/admx/ssk-guard.admx',
  ];
  for (const b of CHROMIUM_BROWSERS) {
    const prefix = b.id === 'chrome' ? 'Chrome' : 'Edge';
    for (const policy of [`${prefix}ExtensionPolicy`, `${prefix}ForceInstall`])
      rows.push(
        `  ./Device/Vendor/MSFT/Policy/Config/${INTUNE_APP}~Policy~${ADMX_CATEGORY}/${policy}`,
        '      String = <enabled/>',
      );
  }
  return rows;
}

export function readmeText(
  files: readonly DeployFile[],
  options: DeployOptions,
  version: string,
  warnings: readonly Bilingual[],
): string {
  const lines = [
    'ssk-guard — 配布用ファイル / deployment files',
    `ポリシーのバージョン / policy version: ${version}`,
    '作成 / made by: ssk-guard policy build',
    '',
    '拡張機能の ID / extension ids',
    `  Google Chrome・Microsoft Edge: ${options.extensionId ?? CHROMIUM_EXTENSION_ID}`,
    `  Firefox: ${FIREFOX_EXTENSION_ID}`,
    '強制インストール / force-install',
    `  更新マニフェスト / update manifest (Chrome, Edge): ${options.updateUrl}`,
    `  XPI (Firefox): ${options.xpiUrl}`,
    `  ExtensionInstallForcelist の項目 / entry (Windows): "${options.forcelistIndex}"`,
    options.bootstrap
      ? '管理ポリシー / managed policy: policyUrl などの取得設定のみ。文書は policyUrl から / only policyUrl and its settings; the document comes from policyUrl (--bootstrap)'
      : '管理ポリシー / managed policy: 文書全体 / the whole document',
    '',
  ];
  if (warnings.length) {
    lines.push('注意 / warnings');
    for (const w of warnings) lines.push(`  ! ${w.ja}`, `    ${w.en}`);
    lines.push('');
  }
  lines.push('ファイルと置き場所 / files and where they go', '');
  for (const f of files) lines.push(f.path, `  ${f.destination.ja}`, `  ${f.destination.en}`, '');
  lines.push(
    'Intune（ADMX の取り込み、カスタム OMA-URI）/ Intune (ADMX ingestion, custom OMA-URI):',
    ...intuneRows(),
    '  パスの形式は Microsoft の最新の文書で確認してください。Edge のキー（SOFTWARE\\Policies\\Microsoft）は取り込みで',
    '  書けない場合があります。そのときは .reg をスクリプトで配布します。',
    "  Check the path format in Microsoft's current documentation. Ingestion may refuse Edge's key",
    '  (SOFTWARE\\Policies\\Microsoft); then deploy the .reg file with a script instead.',
    '',
    '手順の全体は docs/admin.ja.md（英語版 docs/admin.en.md）にあります。',
    'The full procedure is in docs/admin.en.md (Japanese: docs/admin.ja.md).',
    '',
  );
  return lines.join('\r\n');
}
