/** The pause/drain state of one key, as persisted and shared between processes. */

/**
 * Whether a key accepts new work, and why not.
 * @category Models
 */
export interface ActivityState {
  /** New work is refused until resumed. */
  readonly paused: boolean;
  /** New work is refused; work already running finishes. */
  readonly draining: boolean;
  /** Why (free text), or null when cleared. */
  readonly note: string | null;
  /** When the state last changed (ISO 8601, UTC). */
  readonly updatedAt: string;
}
