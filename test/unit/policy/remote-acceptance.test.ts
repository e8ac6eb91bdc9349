// The one lifecycle of a remote document (extension and add-in alike): verify, serial and expiry,
// anti-rollback, managed-only keys, validation.
import { describe, expect, it } from 'vitest';
import {
  acceptRemoteDocument,
  defaultSerial,
  MANAGED_ONLY_KEYS,
  parseMark,
  signedDocumentText,
  signPolicy,
  type AcceptedMark,
} from '../../../shared/policy/remote-acceptance.ts';
import { MANAGED_ONLY_KEYS as DEPLOY_MANAGED_ONLY } from '../../../shared/policy/deploy/payload.ts';
import { generateKeyPair, importPrivateKey, signDocument } from '../../../shared/policy/signature.ts';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const LATER = '2027-01-01T00:00:00Z';

describe('a remote document', async () => {
  const keys = await generateKeyPair();
  const other = await generateKeyPair();
  const priv = await importPrivateKey(keys.privateKey);
  const signed = async (doc: Record<string, unknown>, serial: number, expires = LATER, key = priv) =>
    JSON.stringify(await signPolicy(doc, { serial, expires }, key));
  const accept = (text: string, last?: AcceptedMark | null, now = NOW) =>
    acceptRemoteDocument(text, { publicKey: keys.publicKey, now, last });

  describe('must be accepted', () => {
    it('signed with the key, serial and expiry inside what is signed', async () => {
      const r = await accept(await signed({ version: 'r-1', shorteners: { exceptions: ['aka.ms'] } }, 5));
      expect(r).toMatchObject({
        ok: true,
        serial: 5,
        expires: LATER,
        verified: true,
        layer: { version: 'r-1', shorteners: { exceptions: ['aka.ms'] } },
        mark: { serial: 5, key: keys.publicKey },
      });
      if (r.ok) expect(r.layer).not.toHaveProperty('serial');
    });
    it('the same serial again, and a higher one', async () => {
      const last = { serial: 5, key: keys.publicKey };
      expect((await accept(await signed({ version: 'r-1' }, 5), last)).ok).toBe(true);
      expect(await accept(await signed({ version: 'r-2' }, 6), last)).toMatchObject({ ok: true, mark: { serial: 6 } });
    });
    it('a lower serial under a new key: a rotated key starts its own sequence', async () => {
      const r = await accept(await signed({ version: 'r-1' }, 1), { serial: 99, key: other.publicKey });
      expect(r).toMatchObject({ ok: true, mark: { serial: 1, key: keys.publicKey } });
    });
    it('a date as expiry lasts through that day, Japan time', async () => {
      const text = await signed({ version: 'r-1' }, 1, '2026-12-01');
      expect((await accept(text, null, Date.parse('2026-12-01T14:59:00Z'))).ok).toBe(true);
      expect((await accept(text, null, Date.parse('2026-12-01T15:00:00Z'))).ok).toBe(false);
    });
    it('unsigned, with no key configured (no serial needed)', async () => {
      const r = await acceptRemoteDocument(JSON.stringify({ version: 'plain' }), { now: NOW });
      expect(r).toMatchObject({ ok: true, serial: null, verified: false, mark: null });
    });
    it('managed-only keys are left out, and named', async () => {
      const r = await accept(await signed({ version: 'r', policyUrl: 'https://evil.example/p.json' }, 1));
      expect(r).toMatchObject({ ok: true, ignored: ['policyUrl'] });
      if (r.ok) expect(r.layer).not.toHaveProperty('policyUrl');
    });
  });

  describe('must be refused, with a located bilingual reason', () => {
    it('a lower serial than the last accepted (rollback)', async () => {
      const r = await accept(await signed({ version: 'old' }, 4), { serial: 5, key: keys.publicKey });
      expect(r).toMatchObject({ ok: false, reason: 'rollback', serial: 4, errors: [{ path: 'serial' }] });
      if (!r.ok) {
        expect(r.errors[0]!.en).toContain('serial 4 is lower than 5');
        expect(r.errors[0]!.ja).toContain('巻き戻し');
      }
    });
    it('an expired document', async () => {
      const r = await accept(await signed({ version: 'r' }, 9, '2026-11-30T23:59:59Z'));
      expect(r).toMatchObject({ ok: false, reason: 'expired', expires: '2026-11-30T23:59:59Z' });
      if (!r.ok) expect(r.errors[0]!.ja).toContain('有効期限');
    });
    it('a signed document without serial or expiry (signed by an older tool)', async () => {
      const bare = JSON.stringify(await signDocument(JSON.stringify({ version: 'r' }), priv));
      expect(await accept(bare)).toMatchObject({ ok: false, reason: 'metadata', errors: [{ path: 'serial' }] });
      const noExpiry = JSON.stringify(await signDocument(JSON.stringify({ serial: 3, version: 'r' }), priv));
      expect(await accept(noExpiry)).toMatchObject({ ok: false, reason: 'metadata', errors: [{ path: 'expires' }] });
    });
    it('a serial or expiry that is not one', async () => {
      for (const [serial, expires] of [
        [-1, LATER],
        [1.5, LATER],
        ['7', LATER],
        [1, 'next year'],
        [1, '2027-01-01T00:00:00'],
      ]) {
        const text = JSON.stringify(await signDocument(JSON.stringify({ serial, expires }), priv));
        expect(await accept(text), `${serial} ${expires}`).toMatchObject({ ok: false, reason: 'metadata' });
      }
    });
    it('another key, a changed document, or no signature while a key is configured', async () => {
      expect(
        await accept(await signed({ version: 'r' }, 1, LATER, await importPrivateKey(other.privateKey))),
      ).toMatchObject({
        ok: false,
        reason: 'signature',
      });
      const envelope = await signPolicy({ version: 'r' }, { serial: 1, expires: LATER }, priv);
      const tampered = { ...envelope, signed: envelope.signed.replace('"serial": 1', '"serial": 100') };
      expect(await accept(JSON.stringify(tampered))).toMatchObject({ ok: false, reason: 'signature' });
      const r = await accept(JSON.stringify({ version: 'unsigned' }));
      expect(r).toMatchObject({ ok: false, reason: 'signature' });
      if (!r.ok) expect(r.errors[0]!.ja).toContain('署名');
    });
    it('an unsigned document without serial after a serial was accepted', async () => {
      const r = await acceptRemoteDocument(JSON.stringify({ version: 'x' }), {
        now: NOW,
        last: { serial: 3, key: null },
      });
      expect(r).toMatchObject({ ok: false, reason: 'rollback' });
    });
    it('duplicate keys inside what is signed, and invalid settings', async () => {
      const dup = '{"serial":1,"expires":"' + LATER + '","rules":{"shortener":{"action":"block","action":"allow"}}}';
      const r = await accept(JSON.stringify(await signDocument(dup, priv)));
      expect(r).toMatchObject({ ok: false, reason: 'invalid', errors: [{ path: 'rules.shortener.action' }] });
      expect(await accept(await signed({ shorteners: { exceptions: ['ly'] } }, 1))).toMatchObject({
        ok: false,
        reason: 'invalid',
        errors: [{ path: 'shorteners.exceptions[0]' }],
      });
    });
    it('text that is not JSON', async () => {
      expect(await accept('<html>')).toMatchObject({ ok: false, reason: 'not-json' });
    });
  });

  it('the signed text puts serial and expiry first and replaces any the document held', () => {
    const text = signedDocumentText({ serial: 1, version: 'v', expires: 'x' }, { serial: 2, expires: LATER });
    expect(Object.keys(JSON.parse(text))).toEqual(['serial', 'expires', 'version']);
    expect(JSON.parse(text)).toMatchObject({ serial: 2, expires: LATER });
  });
});

