// The web-standard globals the core may use, and only these: each exists in Node ≥ 20, extension
// service workers and pages, and Outlook's runtimes (missing ones are installed by addin/src/missing-globals.ts).
// Checked by shared/tsconfig.json, which has no DOM, `chrome` or Node types; the main tsconfig
// leaves this file out (lib.dom declares the same names). Only the members the core calls are declared.

interface URLSearchParams {
  get(name: string): string | null;
  has(name: string): boolean;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}
declare var URLSearchParams: { new (init?: string): URLSearchParams };

interface URL {
  hash: string;
  host: string;
  hostname: string;
  href: string;
  origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  readonly searchParams: URLSearchParams;
  username: string;
  toString(): string;
}
declare var URL: { new (url: string | URL, base?: string | URL): URL; prototype: URL };

interface TextDecoder {
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare var TextDecoder: {
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { new (): TextEncoder };

declare function atob(data: string): string;
declare function btoa(data: string): string;

interface Blob {
  readonly size: number;
  slice(start?: number, end?: number): Blob;
  arrayBuffer(): Promise<ArrayBuffer>;
}

declare var performance: { now(): number };

// WebCrypto (`crypto.subtle`): ECDSA P-256 signatures of policy documents, SHA-256.
interface CryptoKey {
  readonly type: 'public' | 'private' | 'secret';
  readonly extractable: boolean;
}
interface CryptoKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}
type BufferSourceLike = ArrayBufferView<ArrayBuffer> | ArrayBuffer;
interface SubtleCrypto {
  importKey(
    format: 'spki' | 'pkcs8' | 'raw',
    keyData: BufferSourceLike,
    algorithm: { name: string; namedCurve?: string },
    extractable: boolean,
    keyUsages: string[],
  ): Promise<CryptoKey>;
  exportKey(format: 'spki' | 'pkcs8' | 'raw', key: CryptoKey): Promise<ArrayBuffer>;
  generateKey(
    algorithm: { name: string; namedCurve?: string },
    extractable: boolean,
    keyUsages: string[],
  ): Promise<CryptoKeyPair | CryptoKey>;
  sign(algorithm: { name: string; hash?: string }, key: CryptoKey, data: BufferSourceLike): Promise<ArrayBuffer>;
  verify(
    algorithm: { name: string; hash?: string },
    key: CryptoKey,
    signature: BufferSourceLike,
    data: BufferSourceLike,
  ): Promise<boolean>;
  digest(algorithm: string, data: BufferSourceLike): Promise<ArrayBuffer>;
}
declare var crypto: {
  readonly subtle: SubtleCrypto;
  getRandomValues<T extends ArrayBufferView>(array: T): T;
};
