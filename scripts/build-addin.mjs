// Builds the Outlook add-in into .output/addin/ (served as is, see scripts/serve-addin.mjs):
//   launch.js     the event handlers — ONE classic script (iife, ES2016 syntax) for both runtimes
//   runtime.html  the page that loads it in the browser runtime (web, Mac, new Outlook)
//   taskpane.html + taskpane.js + taskpane.css  the per-domain confirmation
//   policy.json   the policy the add-in fetches from its own origin (ADDIN_POLICY=file, else the SSK default)
//   manifest.xml, manifest.json, ssk-guard-addin.zip  both manifests from addin/manifest-source.ts
//   icons (PNG, drawn here)
// The base URL is ADDIN_BASE_URL (default https://localhost:3000/). addin/manifest.{xml,json} are
// also written with the default base URL, so the repository shows what the generator makes.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';

const root = resolve(new URL('..', import.meta.url).pathname);

/** Loads addin/manifest-*.ts and the SSK default through esbuild (Node 20 cannot import .ts). */
async function loadSources() {
  const dir = mkdtempSync(join(tmpdir(), 'ssk-addin-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `export * from ${JSON.stringify(join(root, 'addin/manifest-source.ts'))};`,
        `export { manifestXml } from ${JSON.stringify(join(root, 'addin/manifest-xml.ts'))};`,
        `export { manifestJson } from ${JSON.stringify(join(root, 'addin/manifest-json.ts'))};`,
        `export { SSK_DEFAULT_POLICY } from ${JSON.stringify(join(root, 'shared/policy/default.ts'))};`,
        `export { acceptRemoteDocument } from ${JSON.stringify(join(root, 'shared/policy/remote-acceptance.ts'))};`,
      ].join('\n'),
    );
    const outfile = join(dir, 'sources.mjs');
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- PNG icons: a white shield with a check on the accent colour, drawn pixel by pixel.
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
/** Coverage of the shape at unit coordinates (u, v in 0..1): 0 outside, 1 shield, 2 check mark. */
function shape(u, v) {
  const check = segDist(u, v, 0.33, 0.5, 0.45, 0.63) < 0.055 || segDist(u, v, 0.45, 0.63, 0.68, 0.36) < 0.055;
  const x = Math.abs(u - 0.5);
  let inShield = false;
  if (v >= 0.14 && v <= 0.52) inShield = x <= 0.33;
  else if (v > 0.52 && v <= 0.9) inShield = x <= 0.33 * Math.sqrt(1 - ((v - 0.52) / 0.38) ** 2);
  return check && inShield ? 2 : inShield ? 1 : 0;
}
function icon(size, { outline = false } = {}) {
  const accent = [0x1f, 0x4e, 0x9c];
  const n = 4; // 4×4 samples a pixel: smooth edges
  return png(size, (x, y) => {
    let shield = 0;
    let mark = 0;
    let inside = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const u = (x + (i + 0.5) / n) / size;
        const v = (y + (j + 0.5) / n) / size;
        const s = shape(u, v);
        if (s === 1) shield++;
        if (s === 2) mark++;
        // the rounded square behind the shield (colour icons)
        const cx = Math.max(Math.abs(u - 0.5) - 0.36, 0);
        const cy = Math.max(Math.abs(v - 0.5) - 0.36, 0);
        if (Math.hypot(cx, cy) <= 0.12) inside++;
      }
    const total = n * n;
    if (outline) return [255, 255, 255, Math.round((255 * shield) / total)];
    const w = shield / total;
    const bg = inside / total;
    const mix = (c) => Math.round(c * (1 - w) + 255 * w);
    return [mix(accent[0]), mix(accent[1]), mix(accent[2]), Math.round(255 * Math.min(1, bg + w + mark / total))];
  });
}

// zod's `z` namespace carries every locale (~250 kB minified) into a bundle that only ever speaks
// through the core's own messages (shared/policy/errors.ts): keep English, the one zod configures by default.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, 'locales-en-only.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(args.path, '..', '..', 'locales', 'en.js'))};`,
      resolveDir: root,
    }));
  },
};

// psl's dist file carries its own copy of punycode; its source shares the one the core already uses.
const pslFromSource = {
  name: 'psl-from-source',
  setup(b) {
    b.onResolve({ filter: /^psl$/ }, () => ({ path: join(root, 'node_modules/psl/index.js') }));
  },
};

/** esbuild's iife starts `"use strict";(()=>{`: move the directive into the function, so it still
 *  applies once another script (the prelude) stands in front of it. */
