// Refuses to pause or drain a key nothing registers: a typo would otherwise "succeed" and change nothing.
import { ResolutionError, ResolutionErrorKind, type Domain, type Oneiric } from '@oneiric/core';
import { nearestKey } from '@oneiric/core/internal';
import type { ActivityStore } from '@oneiric/domains';

/**
 * Throws unless `domain:key` has a registered candidate in `app`. Undoing (`--resume`,
 * `--clear`) is also allowed for a key the activity file still lists, so a stale entry can
 * always be cleared.
 * @throws ResolutionError `unknownKey`, with a did-you-mean when a registered key is close
 */
export function assertKnownKey(app: Oneiric, store: ActivityStore, domain: Domain, key: string, undo: boolean): void {
  if (app.keys(domain).includes(key)) {
    return;
  }
  if (undo && store.list().some((entry) => entry.domain === domain && entry.key === key)) {
    return;
  }
  const nearest = nearestKey(key, app.keys(domain));
  throw new ResolutionError(
    ResolutionErrorKind.unknownKey,
    `${domain}:${key} has no registered candidate${nearest === undefined ? '' : `; did you mean ${domain}:${nearest}?`}`,
    { domain, key },
  );
}
