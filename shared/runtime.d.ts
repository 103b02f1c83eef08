/**
 * The few web-platform globals that exist in every runtime shared/ runs in —
 * Chromium, Electron's renderer, Node 24 — declared by hand so shared/ compiles
 * without the DOM or Node libraries (a `document` or `process` used here fails
 * the type check). Only what shared/ uses; extend with care.
 */

declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly searchParams: URLSearchParams;
  readonly hash: string;
  toString(): string;
}

declare class URLSearchParams {
  constructor(init?: string | Record<string, string>);
  get(name: string): string | null;
  set(name: string, value: string): void;
  has(name: string): boolean;
  toString(): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

declare function atob(data: string): string;
declare function btoa(data: string): string;

type BufferSourceLike = ArrayBufferView<ArrayBuffer> | ArrayBuffer;

interface CryptoKey {
  readonly type: 'public' | 'private' | 'secret';
  readonly extractable: boolean;
  readonly algorithm: { name: string };
  readonly usages: string[];
}

interface CryptoKeyPair {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

type AlgorithmLike = string | { name: string; [key: string]: unknown };
type KeyUsageLike = 'sign' | 'verify' | 'deriveBits' | 'deriveKey' | 'encrypt' | 'decrypt';

interface JsonWebKeyLike {
  kty?: string;
  crv?: string;
  x?: string;
  d?: string;
  [key: string]: unknown;
}

interface SubtleCrypto {
  digest(algorithm: AlgorithmLike, data: BufferSourceLike): Promise<ArrayBuffer>;
  importKey(
    format: 'raw' | 'spki' | 'pkcs8',
    keyData: BufferSourceLike,
    algorithm: AlgorithmLike,
    extractable: boolean,
    usages: KeyUsageLike[],
  ): Promise<CryptoKey>;
  importKey(
    format: 'jwk',
    keyData: JsonWebKeyLike,
    algorithm: AlgorithmLike,
    extractable: boolean,
    usages: KeyUsageLike[],
  ): Promise<CryptoKey>;
  exportKey(format: 'raw' | 'spki' | 'pkcs8', key: CryptoKey): Promise<ArrayBuffer>;
  exportKey(format: 'jwk', key: CryptoKey): Promise<JsonWebKeyLike>;
  generateKey(algorithm: AlgorithmLike, extractable: boolean, usages: KeyUsageLike[]): Promise<CryptoKeyPair>;
  sign(algorithm: AlgorithmLike, key: CryptoKey, data: BufferSourceLike): Promise<ArrayBuffer>;
  verify(
    algorithm: AlgorithmLike,
    key: CryptoKey,
    signature: BufferSourceLike,
    data: BufferSourceLike,
  ): Promise<boolean>;
  deriveBits(algorithm: AlgorithmLike, baseKey: CryptoKey, length: number): Promise<ArrayBuffer>;
}

declare const crypto: {
  readonly subtle: SubtleCrypto;
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  randomUUID(): `${string}-${string}-${string}-${string}-${string}`;
};

declare function encodeURIComponent(uriComponent: string | number | boolean): string;
declare function decodeURIComponent(encodedURIComponent: string): string;
