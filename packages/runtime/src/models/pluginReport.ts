/** What plugin discovery found, loaded and failed to load (`oneiric plugins --json`). */

/**
 * One plugin package.
 * @category Health and reports
 */
export interface PluginEntry {
  /** The package name. */
  readonly packageName: string;
  /** The providers module its package.json `oneiric` field names. */
  readonly module: string;
  /** Whether it imported and registered. */
  readonly loaded: boolean;
  /** Candidates it registered, as `domain:key:provider`. */
  readonly candidates: readonly string[];
  /** Why it did not load. */
  readonly error?: { readonly kind: string; readonly message: string };
}

/**
 * Every plugin package considered.
 * @category Health and reports
 */
export interface PluginReport {
  /** Whether discovery was on (`plugins.auto_load`, or `plugins.packages` listed). */
  readonly enabled: boolean;
  /** One entry per package, loaded or not. */
  readonly plugins: readonly PluginEntry[];
}
