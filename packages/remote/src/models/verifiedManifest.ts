/** A manifest that passed verification, with what the decision rested on. */
import type { RemoteManifest } from './remoteManifest.js';

/**
 * The result of `verifyManifest`.
 * @category Models
 */
export interface VerifiedManifest {
  /** The manifest. */
  readonly manifest: RemoteManifest;
  /** The plain data the signatures cover. */
  readonly plain: Readonly<Record<string, unknown>>;
  /** Ids of the distinct trusted keys that signed it (empty when unsigned and allowed). */
  readonly signerKeyIds: readonly string[];
  /** Signatures naming a key id that is not trusted, ignored for the threshold (key rotation). */
  readonly untrustedSignatures: number;
  /** Hex SHA-256 of the signed payload: identifies the content for anti-rollback. */
  readonly digest: string;
}
