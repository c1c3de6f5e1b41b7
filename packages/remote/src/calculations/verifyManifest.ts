/** Decides whether a parsed manifest may be used: signatures, threshold, expiry and age. Pure: the clock is a parameter. */
import { createHash } from 'node:crypto';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import type { VerifiedManifest } from '../models/verifiedManifest.js';
import { checkManifestTimes } from './checkManifestTimes.js';
import { countTrustedSigners } from './countTrustedSigners.js';
import type { ParsedManifest } from './parseManifest.js';
import { signingPayload } from './signingPayload.js';

/**
 * Verifies `parsed` against `policy` at time `nowMs`. Order: algorithm, signatures (threshold in
 * distinct trusted keys), then timestamps, so a forged `expiresAt` is never trusted.
 * @throws RemoteError with kind `unsigned`, `unsupportedAlgorithm`, `untrustedKey`,
 *   `signatureInvalid`, `thresholdNotMet`, `missingTimestamp`, `expired` or `tooOld`
 */
export function verifyManifest(parsed: ParsedManifest, policy: VerificationPolicy, nowMs: number): VerifiedManifest {
  const { manifest, plain } = parsed;
  const payload = signingPayload(plain);
  const digest = createHash('sha256').update(payload).digest('hex');
  const signatures = manifest.signatures ?? [];
  if ('signature' in plain || 'signature_algorithm' in plain) {
    throw new RemoteError(RemoteErrorKind.unsupportedAlgorithm, 'legacy single "signature" fields are not accepted; use "signatures"');
  }
  const foreign = signatures.find((signature) => signature.algorithm !== 'ed25519');
  if (foreign !== undefined) {
    throw new RemoteError(RemoteErrorKind.unsupportedAlgorithm, `signature algorithm ${foreign.algorithm} is not supported; only ed25519`);
  }
  if (signatures.length === 0) {
    if (policy.signatureRequired ?? true) {
      throw new RemoteError(RemoteErrorKind.unsigned, 'the manifest is not signed and signatures are required');
    }
    return { manifest, plain, signerKeyIds: [], digest };
  }
  const threshold = Math.max(1, policy.threshold ?? 1);
  const count = countTrustedSigners(signatures, payload, policy.trustedKeys);
  if (count.validKeyIds.length === 0) {
    if (count.invalid === 0) {
      throw new RemoteError(RemoteErrorKind.untrustedKey, policy.trustedKeys.length === 0
        ? 'no trusted public keys are configured'
        : `no signature is by a trusted key (${count.untrusted} by unknown keys)`);
    }
    throw new RemoteError(RemoteErrorKind.signatureInvalid, `signature verification failed: ${count.invalid} signature(s) do not match the manifest`);
  }
  if (count.validKeyIds.length < threshold) {
    throw new RemoteError(RemoteErrorKind.thresholdNotMet, `signed by ${count.validKeyIds.length} distinct trusted key(s); ${threshold} required`);
  }
  checkManifestTimes(manifest, policy, nowMs);
  return { manifest, plain, signerKeyIds: count.validKeyIds, digest };
}
