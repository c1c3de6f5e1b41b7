/** The contract every provider of the `action` domain implements. */

/**
 * An action: `payloadType` is a class-validator class the raw payload is validated against
 * (unknown fields rejected) before `execute` receives an instance of it.
 * @typeParam P - the payload class
 * @typeParam R - the result
 * @example
 * ```ts
 * class GreetPayload { @IsString() name = ''; }
 * @Action('greet', 'default')
 * class Greet implements ActionKit<GreetPayload, { text: string }> {
 *   readonly payloadType = GreetPayload;
 *   execute(payload: GreetPayload) { return { text: `hello ${payload.name}` }; }
 * }
 * ```
 * @category Models
 */
export interface ActionKit<P extends object, R> {
  /** The payload class. */
  readonly payloadType: new () => P;
  /** Performs the action. */
  execute(payload: P): R | Promise<R>;
}
