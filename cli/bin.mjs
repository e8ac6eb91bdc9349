#!/usr/bin/env node
// The installed command: runs the bundle that `npm install` (postinstall) and `npm run build` make.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'ssk-guard: dist/cli.mjs がありません。先に npm install を実行してください / not built: run npm install first\n',
  );
  process.exit(3);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
