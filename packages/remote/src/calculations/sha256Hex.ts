/** Hashes bytes with SHA-256, the digest manifests name artifacts by. */
import { createHash } from 'node:crypto';

/**
 * Lower-case hex SHA-256 of `bytes`.
 * @category Calculations
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
