// `ssk-guard policy …`: validate, explain and schema; build (deployment files), sign, verify and keygen.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { SSK_DEFAULT_POLICY } from '../../shared/policy/default.ts';
import { buildDeployment } from '../../shared/policy/deploy/build.ts';
import { MANAGED_ONLY_KEYS, hostedDocumentText } from '../../shared/policy/deploy/payload.ts';
import {
  EXTENSION_ID_PATTERN,
  PLACEHOLDER_UPDATE_URL,
  PLACEHOLDER_XPI_URL,
  isLoopbackHttp,
} from '../../shared/policy/deploy/targets.ts';
import { DeployError, type Bilingual } from '../../shared/policy/deploy/types.ts';
import { errorLine } from '../../shared/policy/errors.ts';
import { effectivePolicy, validateLayer, type EffectivePolicy } from '../../shared/policy/layers.ts';
import { managedStorageSchema } from '../../shared/policy/managed-schema.ts';
import { relaxationsOf } from '../../shared/policy/relaxations.ts';
import type { PolicyLayer } from '../../shared/policy/schema.ts';
import {
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  isSignedEnvelope,
  verifyEnvelope,
  type SignedEnvelope,
} from '../../shared/policy/signature.ts';
import { explainNavigation } from '../../shared/web/explain.ts';
import { applyImports } from '../../shared/policy/imports.ts';
import { BadInput, EXIT, type Output } from '../io.ts';
import { readListImport } from '../list-import.ts';
import { InvalidPolicy, loadCompiledPolicy, parseJsonText, parseNow, readJsonFile } from '../policy-file.ts';
import { SIGNING_OPTIONS, signPolicyText, signingMetadata, verify } from './policy-sign.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
const JSON_FLAG = { json: { type: 'boolean', default: false } } as const;

const SUBCOMMANDS: Record<
  string,
  { options: Options; run: (values: Values, files: string[], io: Output) => Promise<number> }
> = {
  validate: { options: JSON_FLAG, run: (v, f, io) => Promise.resolve(validate(f, v.json === true, io)) },
  explain: {
    options: { ...JSON_FLAG, policy: { type: 'string' }, now: { type: 'string' } },
    run: (v, f, io) => Promise.resolve(explain(f, v, io)),
  },
  schema: {
    options: JSON_FLAG,
    run: (_v, _f, io) => {
      // The managed-storage schema (Chrome's dialect); `npm run build` writes it to public/.
      io.out(JSON.stringify(managedStorageSchema(), null, 2));
      return Promise.resolve(EXIT.allow);
    },
  },
  build: {
    options: {
      ...JSON_FLAG,
      out: { type: 'string' },
      'update-url': { type: 'string' },
      'xpi-url': { type: 'string' },
      'extension-id': { type: 'string' },
      'sign-key': { type: 'string' },
      ...SIGNING_OPTIONS,
      'forcelist-index': { type: 'string' },
      bootstrap: { type: 'boolean', default: false },
      import: { type: 'string', multiple: true },
    },
    run: build,
  },
  import: {
    options: { ...JSON_FLAG, import: { type: 'string', multiple: true }, out: { type: 'string' } },
    run: importLists,
  },
  sign: { options: { ...JSON_FLAG, key: { type: 'string' }, out: { type: 'string' }, ...SIGNING_OPTIONS }, run: sign },
  verify: { options: { ...JSON_FLAG, key: { type: 'string' }, now: { type: 'string' } }, run: verify },
  keygen: { options: { ...JSON_FLAG, out: { type: 'string' } }, run: keygen },
};

type Values = Record<string, string | boolean | undefined>;

export async function run(argv: string[], io: Output): Promise<number> {
  const [sub, ...rest] = argv;
  const command = sub && Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (!command)
    throw new BadInput(
      `policy validate | explain | schema | build | import | sign | verify | keygen: 不明なサブコマンド / unknown: ${JSON.stringify(sub ?? '')}`,
    );
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: command.options });
  return command.run(values as Values, positionals, io);
}

/** The document in `file` as a layer over the built-in default; invalid alone or once merged → exit 3. */
function checkedDocument(file: string, doc: unknown): { layer: PolicyLayer; merged: EffectivePolicy } {
  const layer = validateLayer(doc);
  if (!layer.ok) throw new InvalidPolicy(file, layer.errors);
  const merged = effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc }]);
  const rejected = merged.rejected[0];
  if (rejected) throw new InvalidPolicy(file, rejected.errors);
  return { layer: layer.value, merged };
}

