import { describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  signDocument,
  verifyEnvelope,
} from '../../../shared/policy/signature.ts';

describe('signed policy documents', async () => {
  const keys = await generateKeyPair();
  const other = await generateKeyPair();
  const text = JSON.stringify({ version: 'signed-1', overrides: { allowed: true } });

  it('a document signed with the private key verifies with the public key', async () => {
    const envelope = await signDocument(text, await importPrivateKey(keys.privateKey));
    expect(await verifyEnvelope(envelope, await importPublicKey(keys.publicKey))).toEqual({
      ok: true,
      documentText: text,
    });
    // It survives a JSON round trip, as it does over HTTP.
    expect((await verifyEnvelope(JSON.parse(JSON.stringify(envelope)), await importPublicKey(keys.publicKey))).ok).toBe(
      true,
    );
  });

  it('rejects a changed document, another key, an unsigned document and a broken signature', async () => {
    const envelope = await signDocument(text, await importPrivateKey(keys.privateKey));
    const pub = await importPublicKey(keys.publicKey);
    expect(await verifyEnvelope({ ...envelope, signed: text.replace('signed-1', 'signed-2') }, pub)).toMatchObject({
      ok: false,
    });
    expect(await verifyEnvelope(envelope, await importPublicKey(other.publicKey))).toMatchObject({ ok: false });
    expect(await verifyEnvelope(JSON.parse(text), pub)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a signed document'),
    });
    expect(await verifyEnvelope({ ...envelope, signature: '!!!' }, pub)).toMatchObject({ ok: false });
  });
});
