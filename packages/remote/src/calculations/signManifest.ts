/** Signs a manifest: timestamps first, then the signature over everything, so what is signed is what is sent. */
import { ed25519 } from '@noble/curves/ed25519.js';
import { keyIdOf } from './keyIdOf.js';
import { signingPayload } from './signingPayload.js';

/**
 * Options of {@link signManifest}.
 * @category Calculations
 */
export interface SignManifestOptions {
  /** Raw 32-byte ED25519 secret key. */
  readonly secretKey: Uint8Array;
  /** Signing time (written as `signedAt`). */
  readonly now: Date;
  /** Lifetime; sets `expiresAt` to `now + expiresInMs`. */
  readonly expiresInMs?: number;
  /**
   * Co-sign: keep `signedAt`, `expiresAt` and the existing signatures and add this key's
   * (for thresholds above 1). Otherwise the timestamps are renewed and old signatures dropped,
   * as they would no longer match.
   */
  readonly append?: boolean;
}

/**
 * Returns a signed copy of `plain`. Unlike the Python CLI, `signedAt` and `expiresAt` are set
 * before signing, so the result verifies.
 * @category Calculations
 */
export function signManifest(plain: Readonly<Record<string, unknown>>, options: SignManifestOptions): Record<string, unknown> {
  const keyId = keyIdOf(ed25519.getPublicKey(options.secretKey));
  const existing = Array.isArray(plain['signatures']) ? (plain['signatures'] as unknown[]) : [];
  const base: Record<string, unknown> = { ...plain };
  delete base['signatures'];
  if (options.append !== true) {
    base['signedAt'] = options.now.toISOString();
    if (options.expiresInMs === undefined) {
      delete base['expiresAt'];
    } else {
      base['expiresAt'] = new Date(options.now.getTime() + options.expiresInMs).toISOString();
    }
  }
  const signature = Buffer.from(ed25519.sign(signingPayload(base), options.secretKey)).toString('base64');
  const kept = options.append === true
    ? existing.filter((item) => (item as { keyId?: unknown } | null)?.keyId !== keyId)
    : [];
  return { ...base, signatures: [...kept, { keyId, algorithm: 'ed25519', signature }] };
}
