/** Progress of a sync's artifact downloads, reported to `RemoteSyncOptions.onProgress`. */

/**
 * Progress of artifact downloads, for progress bars.
 * @category Models
 */
export interface ArtifactProgress {
  /** Artifacts handled so far. */
  readonly done: number;
  /** Artifacts this sync handles. */
  readonly total: number;
  /** The artifact just handled (redacted by `redactUri`). */
  readonly uri: string;
}
