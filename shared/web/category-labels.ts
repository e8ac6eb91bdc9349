// The cloud categories as users read them: on the block page, and in place of a service name for a host
// known only from an imported broad list.
import type { Localized } from '../i18n/messages.ts';
import type { CloudCategory } from '../policy/schema.ts';

export const CATEGORY_LABELS: Record<CloudCategory, Localized> = {
  'file-storage': { ja: 'オンラインストレージ', en: 'online storage' },
  'file-transfer': { ja: 'ファイル転送', en: 'file transfer' },
  paste: { ja: 'テキスト共有', en: 'paste / text sharing' },
  'generative-ai': { ja: '生成AI', en: 'generative AI' },
  translation: { ja: '翻訳', en: 'translation' },
  'personal-webmail': { ja: '個人向けWebメール', en: 'personal webmail' },
  'file-hosting': { ja: 'ファイル共有・アップロード', en: 'file hosting' },
  'remote-control': { ja: '遠隔操作', en: 'remote control' },
};
