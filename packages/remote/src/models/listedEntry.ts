/** The registry coordinates of a candidate a remote manifest registered. */
import type { Domain } from '@oneiric/core';

/** Where a remote candidate sits in the application's registry. */
export interface ListedEntry {
  /** Its domain. */
  readonly domain: Domain;
  /** Its key. */
  readonly key: string;
  /** Its provider name. */
  readonly provider: string;
}
