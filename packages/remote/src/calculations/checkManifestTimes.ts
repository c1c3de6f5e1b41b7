/** Checks a manifest's expiry and age at a given time; pure, so a re-sync of identical bytes can re-run just this. */
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { RemoteManifest } from '../models/remoteManifest.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import { parseTimestamp } from './parseTimestamp.js';

/**
 * Default allowed clock difference: 5 minutes.
 * @category Calculations
 */
export const DEFAULT_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Refuses a manifest signed in the future (beyond the clock skew), past its `expiresAt` (plus
 * the skew), older than `maxAgeMs` (plus the skew) since `signedAt`, with `signedAt` after
 * `expiresAt`, or missing a timestamp the policy requires. Only meaningful after the signatures
 * were checked, since the timestamps are covered by them.
 * @throws RemoteError `signedInFuture`, `expired`, `tooOld`, `invalidManifest` or `missingTimestamp`
 * @category Calculations
 */
export function checkManifestTimes(manifest: Pick<RemoteManifest, 'signedAt' | 'expiresAt'>, policy: Pick<VerificationPolicy, 'maxAgeMs' | 'requireExpiry' | 'clockSkewMs'>, nowMs: number): void {
  const { signedAt, expiresAt } = manifest;
  const skewMs = policy.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const signedMs = readTime(signedAt, 'signedAt');
  const expiresMs = readTime(expiresAt, 'expiresAt');
  if (expiresMs === undefined && policy.requireExpiry === true) {
    throw new RemoteError(RemoteErrorKind.missingTimestamp, 'the manifest has no expiresAt and an expiry is required', { field: 'expiresAt' });
  }
  if (signedMs !== undefined && expiresMs !== undefined && signedMs > expiresMs) {
    throw new RemoteError(RemoteErrorKind.invalidManifest, `the manifest was signed at ${signedAt ?? ''}, after it expires (${expiresAt ?? ''})`, { field: 'expiresAt' });
  }
  if (signedMs !== undefined && signedMs > nowMs + skewMs) {
    throw new RemoteError(RemoteErrorKind.signedInFuture, `the manifest was signed at ${signedAt ?? ''}, more than ${skewMs} ms in the future`, { field: 'signedAt' });
  }
  if (expiresMs !== undefined && nowMs > expiresMs + skewMs) {
    throw new RemoteError(RemoteErrorKind.expired, `the manifest expired at ${expiresAt ?? ''}`, { field: 'expiresAt' });
  }
  if (policy.maxAgeMs !== undefined) {
    if (signedMs === undefined) {
      throw new RemoteError(RemoteErrorKind.missingTimestamp, 'the manifest has no signedAt and a maximum age is set', { field: 'signedAt' });
    }
    if (nowMs - signedMs > policy.maxAgeMs + skewMs) {
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
    throw new RemoteError(RemoteErrorKind.missingTimestamp, `${field} is not an RFC 3339 date-time: ${text}`, { field });
  }
  return time;
}
