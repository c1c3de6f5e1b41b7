/** Options of a resolution: an explicit provider and/or required capabilities. */

/**
 * What a caller asks for when resolving a key.
 * @category Models
 */
export interface ResolveRequest {
  /** Resolve this provider instead of the precedence winner. */
  readonly provider?: string;
  /** Capabilities the caller needs; tier 2 counts how many each candidate has. */
  readonly capabilities?: readonly string[];
  /** With capabilities: drop candidates missing any (true, the default) or matching none (false). */
  readonly requireAll?: boolean;
}
