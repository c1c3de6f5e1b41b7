// Names where a settings value came from, so an error can point at the file or variable to fix.

/** The layer that last set a value. */
export interface ValueOrigin {
  /**
   * A settings file as shown to people (relative to the working directory when inside it),
   * `environment`, `defaults`, or the origin given to `parseSettings`.
   */
  readonly source: string;
  /** The environment variable that set the value, when `source` is `environment`. */
  readonly variable?: string;
}
