// SHA-256 for the backstop grant's digest (shared/web/grant-digest.ts gives the text), by the browser's own
// WebCrypto: the content scripts carry no hash library. WebCrypto exists only in a secure context (a page
// served over https or from localhost): elsewhere there is no digest, and the grant names the destination only.

/** Hex SHA-256 of the text's UTF-8, as textDigest in shared/web/backstop-grant.ts; undefined without WebCrypto. */
export async function sha256Hex(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  try {
    const hash = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
    let hex = '';
    for (const b of hash) hex += b.toString(16).padStart(2, '0');
    return hex;
  } catch {
    return undefined;
  }
}
