/** Builds the verification policy from the `remote` settings and the environment's extra trusted keys. */
import type { RemoteSettings } from '../config/remoteSettings.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import { parseTrustedKeys } from './parseTrustedKeys.js';

/**
 * The policy `verifyManifest` applies: the settings' trusted keys plus the comma-separated
 * `ONEIRIC_TRUSTED_PUBLIC_KEYS` of `env`, threshold, expiry, skew and maximum age in milliseconds.
 * @throws RemoteError `invalidKey` when a trusted key cannot be read
 */
export function policyFromSettings(settings: RemoteSettings, env: Readonly<Record<string, string | undefined>>): VerificationPolicy {
  return {
    trustedKeys: parseTrustedKeys([...settings.trusted_public_keys, ...(env['ONEIRIC_TRUSTED_PUBLIC_KEYS'] ?? '').split(',')]),
    signatureRequired: settings.signature_required,
    threshold: settings.signature_threshold,
    requireExpiry: settings.signature_require_expiry,
    clockSkewMs: settings.clock_skew_seconds * 1000,
    ...(settings.signature_max_age_seconds === undefined ? {} : { maxAgeMs: settings.signature_max_age_seconds * 1000 }),
  };
}
