/** The shape every built-in action has: the action domain's contract (payload class plus execute). */

/**
 * A built-in action. It matches the action domain's contract structurally (the domains
 * package's `ActionKit`): the bridge validates the raw payload against `payloadType`
 * (class-validator, unknown fields refused) and calls `execute` with the instance.
 * @typeParam P - the payload class
 * @typeParam R - the result
 * @category Models
 */
export interface BuiltinAction<P extends object, R> {
  /** The payload class. */
  readonly payloadType: new () => P;
  /** Performs the action. */
  execute(payload: P): Promise<R>;
}
