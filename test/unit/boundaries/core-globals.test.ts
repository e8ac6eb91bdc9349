// shared/tsconfig.json gives the core only web-standard globals: code that reaches for the DOM,
// `chrome`, Office or Node does not compile there, while URL, TextEncoder and crypto.subtle do.
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SHARED = join(ROOT, 'shared');

function diagnosticsFor(code: string): string[] {
  const config = ts.readConfigFile(join(SHARED, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, SHARED);
  const probe = join(SHARED, '__probe__.ts');
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === probe ? ts.createSourceFile(name, code, lang) : read(name, lang, ...rest);
  const program = ts.createProgram([join(SHARED, 'web-globals.d.ts'), probe], parsed.options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(probe))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the core’s compiler settings', () => {
  it('refuse browser, extension, Office and Node globals (must block)', () => {
    for (const code of [
      'document.title;',
      'window.location.href;',
      'localStorage.getItem("x");',
      'chrome.runtime.id;',
      'browser.storage.local;',
      'Office.context.mailbox;',
      'process.env.HOME;',
      'Buffer.from("x");',
      'require("fs");',
    ])
      expect(diagnosticsFor(code), code).toEqual([expect.stringMatching(/^Cannot find name/)]);
  });
  it('allow the web-standard globals every runtime has (must pass)', () => {
    expect(
      diagnosticsFor(
        [
          'const u = new URL("https://ssk.or.jp/a?b=1"); u.hostname; u.searchParams.get("b");',
          'new URLSearchParams("a=1");',
          'new TextEncoder().encode("x"); new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(1));',
          'atob(btoa("x"));',
          'crypto.subtle.digest("SHA-256", new Uint8Array(1)); crypto.getRandomValues(new Uint8Array(4));',
          'performance.now();',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