function strictInside(code) {
  const head = '"use strict";(()=>{';
  if (!code.startsWith(head)) throw new Error('unexpected bundle prologue: ' + code.slice(0, 40));
  return '(()=>{"use strict";' + code.slice(head.length);
}

/** launch.js: the missing-globals prelude, then the handlers; both iife, ES2016 syntax, no modules. */
async function handlerBundle(common) {
  const one = async (entry) => {
    const r = await build({ ...common, entryPoints: [join(root, entry)], write: false });
    return strictInside(r.outputFiles[0].text.trim());
  };
  const prelude = await one('addin/src/missing-globals.ts');
  const handlers = await one('addin/src/launch.ts');
  return `${prelude}\n${handlers}\n`;
}

export async function buildAddin(options = {}) {
  const outDir = resolve(root, options.outDir ?? '.output/addin');
  const src = await loadSources();
  const baseUrl = options.baseUrl ?? process.env.ADDIN_BASE_URL ?? src.DEFAULT_BASE_URL;
  src.addinUrls(baseUrl); // throws on a base URL that is not https or lacks the final slash
  mkdirSync(outDir, { recursive: true });

  // ADDIN_POLICY_PUBLIC_KEY: the policy-signing public key; policy.json must then be signed (policy sign).
  const publicKey = options.publicKey ?? process.env.ADDIN_POLICY_PUBLIC_KEY ?? '';
  const define = {
    __SSK_ADDIN_BASE_URL__: JSON.stringify(baseUrl),
    __SSK_ADDIN_POLICY_PUBLIC_KEY__: JSON.stringify(publicKey.replace(/\s+/g, '')),
  };
  const common = {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2016',
    minify: options.minify ?? true,
    define,
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [zodEnglishOnly, pslFromSource],
  };
  writeFileSync(join(outDir, 'launch.js'), await handlerBundle(common));
  await build({ ...common, entryPoints: [join(root, 'addin/taskpane/main.ts')], outfile: join(outDir, 'taskpane.js') });

  for (const f of ['runtime.html']) copyFileSync(join(root, 'addin', f), join(outDir, f));
  for (const f of ['taskpane.html', 'taskpane.css']) copyFileSync(join(root, 'addin/taskpane', f), join(outDir, f));

  const policyFile = options.policyFile ?? process.env.ADDIN_POLICY;
  let policyText = JSON.stringify(src.SSK_DEFAULT_POLICY, null, 2) + '\n';
  if (policyFile) {
    // Checked the way the add-in will check it (a signed document is served as it is).
    policyText = readFileSync(policyFile, 'utf8').replace(/^\uFEFF/, '');
    const v = await src.acceptRemoteDocument(policyText, { publicKey: publicKey || undefined, now: Date.now() });
    if (!v.ok)
      throw new Error(`${policyFile}: invalid policy: ${v.errors.map((e) => `${e.path}: ${e.en}`).join('; ')}`);
  } else if (publicKey) throw new Error('ADDIN_POLICY_PUBLIC_KEY needs ADDIN_POLICY: a document signed with its key');
  writeFileSync(join(outDir, 'policy.json'), policyText);

  const F = src.FILES;
  const icons = {
    [F.icon16]: icon(16),
    [F.icon32]: icon(32),
    [F.icon64]: icon(64),
    [F.icon80]: icon(80),
    [F.icon128]: icon(128),
    [F.colorIcon]: icon(192),
    [F.outlineIcon]: icon(32, { outline: true }),
  };
  for (const [name, data] of Object.entries(icons)) writeFileSync(join(outDir, name), data);

  const xml = src.manifestXml(baseUrl);
  const json = JSON.stringify(src.manifestJson(baseUrl), null, 2) + '\n';
  writeFileSync(join(outDir, 'manifest.xml'), xml);
  writeFileSync(join(outDir, 'manifest.json'), json);
  // The unified manifest is deployed as a package: the manifest and its two icons.
  writeFileSync(
    join(outDir, 'ssk-guard-addin.zip'),
    zipSync({
      'manifest.json': Buffer.from(json),
      [F.colorIcon]: icons[F.colorIcon],
      [F.outlineIcon]: icons[F.outlineIcon],
    }),
  );
  if (options.writeRepoManifests ?? true) {
    writeFileSync(join(root, 'addin/manifest.xml'), src.manifestXml(src.DEFAULT_BASE_URL));
    writeFileSync(
      join(root, 'addin/manifest.json'),
      JSON.stringify(src.manifestJson(src.DEFAULT_BASE_URL), null, 2) + '\n',
    );
  }
  return { outDir, baseUrl };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { outDir, baseUrl } = await buildAddin();
  console.log(`add-in built into ${outDir} for ${baseUrl}`);
}
