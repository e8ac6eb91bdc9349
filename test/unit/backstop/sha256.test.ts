// The grant digest's SHA-256 (shared/web/sha256.ts) against Node's own, at every padding boundary.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../shared/web/sha256.ts';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('sha256Hex', () => {
  it('gives FIPS 180-4’s own example for "abc"', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
  it.each([0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1_000, 100_003])(
    'agrees with Node for %i bytes',
    (n) => {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
      expect(sha256Hex(b)).toBe(node(b));
    },
  );
  it('tells one changed byte', () => {
    const a = new TextEncoder().encode('password=Tr0ub4dor%263x');
    const b = a.slice();
    b[b.length - 1] = b[b.length - 1]! ^ 1;
    expect(sha256Hex(a)).not.toBe(sha256Hex(b));
  });
});
