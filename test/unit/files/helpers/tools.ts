// Fixtures made at test time with the real tools (zip, 7z, qpdf, tar, gzip, xz, bzip2) in a
// temporary directory, so what is tested is what users send; nothing tracked is written.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

export class Workdir {
  readonly dir = mkdtempSync(join(tmpdir(), 'ssk-files-'));
  write(name: string, data: Uint8Array | string): this {
    writeFileSync(join(this.dir, name), data);
    return this;
  }
  /** Runs a tool in the directory; throws with its stderr when it fails. */
  run(cmd: string, ...args: string[]): this {
    try {
      execFileSync(cmd, args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr?.toString() ?? String(e)}`);
    }
    return this;
  }
  read(name: string): Uint8Array {
    return new Uint8Array(readFileSync(join(this.dir, name)));
  }
  path(name: string): string {
    return join(this.dir, name);
  }
  done(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A directory for one test, removed after `fn`. */
export async function inWorkdir<T>(fn: (w: Workdir) => Promise<T>): Promise<T> {
  const w = new Workdir();
  try {
    return await fn(w);
  } finally {
    w.done();
  }
}
