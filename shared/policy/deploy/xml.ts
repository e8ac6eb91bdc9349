// Escaping for the XML formats (ADMX/ADML, property lists). XML 1.0 cannot hold most control
// characters at all, escaped or not, so a string carrying one is refused rather than silently changed.
import { DeployError } from './types.ts';

const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function xmlText(text: string, at: string): string {
  if (NOT_IN_XML.test(text) || LONE_SURROGATE.test(text))
    throw new DeployError({
      ja: `${at}: XML（ADMX・構成プロファイル）に入れられない制御文字を含みます`,
      en: `${at}: holds a control character XML (ADMX, configuration profiles) cannot carry`,
    });
  // A parser turns a bare CR into LF: as a character reference it survives.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** In an attribute a parser turns tabs and line breaks into spaces: keep them as references. */
export function xmlAttr(text: string, at: string): string {
  return xmlText(text, at).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
