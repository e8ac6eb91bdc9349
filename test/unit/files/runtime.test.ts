// The engine must run where the add-in runs: bundled for ES2016 and loaded in a bare context with
// no Buffer, atob, TextDecoder, performance, window or document (Outlook's JavaScript-only runtime).
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { parse } from 'acorn';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../shared/files/byte-source.ts';
import type { FileReport } from '../../../shared/files/types.ts';
import { FIXTURES } from './helpers/fixtures.ts';

interface Engine {
  inspectFile(s: ByteSource, name: string): Promise<FileReport>;
  bytesSource(b: Uint8Array): ByteSource;
  base64Source(s: string): ByteSource;
  hasConfidentialMarker(s: string): boolean;
}

describe('engine in a bare ES2016 runtime', () => {
  it('parses as ES2016 and answers without any host API', async () => {
    const here = new URL('.', import.meta.url).pathname;
    const out = await build({
      stdin: {
        contents: `export * from '${here}../../../shared/files/index.ts'; export { hasConfidentialMarker } from '${here}../../../shared/markers/confidential.ts';`,
        resolveDir: here,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'engine',
      target: 'es2016',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(() => parse(code, { ecmaVersion: 2016 })).not.toThrow();
    const context = createContext({ Uint8Array, Promise });
    runInContext(`${code};this.engine = engine;`, context);
    const engine = (context as { engine: Engine }).engine;
    const bytes = (f: string) => new Uint8Array(readFileSync(FIXTURES + f));
    const nested = await engine.inspectFile(engine.bytesSource(bytes('nested-exe.7z')), 'a.7z');
    expect(nested).toMatchObject({ format: '7z', executable: true, encrypted: false });
    const b64 = Buffer.from(bytes('encrypted.7z')).toString('base64');
    expect(await engine.inspectFile(engine.base64Source(b64), '機密性2.7z')).toMatchObject({
      encrypted: true,
      confidentialMarker: true,
    });
    expect((await engine.inspectFile(engine.bytesSource(bytes('utf8-names.zip')), 'a.zip')).entries[0]?.name).toBe(
      '報告書.pdf.exe',
    );
    expect(engine.hasConfidentialMarker('【秘】')).toBe(true);
    expect(engine.hasConfidentialMarker('秘書')).toBe(false);
  });
});
