/** A public key whose signatures are trusted, with its id. */

/**
 * A trusted ED25519 public key.
 * @category Models
 */
export interface TrustedKey {
  /** Id of the key (see `keyIdOf`), as signatures name it. */
  readonly keyId: string;
  /** Raw 32-byte ED25519 public key. */
  readonly publicKey: Uint8Array;
}
