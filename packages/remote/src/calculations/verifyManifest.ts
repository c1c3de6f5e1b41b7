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

/**
 * Most signatures a manifest may carry, whatever the number of trusted keys (`tooManySignatures` above it).
 * @category Calculations
 */
export const MAX_SIGNATURES = 16;

/**
 * Most signature verifications one manifest may ask for (`tooManySignatures` above it): a
 * signature naming a trusted key costs one, a signature naming an untrusted key none, and a
 * signature without `keyId` one per trusted key (every trusted key is tried).
 * @category Calculations
 */
export const MAX_SIGNATURE_CHECKS = 16;

/**
 * Verifies `parsed` against `policy` at time `nowMs`. Order: algorithm; then, before any
 * cryptography, the signature list itself: at most {@link MAX_SIGNATURES} signatures, no key id
 * named twice, and at most {@link MAX_SIGNATURE_CHECKS} verifications in the worst case (a
 * signature without `keyId` is tried against every trusted key); then the signatures, stopping
 * once the threshold of distinct trusted keys is met; then the timestamps, so a forged
 * `expiresAt` is never trusted.
 *
 * A signature naming a key id that is not trusted is ignored for the threshold, not refused, so
 * keys can be rotated: a manifest signed by an old and a new key verifies for clients that trust
 * either. One key signing twice (once with and once without `keyId`) counts once.
 * @throws RemoteError with kind `unsigned`, `unsupportedAlgorithm`, `tooManySignatures`,
 *   `duplicateSignature`, `untrustedKey` (no trusted key configured, or every signature names an
 *   untrusted key), `signatureInvalid`, `thresholdNotMet`, `missingTimestamp`, `signedInFuture`,
 *   `expired`, `tooOld` or `invalidManifest`
 * @category Calculations
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
    return { manifest, plain, signerKeyIds: [], untrustedSignatures: 0, digest: digestOf(plain) };
  }
  checkSignatureList(signatures, policy.trustedKeys);
  const payload = signingPayload(plain);
  const digest = createHash('sha256').update(payload).digest('hex');
  const threshold = Math.max(1, policy.threshold ?? 1);
  const count = countTrustedSigners(signatures, payload, policy.trustedKeys, threshold);
  const ignored = count.untrusted === 0 ? '' : `; ${count.untrusted} signature(s) by untrusted keys ignored`;
  if (count.validKeyIds.length === 0) {
    if (count.invalid === 0) {
      throw new RemoteError(RemoteErrorKind.untrustedKey, `no signature is by a trusted key (${count.untrusted} by unknown keys)`);
    }
    throw new RemoteError(RemoteErrorKind.signatureInvalid, `signature verification failed: ${count.invalid} signature(s) do not match the manifest${ignored}`);
  }
  if (count.validKeyIds.length < threshold) {
    throw new RemoteError(RemoteErrorKind.thresholdNotMet, `signed by ${count.validKeyIds.length} distinct trusted key(s); ${threshold} required${ignored}`);
  }
  checkManifestTimes(manifest, policy, nowMs);
  return { manifest, plain, signerKeyIds: count.validKeyIds, untrustedSignatures: count.untrusted, digest };
}

function digestOf(plain: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(signingPayload(plain)).digest('hex');
}

// Cheap checks that bound the work an attacker can ask for, before any cryptography: the number
// of signatures, and the number of verifications they could cost.
function checkSignatureList(signatures: readonly ManifestSignature[], trustedKeys: readonly TrustedKey[]): void {
  if (trustedKeys.length === 0) {
    throw new RemoteError(RemoteErrorKind.untrustedKey, 'no trusted public keys are configured');
  }
  if (signatures.length > MAX_SIGNATURES) {
    throw new RemoteError(RemoteErrorKind.tooManySignatures, `${signatures.length} signatures; at most ${MAX_SIGNATURES} are accepted`, { field: 'signatures' });
  }
  const trusted = new Set(trustedKeys.map((key) => key.keyId));
  const named = new Set<string>();
  let checks = 0;
  for (const [index, signature] of signatures.entries()) {
    if (signature.keyId === undefined) {
      checks += trustedKeys.length;
      continue;
    }
    if (named.has(signature.keyId)) {
      throw new RemoteError(RemoteErrorKind.duplicateSignature, `key ${signature.keyId} signs twice`, { field: `signatures.${index}.keyId` });
    }
    named.add(signature.keyId);
    checks += trusted.has(signature.keyId) ? 1 : 0;
  }
  if (checks > MAX_SIGNATURE_CHECKS) {
    throw new RemoteError(RemoteErrorKind.tooManySignatures, `the signatures would need ${checks} verifications (a signature without keyId is tried against each of the ${trustedKeys.length} trusted keys); at most ${MAX_SIGNATURE_CHECKS} are made`, { field: 'signatures' });
  }
}
