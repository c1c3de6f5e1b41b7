/** Parses and verifies manifests (signatures, times, anti-rollback floor), one audit line per decision. */
import type { OneiricLogger } from '@oneiric/core';
import { checkManifestTimes } from '../calculations/checkManifestTimes.js';
import { checkSerial } from '../calculations/checkSerial.js';
import { isSignatureRefusal } from '../calculations/isSignatureRefusal.js';
import { messageOf } from '@oneiric/core/internal';
import { parseManifest } from '../calculations/parseManifest.js';
import { sha256Hex } from '../calculations/sha256Hex.js';
import { verifyManifest } from '../calculations/verifyManifest.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { FetchedManifest } from '../models/fetchedManifest.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import type { VerifiedManifest } from '../models/verifiedManifest.js';
import type { RemoteCache } from './remoteCache.js';

/** Options of {@link ManifestVerifier}. */
export interface ManifestVerifierOptions {
  /** The rules a manifest must satisfy. */
  readonly policy: VerificationPolicy;
  /** Largest manifest accepted, in bytes. */
  readonly maxManifestBytes: number;
  /** Holds the anti-rollback floor. */
  readonly cache: RemoteCache;
  /** Receives one line per security decision. */
  readonly audit: OneiricLogger;
  /** Clock, in epoch milliseconds. */
  readonly now: () => number;
}

/** Turns manifest bytes into a verified manifest, remembering the last verified bytes. */
export class ManifestVerifier {
  readonly #options: ManifestVerifierOptions;
  // The last verified bytes: identical bytes need no parsing and no signature check again, only the clock checks.
  #lastVerified: { readonly bytesDigest: string; readonly verified: VerifiedManifest } | undefined;

  /** @param options - policy, size limit, cache, audit logger and clock */
  public constructor(options: ManifestVerifierOptions) {
    this.#options = options;
  }

  /**
   * Parses manifest bytes, unless they are the last verified ones. `origin` names them in
   * errors, `source` in audit lines.
   * @throws RemoteError `manifestTooLarge`, or the parser's refusal (signature refusals audited)
   */
  public parse(bytes: Uint8Array, origin: string, source: string): FetchedManifest {
    const bytesDigest = sha256Hex(bytes);
    if (this.#lastVerified?.bytesDigest === bytesDigest) {
      return { bytesDigest, parsed: this.#lastVerified.verified };
    }
    const maxBytes = this.#options.maxManifestBytes;
    if (bytes.byteLength > maxBytes) {
      throw new RemoteError(RemoteErrorKind.manifestTooLarge, `${origin}: ${bytes.byteLength} bytes is more than max_manifest_bytes (${maxBytes})`);
    }
    try {
      return { bytesDigest, parsed: parseManifest(new TextDecoder('utf-8', { fatal: false }).decode(bytes), origin, { maxBytes }) };
    } catch (error) {
      // The schema decides some signature refusals (an algorithm other than ed25519, the legacy
      // `signature` field): they are security decisions, audited like the verifier's.
      if (error instanceof RemoteError && isSignatureRefusal(error)) {
        this.#options.audit.warn('manifest signature rejected', { event: 'signature.rejected', decision: 'refused', source, kind: error.kind, field: error.context.field, reason: messageOf(error) });
      }
      throw error;
    }
  }

  /**
   * Verifies signatures and times (only the times for the last verified bytes), then the serial
   * against the cache directory's anti-rollback floor.
   * @throws RemoteError saying why the manifest was refused
   */
  public async verify(fetched: FetchedManifest, source: string): Promise<VerifiedManifest> {
    const known = this.#lastVerified?.bytesDigest === fetched.bytesDigest ? this.#lastVerified.verified : undefined;
    const verified = this.#checkSignatures(fetched, known, source);
    await this.#checkRollback(verified, source);
    this.#options.audit.info('manifest signature accepted', { event: 'signature.accepted', decision: 'accepted', source, serial: verified.manifest.serial, signers: verified.signerKeyIds, untrustedSignatures: verified.untrustedSignatures, digest: verified.digest, ...(known === undefined ? {} : { unchangedBytes: true }) });
    this.#lastVerified = { bytesDigest: fetched.bytesDigest, verified };
    return verified;
  }

  #checkSignatures(fetched: FetchedManifest, known: VerifiedManifest | undefined, source: string): VerifiedManifest {
    const { policy, now } = this.#options;
    try {
      if (known === undefined) {
        return verifyManifest(fetched.parsed, policy, now());
      }
      // Same bytes, same trusted keys: the signatures still hold; only the clock may have moved.
      checkManifestTimes(known.manifest, policy, now());
      return known;
    } catch (error) {
      this.#options.audit.warn('manifest signature rejected', { event: 'signature.rejected', decision: 'refused', source, serial: fetched.parsed.manifest.serial, kind: kindOf(error), reason: messageOf(error) });
      throw error;
    }
  }

  async #checkRollback(verified: VerifiedManifest, source: string): Promise<void> {
    try {
      // One floor per cache directory (the application's manifest channel), whatever URL the
      // manifest came from: `?cb=1`, `#x` or `localhost` for `127.0.0.1` must not open a lower one.
      checkSerial(await this.#options.cache.readAccepted(), verified.manifest.serial, verified.digest);
    } catch (error) {
      this.#options.audit.warn('manifest rollback refused', { event: 'rollback.refused', decision: 'refused', source, serial: verified.manifest.serial, kind: kindOf(error), reason: messageOf(error) });
      throw error;
    }
  }
}

function kindOf(error: unknown): string {
  return error instanceof RemoteError ? error.kind : 'unexpected';
}
