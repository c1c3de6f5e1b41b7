/** One swap the runtime saw settle, as the status page lists it. */
import type { Domain } from '@oneiric/core';

/**
 * A swap (or first activation) that flipped a key, or one that failed before the flip.
 * @category Status page
 */
export interface SwapRecord {
  /** When it settled (ISO 8601). */
  readonly at: string;
  /** The key's domain. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** The provider asked for (live now when `outcome` is `swapped`). */
  readonly provider: string;
  /** The provider live before, null on a first activation or when a failure left it unknown. */
  readonly previousProvider: string | null;
  /** `swapped`: the key flipped; `failed`: the previous instance stayed live. */
  readonly outcome: 'swapped' | 'failed';
  /** How long the attempt took, drain and cleanup included, in milliseconds (null when unknown). */
  readonly durationMs: number | null;
  /** The error's `kind` of a failed swap (never its message: the page is open), else null. */
  readonly errorKind: string | null;
}