describe('the pieces around it', () => {
  it('the managed-only list is written once', () => {
    expect(DEPLOY_MANAGED_ONLY).toBe(MANAGED_ONLY_KEYS);
  });
  it('a default serial rises with time', () => {
    expect(defaultSerial(Date.parse('2026-12-01T09:30:05Z'))).toBe(20261201093005);
    expect(defaultSerial(NOW + 1000)).toBeGreaterThan(defaultSerial(NOW));
  });
  it('a damaged stored mark is no mark', () => {
    expect(parseMark({ serial: 3, key: 'k' })).toEqual({ serial: 3, key: 'k' });
    for (const v of [null, 'x', { serial: -1, key: null }, { serial: 1, key: 5 }]) expect(parseMark(v)).toBeNull();
  });
});

describe('the signed text keeps the admin’s own text', () => {
  it('serial and expiry go first inside the object, the rest stays byte for byte', async () => {
    const { withSignedMetadata } = await import('../../../shared/policy/remote-acceptance.ts');
    const text = '{\n    "version": "x",  "rules": {}\n}\n';
    const out = withSignedMetadata(text, { serial: 3, expires: '2030-01-01' });
    expect(out).toBe('{\n  "serial": 3,\n  "expires": "2030-01-01",\n    "version": "x",  "rules": {}\n}\n');
    expect(JSON.parse(withSignedMetadata('{}', { serial: 1, expires: 'e' }))).toEqual({ serial: 1, expires: 'e' });
    expect(() => withSignedMetadata('[1]', { serial: 1, expires: 'e' })).toThrow();
  });
});
