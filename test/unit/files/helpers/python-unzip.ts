// A standard unzip as the fuzzing oracle: Python's zipfile, in one child process for a whole batch
// of files, reports for each what it can still open — every entry's name, whether its first bytes
// read without a password, and those bytes. (unzip and zipfile agree on what they extract from the
// central directory; zipfile is scriptable and on every machine this project runs on.)
import { spawnSync } from 'node:child_process';

export interface UnzipEntry {
  name: string;
  /** The first bytes read without error (and without a password). */
  ok: boolean;
  head: Uint8Array;
}

/** null: zipfile would not open the archive at all. */
export type UnzipResult = UnzipEntry[] | null;

const SCRIPT = String.raw`
import base64, json, sys, zipfile
for line in sys.stdin:
    path = line.rstrip('\n')
    out = None
    try:
        with zipfile.ZipFile(path) as z:
            out = []
            for info in z.infolist()[:2000]:
                if info.is_dir():
                    continue
                entry = {'name': info.filename, 'ok': False, 'head': ''}
                try:
                    with z.open(info) as f:
                        entry['head'] = base64.b64encode(f.read(512)).decode()
                        entry['ok'] = True
                except Exception:
                    pass
                out.append(entry)
    except Exception:
        out = None
    sys.stdout.write(json.dumps(out) + '\n')
`;

export function pythonAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;
}

/** Opens each path with zipfile; results in the same order. */
export function pythonUnzip(paths: string[]): UnzipResult[] {
  const r = spawnSync('python3', ['-c', SCRIPT], {
    input: paths.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python3 zipfile oracle failed: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.length);
  if (lines.length !== paths.length) throw new Error(`zipfile oracle gave ${lines.length} results for ${paths.length}`);
  return lines.map((l) => {
    const v = JSON.parse(l) as { name: string; ok: boolean; head: string }[] | null;
    return v && v.map((e) => ({ name: e.name, ok: e.ok, head: new Uint8Array(Buffer.from(e.head, 'base64')) }));
  });
}
