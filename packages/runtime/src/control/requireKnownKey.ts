/** Refuses a control request naming a key the application does not know, suggesting the nearest one. */
import { ResolutionError, ResolutionErrorKind, type Domain, type Oneiric } from '@oneiric/core';
import { nearestKey } from '@oneiric/core/internal';

/**
 * Throws unless `domain:key` has a registered candidate.
 * @throws ResolutionError `unknownKey` (404) whose message names the nearest key, if one is close
 */
export function requireKnownKey(app: Oneiric, domain: Domain, key: string): void {
  if (app.candidates(domain, key).length > 0) {
    return;
  }
  const nearest = nearestKey(key, app.keys(domain));
  throw new ResolutionError(
    ResolutionErrorKind.unknownKey,
    `${domain}:${key} has no registered candidate${nearest === undefined ? '' : `; did you mean ${domain}:${nearest}?`}`,
    { domain, key },
  );
}
