// JSON as an XML property list (Apple's plist 1.0): dictionaries, arrays, strings, integers, booleans.
import { DeployError, type JsonValue } from './types.ts';
import { xmlText } from './xml.ts';

export function plistValue(value: JsonValue, indent: string, at: string): string {
  const inner = indent + '  ';
  if (typeof value === 'string') return `${indent}<string>${xmlText(value, at)}</string>`;
  if (typeof value === 'boolean') return `${indent}<${value}/>`;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new DeployError({ ja: `${at}: 整数ではありません`, en: `${at}: not an integer (${value})` });
    return `${indent}<integer>${value}</integer>`;
  }
  if (Array.isArray(value)) {
    if (!value.length) return `${indent}<array/>`;
    return [`${indent}<array>`, ...value.map((v, i) => plistValue(v, inner, `${at}[${i}]`)), `${indent}</array>`].join(
      '\n',
    );
  }
  const entries = Object.entries(value);
  if (!entries.length) return `${indent}<dict/>`;
  return [
    `${indent}<dict>`,
    ...entries.flatMap(([k, v]) => [
      `${inner}<key>${xmlText(k, at)}</key>`,
      plistValue(v, inner, at ? `${at}.${k}` : k),
    ]),
    `${indent}</dict>`,
  ].join('\n');
}

export function plistDocument(root: JsonValue): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    plistValue(root, '', ''),
    '</plist>',
    '',
  ].join('\n');
}
