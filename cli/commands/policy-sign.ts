// `ssk-guard policy sign` and `policy verify`: the signed remote document, with the serial and the
// expiry the clients check (shared/policy/remote-acceptance.ts) inside what is signed.
import { readFileSync } from 'node:fs';
import { errorLine } from '../../shared/policy/errors.ts';
import {
  acceptRemoteDocument,
  defaultSerial,
  expiryInstant,
  signPolicyText,
  type SignedMetadata,
} from '../../shared/policy/remote-acceptance.ts';
import { BadInput, EXIT, type Output } from '../io.ts';
import { parseNow } from '../policy-file.ts';

type Values = Record<string, string | boolean | undefined>;

const DAY = 86_400_000;
/** A document signed without --expires is good for this long: long enough for a missed month, short enough to matter. */
export const DEFAULT_VALID_DAYS = 30;
/** `policy verify` warns (exit 1) when a document expires sooner than this. */
const SOON_DAYS = 7;

export const SIGNING_OPTIONS = {
  serial: { type: 'string' },
  expires: { type: 'string' },
  now: { type: 'string' },
} as const;

/**
 * `--serial N` (default: the signing time, UTC YYYYMMDDhhmmss, so each signing rises by itself) and
 * `--expires` as a date (through that day, Japan time), an ISO date-time with its zone, or `Nd`
 * days from now (default 30d). An expiry already past is refused: no client would take the file.
 */
export function signingMetadata(values: Values): SignedMetadata {
  const now = parseNow(values.now as string | undefined);
  let serial = defaultSerial(now);
  if (values.serial !== undefined) {
    const s = String(values.serial);
    if (!/^\d{1,15}$/.test(s))
      throw new BadInput(`--serial: 0 以上の整数 / a whole number ≥ 0: ${JSON.stringify(values.serial)}`);
    serial = Number(s);
  }
  const given = values.expires === undefined ? `${DEFAULT_VALID_DAYS}d` : String(values.expires);
  const days = /^(\d{1,4})d$/.exec(given);
  const expires = days ? new Date(now + Number(days[1]) * DAY).toISOString() : given;
  const at = expiryInstant(expires);
  if (Number.isNaN(at))
    throw new BadInput(
      `--expires: 日付・日時（タイムゾーン付き）・日数（30d）のいずれか / a date, a date-time with its zone, or days (30d): ${JSON.stringify(given)}`,
    );
  if (at <= now) throw new BadInput(`--expires: 既に過ぎています / already past: ${expires}`);
  return { serial, expires };
}

export { signPolicyText };

/** A public key: base64 SPKI as `keygen` writes it, or PEM as openssl writes it. */
function readPublicKey(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BadInput(`公開鍵を読めません / cannot read the public key ${file}: ${(e as Error).message}`);
  }
  return text.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
}

/** `policy verify <signed> --key <pub>`: would the clients accept it, and with which serial and expiry. */
export async function verify(values: Values, files: string[], io: Output): Promise<number> {
  const [file] = files;
  const keyFile = values.key;
  if (!file || files.length > 1 || typeof keyFile !== 'string' || !keyFile)
    throw new BadInput('policy verify <policy.signed.json> --key <policy-signing.pub> [--now T] [--json]');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BadInput(`署名済み文書を読めません / cannot read ${file}: ${(e as Error).message}`);
  }
  const now = parseNow(values.now as string | undefined);
  const r = await acceptRemoteDocument(text, { publicKey: readPublicKey(keyFile), now });
  if (!r.ok) {
    if (r.reason === 'not-json' || r.reason === 'key')
      throw new BadInput(`${file}: ${r.errors.map(errorLine).join('\n  ')}`);
    if (values.json)
      io.out(
        JSON.stringify({
          valid: false,
          file,
          reason: r.reason,
          serial: r.serial ?? null,
          expires: r.expires ?? null,
          errors: r.errors,
        }),
      );
    io.err(`クライアントはこの文書を拒否します / the clients would refuse this document: ${file}`);
    for (const e of r.errors) io.err('  ' + errorLine(e));
    if (r.serial != null || r.expires != null)
      io.err(`  通し番号 / serial: ${r.serial ?? '-'}, 有効期限 / expires: ${r.expires ?? '-'}`);
    return EXIT.block;
  }
  const left = expiryInstant(r.expires!) - now;
  const warnings = [
    ...(left < SOON_DAYS * DAY
      ? [
          {
            path: 'expires',
            en: `expires in less than ${SOON_DAYS} days: sign a new document soon`,
            ja: `有効期限まで ${SOON_DAYS} 日を切っています。早めに署名し直してください`,
          },
        ]
      : []),
    ...r.ignored.map((k) => ({
      path: k,
      en: 'ignored in a remote document (managed policy only)',
      ja: 'リモートの文書では無視されます（管理ポリシーでのみ有効）',
    })),
  ];
  const version = r.layer.version ?? '(no version)';
  if (values.json)
    io.out(JSON.stringify({ valid: true, file, version, serial: r.serial, expires: r.expires, warnings }));
  else {
    io.out(`署名は有効です / signature valid: ${file} (version ${version})`);
    io.out(`  通し番号 / serial: ${r.serial}`);
    io.out(`  有効期限 / expires: ${r.expires}`);
    for (const w of warnings) io.out(`  注意 / warning: ${errorLine(w)}`);
  }
  return warnings.length ? EXIT.warn : EXIT.allow;
}
