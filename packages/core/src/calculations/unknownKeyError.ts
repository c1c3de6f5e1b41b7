/** The error for a key with no registered candidate, naming the nearest known key (a pure calculation). */
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import { nearestKey } from './nearestKey.js';

/**
 * A `ResolutionError` `unknownKey` for `domain:key`, with "did you mean" naming the nearest of
 * `knownKeys` when one is close enough.
 */
export function unknownKeyError(domain: string, key: string, knownKeys: readonly string[]): ResolutionError {
  const nearest = nearestKey(key, knownKeys);
  const hint = nearest === undefined ? '' : `; did you mean ${domain}:${nearest}?`;
  return new ResolutionError(ResolutionErrorKind.unknownKey, `${domain}:${key} has no registered candidate${hint}`, { domain, key });
}
