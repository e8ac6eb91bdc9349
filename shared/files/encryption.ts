// How a file is protected, and which schemes are weak (8.1.1(7)(a)): ZipCrypto is broken by a
// known-plaintext attack and RC4 (legacy Office, PDF up to R4) by its key schedule, so a policy
// may warn about or refuse them even though a password is needed.
import type { EncryptionKind } from './types.ts';

export type { EncryptionKind } from './types.ts';

const WEAK: ReadonlySet<EncryptionKind> = new Set<EncryptionKind>(['zipcrypto', 'rc4', 'xor']);

/** Protection that needs no secret: anyone opens the file (encrypted is false for these). */
const NO_SECRET: ReadonlySet<EncryptionKind> = new Set<EncryptionKind>(['pdf-owner-only', 'xls-default-password']);

/** ZipCrypto and RC4 (8.1.1(7)(a)), and Office's XOR obfuscation (weaker still); the no-secret kinds are not encryption at all and are not "weak". */
export function isWeakEncryption(kind: EncryptionKind | null | undefined): boolean {
  return kind !== null && kind !== undefined && WEAK.has(kind);
}

export function needsNoSecret(kind: EncryptionKind | null | undefined): boolean {
  return kind !== null && kind !== undefined && NO_SECRET.has(kind);
}

// Lower is weaker: no secret, then the broken ciphers, then the AES key sizes.
const RANK: Record<EncryptionKind, number> = {
  'pdf-owner-only': 0,
  'xls-default-password': 0,
  xor: 1,
  zipcrypto: 1,
  rc4: 2,
  blowfish: 3,
  standard: 4,
  'aes-128': 5,
  'aes-192': 6,
  'aes-256': 7,
  agile: 7,
  openpgp: 7,
  smime: 7,
  irm: 7,
};

/** The weakest of the schemes given (nulls ignored); null when none is given. */
export function weakestEncryption(kinds: Iterable<EncryptionKind | null | undefined>): EncryptionKind | null {
  let best: EncryptionKind | null = null;
  for (const k of kinds) if (k && (best === null || RANK[k] < RANK[best])) best = k;
  return best;
}
