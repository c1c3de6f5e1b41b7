/** What a manifest must satisfy to be accepted. */
import type { TrustedKey } from './trustedKey.js';

/**
 * The rules `verifyManifest` applies.
 * @category Models
 */
export interface VerificationPolicy {
  /** Keys whose signatures count. */
  readonly trustedKeys: readonly TrustedKey[];
  /** Refuse unsigned manifests (default true). */
  readonly signatureRequired?: boolean;
  /** Distinct trusted keys needed (default 1). */
  readonly threshold?: number;
  /** Refuse a manifest older than this since `signedAt` (no limit when absent). */
  readonly maxAgeMs?: number;
  /** Refuse a manifest without `expiresAt` (default false here; the `remote` settings default to true). */
  readonly requireExpiry?: boolean;
  /** Allowed clock difference in milliseconds (default 5 minutes). */
  readonly clockSkewMs?: number;
}
