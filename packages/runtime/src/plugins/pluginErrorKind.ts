/** Why a plugin package did not load, as `oneiric plugins --json` reports it. */

/**
 * The `kind` of a {@link PluginEntry}'s error.
 * @category Plugins
 */
export const PluginErrorKind = {
  /** The package is listed but not installed where the application can find it. */
  notFound: 'notFound',
  /** The package (listed in `plugins.packages`) has no `oneiric` field in its package.json. */
  notAPlugin: 'notAPlugin',
  /** Its package.json is unreadable, or its `oneiric` field is not a path inside the package. */
  invalidManifest: 'invalidManifest',
  /** Importing the providers module threw (a syntax error, a missing dependency...). */
  importFailed: 'importFailed',
  /** Importing the providers module did not finish in time. */
  timeout: 'timeout',
  /** The module exports neither a `register` function nor a `providers` array. */
  invalidModule: 'invalidModule',
  /** `register(app)` threw, or the application refused the providers. */
  registerFailed: 'registerFailed',
} as const;

/** One of the {@link PluginErrorKind} values. */
export type PluginErrorKind = (typeof PluginErrorKind)[keyof typeof PluginErrorKind];

/**
 * A reason a plugin did not load; thrown inside discovery, reported in the plugin's entry.
 * @category Plugins
 */
export class PluginLoadError extends Error {
  /**
   * @param kind - why
   * @param message - one line naming the package
   * @param options - the underlying error, as `cause`
   */
  public constructor(public readonly kind: PluginErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PluginLoadError';
  }
}