function validate(files: string[], json: boolean, io: Output): number {
  const [file] = files;
  if (!file || files.length > 1) throw new BadInput('policy validate <policy.json> (1 つ / exactly one file)');
  const doc = readJsonFile(file);
  if (isSignedEnvelope(doc))
    throw new BadInput(
      `${file}: 署名済みの文書です。policy verify ${file} --key <公開鍵> で確認してください / ` +
        `a signed document: check it with policy verify ${file} --key <public key>`,
    );
  // A document may hold any subset of settings: it is checked as a layer, then merged over the default.
  const layer = validateLayer(doc);
  const merged = layer.ok ? effectivePolicy(SSK_DEFAULT_POLICY, [{ name: 'remote', doc }]) : null;
  const errors = !layer.ok ? layer.errors : (merged?.rejected[0]?.errors ?? []);
  if (errors.length) {
    if (json) io.out(JSON.stringify({ valid: false, file, errors }));
    io.err(`ポリシーが不正です / invalid policy: ${file} (${errors.length} error${errors.length === 1 ? '' : 's'})`);
    for (const e of errors) io.err('  ' + errorLine(e));
    return EXIT.badInput;
  }
  const compiled = compilePolicy(merged!.policy);
  // What the document relaxes against the built-in default: warnings (exit 1), so an admin sees each one.
  const relaxed = relaxationsOf(merged!.policy);
  if (json)
    io.out(
      JSON.stringify({
        valid: true,
        file,
        version: merged!.policy.version,
        warnings: compiled.warnings,
        relaxations: relaxed,
      }),
    );
  else {
    io.out(`有効なポリシーです / valid policy: ${file} (version ${merged!.policy.version})`);
    for (const w of compiled.warnings) io.out(`  注意 / warning: ${w}`);
    if (relaxed.length) io.out(`既定より弱い設定 / weaker than the built-in default (${relaxed.length}):`);
    for (const r of relaxed) io.out(`  注意 / warning: ${errorLine(r)}`);
  }
  return relaxed.length || compiled.warnings.length ? EXIT.warn : EXIT.allow;
}

function explain(urls: string[], values: Values, io: Output): number {
  const [input] = urls;
  if (!input || urls.length > 1) throw new BadInput('policy explain <url> (1 つ / exactly one URL)');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new BadInput(`URL ではありません / not a URL: ${JSON.stringify(input.slice(0, 200))}`);
  }
  const compiled = loadCompiledPolicy(values.policy as string | undefined, parseNow(values.now as string | undefined));
  const { steps, verdict } = explainNavigation(compiled, url);
  if (values.json)
    io.out(JSON.stringify({ url: url.href, steps, verdict: verdict.verdict, findings: verdict.findings }));
  else {
    const width = Math.max(...steps.map((s) => s.check.length));
    for (const s of steps) io.out(`${s.check.padEnd(width)}  ${s.result}`);
  }
  return EXIT[verdict.verdict];
}

// ---- import, build, sign, keygen

/** The document with the `--import` lists merged in (each skipped line reported on standard error). */
function withImports(doc: unknown, specs: unknown, io: Output): unknown {
  const list: string[] = Array.isArray(specs) ? specs : typeof specs === 'string' ? [specs] : [];
  if (!list.length) return doc;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new BadInput(
      '--import: ポリシー文書が JSON オブジェクトではありません / the policy document is not a JSON object',
    );
  const imports = list.map(readListImport);
  for (const l of imports) {
    io.err(
      `一覧を取り込みました / list imported: ${l.name} → ${l.category}: ${l.domains.length} (${l.licence}, ${l.date})`,
    );
    for (const s of l.skipped.slice(0, 5)) io.err(`  注意 / skipped: ${s}`);
    if (l.skipped.length > 5) io.err(`  … +${l.skipped.length - 5}`);
  }
  return applyImports(doc as PolicyLayer, imports);
}

/** `policy import <policy.json> --import CATEGORY=FILE … [--out F]`: the document to host, lists merged in. */
function importLists(values: Values, files: string[], io: Output): Promise<number> {
  const [file] = files;
  if (!file || files.length > 1 || !values.import)
    throw new BadInput('policy import <policy.json> --import CATEGORY=FILE [--import …] [--out <file>]');
  const doc = withImports(readJsonFile(file), values.import, io);
  const { merged } = checkedDocument(file, doc);
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (typeof values.out !== 'string') {
    io.out(text);
    return Promise.resolve(EXIT.allow);
  }
  writeOut(values.out, text);
  const lists = (doc as PolicyLayer).lists ?? [];
  if (values.json) io.out(JSON.stringify({ file, out: values.out, version: merged.policy.version, lists }));
  else io.out(`一覧を取り込んだ文書 / document with the lists: ${values.out} (${lists.length} lists)`);
  return Promise.resolve(EXIT.allow);
}

