/** Checks a manifest's expiry and age at a given time; pure, so a re-sync of identical bytes can re-run just this. */
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { RemoteManifest } from '../models/remoteManifest.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import { parseTimestamp } from './parseTimestamp.js';

/**
 * Refuses a manifest past its `expiresAt`, older than `maxAgeMs` since `signedAt`, or missing a
 * timestamp the policy requires. Only meaningful after the signatures were checked, since the
 * timestamps are covered by them.
 * @throws RemoteError `expired`, `tooOld` or `missingTimestamp`
 */
export function checkManifestTimes(manifest: Pick<RemoteManifest, 'signedAt' | 'expiresAt'>, policy: Pick<VerificationPolicy, 'maxAgeMs' | 'requireExpiry'>, nowMs: number): void {
  const { signedAt, expiresAt } = manifest;
  const signedMs = readTime(signedAt, 'signedAt');
  const expiresMs = readTime(expiresAt, 'expiresAt');
  if (expiresMs === undefined && policy.requireExpiry === true) {
    throw new RemoteError(RemoteErrorKind.missingTimestamp, 'the manifest has no expiresAt and an expiry is required', { field: 'expiresAt' });
  }
  if (expiresMs !== undefined && nowMs > expiresMs) {
    throw new RemoteError(RemoteErrorKind.expired, `the manifest expired at ${expiresAt ?? ''}`, { field: 'expiresAt' });
  }
  if (policy.maxAgeMs !== undefined) {
    if (signedMs === undefined) {
      throw new RemoteError(RemoteErrorKind.missingTimestamp, 'the manifest has no signedAt and a maximum age is set', { field: 'signedAt' });
    }
    if (nowMs - signedMs > policy.maxAgeMs) {
      throw new RemoteError(RemoteErrorKind.tooOld, `the manifest was signed at ${signedAt ?? ''}, more than ${policy.maxAgeMs} ms ago`, { field: 'signedAt' });
    }
  }
}

function readTime(text: string | undefined, field: string): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const time = parseTimestamp(text);
  if (time === undefined) {
    throw new RemoteError(RemoteErrorKind.missingTimestamp, `${field} is not an ISO 8601 time: ${text}`, { field });
  }
  return time;
}
