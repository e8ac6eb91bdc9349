// Labels the extension's pages share.

/** Where a policy layer comes from, as users read it. */
export const LAYER_LABELS: Record<string, string> = {
  default: '組み込み / built-in',
  'last-known-good': '前回の正常な配布 / last known good',
  remote: '配布サーバー / remote',
  managed: '管理ポリシー / managed',
};