/** An install URL: https, or plain http on loopback only (a test server on this machine). */
function installUrlOption(name: string, value: string | boolean | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' && !(url && isLoopbackHttp(url)))
    throw new BadInput(
      `--${name}: https の URL ではありません（http はループバックのみ）/ not an https URL (http only on loopback): ${JSON.stringify(value)}`,
    );
  return url.href;
}

function extensionIdOption(value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!EXTENSION_ID_PATTERN.test(String(value)))
    throw new BadInput(
      `--extension-id: 拡張機能 ID ではありません（a〜p の 32 文字）/ not an extension id (32 letters a-p): ${JSON.stringify(value)}`,
    );
  return String(value);
}

function readText(file: string, what: Bilingual): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new BadInput(`${what.ja}を読めません / cannot read the ${what.en} ${file}: ${(e as Error).message}`);
  }
}

/** A PKCS#8 ECDSA P-256 private key: base64 as `keygen` writes it, or PEM as openssl writes it. */
async function readPrivateKey(file: string): Promise<CryptoKey> {
  const text = readText(file, { ja: '秘密鍵', en: 'private key' });
  if (/BEGIN (EC|ENCRYPTED) PRIVATE KEY/.test(text))
    throw new BadInput(
      `${file}: 暗号化されていない PKCS#8 の鍵が必要です（openssl pkcs8 -topk8 -nocrypt で変換）/ ` +
        'needs an unencrypted PKCS#8 key (convert with openssl pkcs8 -topk8 -nocrypt)',
    );
  const base64 = text.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  try {
    return await importPrivateKey(base64);
  } catch {
    throw new BadInput(
      `${file}: ECDSA P-256 の秘密鍵（PKCS#8）ではありません / not an ECDSA P-256 private key (PKCS#8): use ssk-guard policy keygen`,
    );
  }
}

/** With the public key the managed files carry, would browsers accept this signature? */
async function signatureMatches(envelope: SignedEnvelope, spkiBase64: string): Promise<boolean> {
  try {
    return (await verifyEnvelope(envelope, await importPublicKey(spkiBase64))).ok;
  } catch {
    return false;
  }
}

function writeOut(path: string, contents: string | Uint8Array, mode?: number): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents, mode === undefined ? undefined : { mode, flag: 'wx' });
  } catch (e) {
    throw new BadInput(`書き込めません / cannot write ${path}: ${(e as Error).message}`);
  }
}

function warn(io: Output, w: Bilingual): void {
  io.err(`注意: ${w.ja}\nwarning: ${w.en}`);
}

function forcelistIndex(value: string | boolean | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < 1 || n > 9999)
    throw new BadInput(`--forcelist-index: 1〜9999 の整数 / an integer 1-9999: ${JSON.stringify(value)}`);
  return n;
}

async function build(values: Values, files: string[], io: Output): Promise<number> {
  const [file] = files;
  const out = values.out;
  if (!file || files.length > 1 || typeof out !== 'string' || !out)
    throw new BadInput(
      'policy build <policy.json> --out <dir> (ファイル 1 つと出力先 / one file and an output folder)',
    );
  const { layer, merged } = checkedDocument(file, withImports(readJsonFile(file), values.import, io));
  const options = {
    updateUrl: installUrlOption('update-url', values['update-url'], PLACEHOLDER_UPDATE_URL),
    xpiUrl: installUrlOption('xpi-url', values['xpi-url'], PLACEHOLDER_XPI_URL),
    extensionId: extensionIdOption(values['extension-id']),
    forcelistIndex: forcelistIndex(values['forcelist-index']),
    bootstrap: values.bootstrap === true,
    signed: undefined as SignedEnvelope | undefined,
  };
  if (typeof values['sign-key'] === 'string') {
    options.signed = await signPolicyText(
      hostedDocumentText(layer),
      signingMetadata(values),
      await readPrivateKey(values['sign-key']),
    );
    if (layer.policyPublicKey && !(await signatureMatches(options.signed, layer.policyPublicKey)))
      throw new BadInput(
        `--sign-key: 文書の policyPublicKey と対になる鍵ではありません。ブラウザーは署名を拒否します / ` +
          `the key does not match the document's policyPublicKey: browsers would reject the signature`,
      );
  }

  let deployment;
  try {
    deployment = buildDeployment(layer, options);
  } catch (e) {
    if (e instanceof DeployError) throw new BadInput(`${file}: ${e.bilingual.ja} / ${e.bilingual.en}`);
    throw e;
  }
  for (const f of deployment.files) writeOut(join(out, ...f.path.split('/')), f.contents);

  const notes = compilePolicy(merged.policy).warnings;
  for (const w of deployment.warnings) warn(io, w);
  for (const w of notes) io.err(`注意 / warning: ${w}`);
  if (values.json)
    io.out(
      JSON.stringify({
        out,
        version: merged.policy.version,
        signed: !!options.signed,
        files: deployment.files.map((f) => ({ path: f.path, destination: f.destination })),
        warnings: [...deployment.warnings, ...notes.map((en) => ({ ja: en, en }))],
      }),
    );
  else {
    io.out(`配布用ファイルを作成しました / deployment files written: ${out} (version ${merged.policy.version})`);
    for (const f of deployment.files) io.out(`  ${f.path}`);
    io.out(`置き場所は ${join(out, 'README.txt')} を参照 / where each goes: see README.txt`);
  }
  return EXIT.allow;
}

