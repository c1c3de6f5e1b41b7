/** A manifest as it came off the wire: the digest of its bytes and its parsed form, before verification. */
import type { ParsedManifest } from '../calculations/parseManifest.js';

/** What the fetcher hands to the verifier. */
export interface FetchedManifest {
  /** Hex SHA-256 of the raw bytes: identical bytes skip parsing and the signature check. */
  readonly bytesDigest: string;
  /** The parsed (not yet verified) manifest. */
  readonly parsed: ParsedManifest;
}
