// Key pairs and manifest builders shared by the remote package's tests.
import { ed25519 } from '@noble/curves/ed25519.js';
import { keyIdOf } from '../calculations/keyIdOf.js';
import { signManifest } from '../calculations/signManifest.js';
import type { TrustedKey } from '../models/trustedKey.js';

/** A test key pair with its trusted-key form and base64 public key. */
export interface TestKey {
  readonly secretKey: Uint8Array;
  readonly trusted: TrustedKey;
  readonly publicBase64: string;
}

/** A key pair from a fixed seed, so test failures are reproducible. */
export function testKey(seedByte: number): TestKey {
  const { secretKey, publicKey } = ed25519.keygen(new Uint8Array(32).fill(seedByte));
  return { secretKey, trusted: { keyId: keyIdOf(publicKey), publicKey }, publicBase64: Buffer.from(publicKey).toString('base64') };
}

/** The fixed clock of the tests: 2026-01-01T00:00:00Z. */
export const NOW = Date.parse('2026-01-01T00:00:00Z');

/** A small unsigned manifest with one of every kind of field. */
export function sampleManifest(serial = 1): Record<string, unknown> {
  return {
    source: 'tests',
    serial,
    entries: [
      {
        domain: 'adapter',
        key: 'cache',
        provider: 'remote-redis',
        factory: '@acme/providers:RedisCache',
        uri: 'https://example.test/artifacts/redis.mjs',
        sha256: 'a'.repeat(64),
        priority: 10,
        stackLevel: 2,
        version: '1.2.3',
        capabilities: ['ttl', { name: 'cluster', description: 'sharded' }],
        metadata: { region: 'eu', replicas: 3, tls: true },
      },
      { domain: 'service', key: 'pricing', provider: 'flat', factory: '@acme/providers:FlatPricing' },
    ],
  };
}

/** Signs `plain` with `key` at {@link NOW}. */
export function signedBy(plain: Record<string, unknown>, key: TestKey, options: { expiresInMs?: number; append?: boolean; nowMs?: number } = {}): Record<string, unknown> {
  return signManifest(plain, {
    secretKey: key.secretKey,
    now: new Date(options.nowMs ?? NOW),
    ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }),
    ...(options.append === undefined ? {} : { append: options.append }),
  });
}
