// Serves the built add-in (.output/addin/) over HTTPS on localhost, for sideloading into Outlook
// and for the task pane's end-to-end test. The certificate is made at run time with the openssl
// command into a temporary directory (Outlook needs https; trust it once, or use your own with
// ADDIN_TLS_CERT / ADDIN_TLS_KEY). Standalone: `node scripts/serve-addin.mjs [--port 3000]`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('..', import.meta.url).pathname);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.zip': 'application/zip',
};

/** A self-signed certificate for localhost (and 127.0.0.1), valid 30 days, made with openssl. */
export function makeCertificate() {
  if (process.env.ADDIN_TLS_CERT && process.env.ADDIN_TLS_KEY)
    return { cert: readFileSync(process.env.ADDIN_TLS_CERT), key: readFileSync(process.env.ADDIN_TLS_KEY) };
  const dir = mkdtempSync(join(tmpdir(), 'ssk-addin-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '30',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the server; resolves once it listens. `port: 0` picks a free one (see server.address()).
 * Only files under `dir` are served; nothing else on the machine is reachable through it.
 */
export function serveAddin({ port = 3000, host = '127.0.0.1', dir = join(root, '.output/addin') } = {}) {
  const base = resolve(dir);
  if (!existsSync(join(base, 'launch.js'))) throw new Error(`${base} is not built: run npm run build:addin`);
  const server = createServer(makeCertificate(), (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'https://localhost').pathname);
    const file = normalize(join(base, path === '/' ? 'taskpane.html' : path));
    if ((file !== base && !file.startsWith(base + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // The policy and the handlers must never be served stale after an admin changes them.
      'cache-control': 'no-cache',
      // Outlook on the web loads add-in files from another origin.
      'access-control-allow-origin': '*',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen(server));
  });
}

// Run as a command (not when imported — also not once bundled into another script, whose URL is argv[1]).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && /serve-addin\.mjs$/.test(process.argv[1] ?? '')) {
  const at = process.argv.indexOf('--port');
  const port = at > 0 ? Number(process.argv[at + 1]) : Number(process.env.ADDIN_PORT ?? 3000);
  const server = await serveAddin({ port });
  const { port: actual } = server.address();
  console.log(`ssk-guard add-in: https://localhost:${actual}/ (manifest: https://localhost:${actual}/manifest.xml)`);
  console.log('サイドロードの手順は docs/addin.md / how to sideload: docs/addin.md — Ctrl+C で終了 / to stop');
}
