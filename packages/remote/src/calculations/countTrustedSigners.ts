/** Counts the distinct trusted keys that produced a valid signature: the number a threshold is compared with. */
import type { ManifestSignature } from '../models/manifestSignature.js';
import type { TrustedKey } from '../models/trustedKey.js';
import { decodeBase64Strict } from './decodeBase64Strict.js';
import { verifyEd25519 } from './verifyEd25519.js';

/**
 * What the signatures of a manifest amount to.
 * @category Calculations
 */
export interface SignerCount {
  /** Ids of the distinct trusted keys with at least one valid signature. */
  readonly validKeyIds: readonly string[];
  /**
   * Signatures naming a key id that is not trusted: ignored for the threshold (a key being
   * rotated in or out), counted here so the caller can audit them. All are counted, also after
   * the threshold is met, as telling them apart needs no cryptography.
   */
  readonly untrusted: number;
  /** Signatures that name a trusted key, or name none, and verified against no trusted key. */
  readonly invalid: number;
}

/**
 * Checks each signature against the trusted key it names, or against every trusted key when it
 * names none (`keyId` is optional), and counts distinct keys, so one key signing twice counts
 * once. Stops verifying as soon as `stopAt` distinct keys are found (the threshold), so no more
 * verifications run than needed. It does not bound the work itself: `verifyManifest` refuses
 * signature lists that could cost more than `MAX_SIGNATURE_CHECKS` verifications first.
 * @category Calculations
 */
export function countTrustedSigners(signatures: readonly ManifestSignature[], payload: Uint8Array, trustedKeys: readonly TrustedKey[], stopAt = Number.POSITIVE_INFINITY): SignerCount {
  const validKeyIds = new Set<string>();
  let untrusted = 0;
  let invalid = 0;
  for (const entry of signatures) {
    const candidates = entry.keyId === undefined ? trustedKeys : trustedKeys.filter((key) => key.keyId === entry.keyId);
    if (candidates.length === 0) {
      untrusted += 1;
      continue;
    }
    if (validKeyIds.size >= stopAt) {
      continue;
    }
    const signature = decodeBase64Strict(entry.signature);
    const signer = signature === undefined || signature.length !== 64
      ? undefined
      : candidates.find((key) => verifyEd25519(signature, payload, key.publicKey));
    if (signer === undefined) {
      invalid += 1;
    } else {
      validKeyIds.add(signer.keyId);
    }
  }
  return { validKeyIds: [...validKeyIds], untrusted, invalid };
}
