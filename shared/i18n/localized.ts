// A sentence in both languages, and the plain-text parameters message builders take.
export interface Localized {
  ja: string;
  en: string;
}

export type MessageParams = Record<string, string | undefined>;