async function sign(values: Values, files: string[], io: Output): Promise<number> {
  const [file] = files;
  const keyFile = values.key;
  if (!file || files.length > 1 || typeof keyFile !== 'string' || !keyFile)
    throw new BadInput(
      'policy sign <policy.json> --key <policy-signing.key> [--serial N] [--expires DATE|30d] [--out <file>]',
    );
  const meta = signingMetadata(values);
  const text = readText(file, { ja: 'ポリシー', en: 'policy' });
  const doc = parseJsonText(file, text);
  const { layer, merged } = checkedDocument(file, doc);
  const managedOnly = MANAGED_ONLY_KEYS.filter((k) => layer[k] !== undefined);
  if (managedOnly.length)
    warn(io, {
      ja: `${managedOnly.join(', ')} はリモートの文書では無視されます（管理ポリシーでのみ有効）`,
      en: `${managedOnly.join(', ')} ${managedOnly.length === 1 ? 'is' : 'are'} ignored in a remote document (managed policy only)`,
    });
  // What is signed is what is served: the file's own text, with serial and expiry put first in it.
  const envelope = await signPolicyText(text, meta, await readPrivateKey(keyFile));
  const envelopeText = JSON.stringify(envelope, null, 2) + '\n';
  const summary = `version ${merged.policy.version}, 通し番号 / serial ${meta.serial}, 有効期限 / expires ${meta.expires}`;
  if (typeof values.out !== 'string') {
    io.out(envelopeText);
    io.err(`署名しました / signed (${summary})`);
    return EXIT.allow;
  }
  writeOut(values.out, envelopeText);
  if (values.json)
    io.out(
      JSON.stringify({
        file,
        out: values.out,
        version: merged.policy.version,
        alg: envelope.alg,
        serial: meta.serial,
        expires: meta.expires,
      }),
    );
  else io.out(`署名しました / signed: ${values.out} (${summary})`);
  return EXIT.allow;
}

async function keygen(values: Values, files: string[], io: Output): Promise<number> {
  const out = values.out;
  if (files.length || typeof out !== 'string' || !out) throw new BadInput('policy keygen --out <dir>');
  const keyFile = join(out, 'policy-signing.key');
  const pubFile = join(out, 'policy-signing.pub');
  // Never overwrite a key: the old one may still be the one every browser trusts.
  for (const f of [keyFile, pubFile])
    if (existsSync(f)) throw new BadInput(`既にあります（上書きしません）/ already exists (not overwritten): ${f}`);
  const keys = await generateKeyPair();
  writeOut(keyFile, keys.privateKey + '\n', 0o600);
  writeOut(pubFile, keys.publicKey + '\n', 0o644);
  warn(io, {
    ja: `${keyFile} は秘密鍵です。秘密にしてください。これを持つ人は、すべてのブラウザーが受け入れるポリシーに署名できます（リポジトリや共有フォルダーに置かない）`,
    en: `${keyFile} is the private key: keep it secret. Whoever holds it can sign policies every browser accepts (never in a repository or a shared folder)`,
  });
  if (values.json)
    io.out(JSON.stringify({ privateKeyFile: keyFile, publicKeyFile: pubFile, publicKey: keys.publicKey }));
  else {
    io.out(`秘密鍵 / private key: ${keyFile}`);
    io.out(`公開鍵 / public key: ${pubFile}`);
    io.out(`管理ポリシーの policyPublicKey に設定 / set as policyPublicKey in managed policy:\n${keys.publicKey}`);
  }
  return EXIT.allow;
}
