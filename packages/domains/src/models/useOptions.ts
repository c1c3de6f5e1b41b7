/** Options of a bridge's `use`: which provider, which capabilities. */

/**
 * What `use(key, options)` should give.
 * @category Models
 */
export interface UseOptions {
  /** This provider rather than the precedence winner. */
  readonly provider?: string;
  /** Capabilities the provider must have (all, unless `requireAll` is false). */
  readonly capabilities?: readonly string[];
  /** Require every capability (default true). */
  readonly requireAll?: boolean;
  /** Activate a fresh instance even when the right provider is live. */
  readonly forceReload?: boolean;
}
