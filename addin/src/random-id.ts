// Random ids (RFC 4122 version 4) for audit events and the installation: crypto.randomUUID where the
// runtime has it; classic Outlook's JavaScript-only runtime may have only getRandomValues, or neither.

interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: (a: Uint8Array) => Uint8Array;
}

function runtimeCrypto(): CryptoLike | undefined {
  return typeof crypto !== 'undefined' && crypto ? (crypto as unknown as CryptoLike) : undefined;
}

/** Sixteen random bytes; Math.random only where nothing better exists (ids need to be unique, not secret). */
function randomBytes(c: CryptoLike | undefined): Uint8Array {
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') {
    try {
      c.getRandomValues(bytes);
      return bytes;
    } catch {
      // Some hosts expose it but refuse: fall through.
    }
  }
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

export function randomId(): string {
  const c = runtimeCrypto();
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // Not allowed here (e.g. outside a secure context): build one below.
    }
  }
  const b = randomBytes(c);
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  let hex = '';
  for (let i = 0; i < b.length; i++) hex += (b[i]! + 0x100).toString(16).slice(1);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
