/** What a swap is asked to do and what it reports: the options and results of the lifecycle's swaps and close. */
import type { LifecycleError } from '../errors/lifecycleError.js';
import type { Candidate } from '../models/candidate.js';
import type { Domain } from '../models/domain.js';

/**
 * Where a provider's plain settings come from, and their path in configuration.
 * @category Application
 */
export type ProviderSettingsSource = (candidate: Candidate) => { readonly plain: unknown; readonly path: string };

/**
 * Options of {@link Oneiric.swap}.
 * @category Application
 */
export interface SwapOptions {
  /** Activate this provider instead of the precedence winner. */
  readonly provider?: string;
  /** Accept an instance whose health check fails (never an instance that failed to build or init). */
  readonly force?: boolean;
  /**
   * Do nothing when, by the time this swap runs, the candidate it resolves is already live
   * (used by `sync`, whose swaps queue behind others and decide when they run).
   */
  readonly onlyIfChanged?: boolean;
}

/**
 * Options of {@link Oneiric.close}.
 * @category Application
 */
export interface CloseOptions {
  /**
   * Record `closed` in each key's status (default true). A short-lived process acting on
   * behalf of another (the CLI) passes false, so the status file keeps what its swap left.
   */
  readonly recordClosed?: boolean;
}

/**
 * What a successful swap reports.
 * @category Application
 */
export interface SwapResult {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider now live. */
  readonly provider: string;
  /** Provider live before, or null on first activation. */
  readonly previousProvider: string | null;
  /** Whole swap duration including drain and cleanup of the old instance, in milliseconds. */
  readonly durationMs: number;
  /** False when `force` accepted a failing health check. */
  readonly healthy: boolean;
  /** The health failure `force` accepted, if any. */
  readonly healthError?: string;
  /** False when `onlyIfChanged` found the candidate already live and nothing was done. */
  readonly changed: boolean;
}

/** What a swap ended with, as {@link LifecycleManager.onSwapSettled} listeners see it. */
export type SwapOutcome =
  | { readonly ok: true; readonly result: SwapResult }
  | { readonly ok: false; readonly domain: Domain; readonly key: string; readonly provider: string; readonly error: LifecycleError };
