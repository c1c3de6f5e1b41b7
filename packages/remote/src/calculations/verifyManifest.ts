/** Decides whether a parsed manifest may be used: signatures, threshold, expiry and age. Pure: the clock is a parameter. */
import { createHash } from 'node:crypto';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { ManifestSignature } from '../models/manifestSignature.js';
import type { TrustedKey } from '../models/trustedKey.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import type { VerifiedManifest } from '../models/verifiedManifest.js';
import { checkManifestTimes } from './checkManifestTimes.js';
import { countTrustedSigners } from './countTrustedSigners.js';
import type { ParsedManifest } from './parseManifest.js';
import { signingPayload } from './signingPayload.js';

/** Most signatures a manifest may carry, whatever the number of trusted keys. */
export const MAX_SIGNATURES = 16;

/**
 * Verifies `parsed` against `policy` at time `nowMs`. Order: algorithm; then, before any
 * cryptography, the signature list itself (no more signatures than trusted keys and at most
 * {@link MAX_SIGNATURES}; each names a trusted `keyId`, none twice); then the signatures, stopping
 * once the threshold of distinct trusted keys is met; then the timestamps, so a forged
 * `expiresAt` is never trusted.
 * @throws RemoteError with kind `unsigned`, `unsupportedAlgorithm`, `tooManySignatures`,
 *   `duplicateSignature`, `untrustedKey`, `signatureInvalid`, `thresholdNotMet`,
 *   `missingTimestamp`, `signedInFuture`, `expired`, `tooOld` or `invalidManifest`
 */
export function verifyManifest(parsed: ParsedManifest, policy: VerificationPolicy, nowMs: number): VerifiedManifest {
  const { manifest, plain } = parsed;
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
    return { manifest, plain, signerKeyIds: [], digest: digestOf(plain) };
  }
  checkSignatureList(signatures, policy.trustedKeys);
  const payload = signingPayload(plain);
  const digest = createHash('sha256').update(payload).digest('hex');
  const threshold = Math.max(1, policy.threshold ?? 1);
  const count = countTrustedSigners(signatures, payload, policy.trustedKeys, threshold);
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

function digestOf(plain: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(signingPayload(plain)).digest('hex');
}

// Cheap checks that bound the work an attacker can ask for: at most one verification per trusted key.
function checkSignatureList(signatures: readonly ManifestSignature[], trustedKeys: readonly TrustedKey[]): void {
  if (trustedKeys.length === 0) {
    throw new RemoteError(RemoteErrorKind.untrustedKey, 'no trusted public keys are configured');
  }
  const limit = Math.min(MAX_SIGNATURES, trustedKeys.length);
  if (signatures.length > limit) {
    throw new RemoteError(RemoteErrorKind.tooManySignatures, `${signatures.length} signatures; at most ${limit} (one per trusted key, ${MAX_SIGNATURES} at most) are accepted`, { field: 'signatures' });
  }
  const trusted = new Set(trustedKeys.map((key) => key.keyId));
  const named = new Set<string>();
  for (const [index, signature] of signatures.entries()) {
    if (signature.keyId === undefined || signature.keyId === '') {
      throw new RemoteError(RemoteErrorKind.untrustedKey, `signature ${index} names no keyId`, { field: `signatures.${index}.keyId` });
    }
    if (!trusted.has(signature.keyId)) {
      throw new RemoteError(RemoteErrorKind.untrustedKey, `signature ${index} is by key ${signature.keyId}, which is not trusted`, { field: `signatures.${index}.keyId` });
    }
    if (named.has(signature.keyId)) {
      throw new RemoteError(RemoteErrorKind.duplicateSignature, `key ${signature.keyId} signs twice`, { field: `signatures.${index}.keyId` });
    }
    named.add(signature.keyId);
  }
}
