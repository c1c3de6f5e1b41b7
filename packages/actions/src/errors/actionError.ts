/** The one error class the action kits throw: callers branch on `kind`, never on message text. */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/**
 * What went wrong inside an action.
 * @category Errors
 */
export enum ActionErrorKind {
  /** The payload is well-typed but its values cannot be used together (a bad base64 text, a missing field for the chosen operation). */
  invalidPayload = 'invalidPayload',
  /** The payload asks for something refused on purpose (pickle, an algorithm not offered). */
  unsupported = 'unsupported',
  /** A size or count limit was reached (decompressed bytes, webhooks, previews, YAML aliases). */
  limitExceeded = 'limitExceeded',
  /** An input could not be decoded or parsed (corrupt compressed stream, bad JSON or YAML, bad key). */
  decodeFailed = 'decodeFailed',
  /** An optional peer package the request needs is not installed; the message names it. */
  dependencyMissing = 'dependencyMissing',
  /** A plan cannot be built (cycle, duplicate or missing step, impossible schedule). */
  planInvalid = 'planInvalid',
  /** A remote call failed (HTTP error, timeout) or no client is active for it. */
  requestFailed = 'requestFailed',
}

/**
 * An action refused its input or failed. The message never holds a secret, a password, a key or
 * a token from the payload; `context` names the action key and, when known, the payload field.
 * @example
 * ```ts
 * try { await actions.execute('compression.decode', { data: 'x', algorithm: 'gzip' }); }
 * catch (error) { if (error instanceof ActionError && error.kind === ActionErrorKind.decodeFailed) { ... } }
 * ```
 * @category Errors
 */
export class ActionError extends OneiricError {
  /** The family: always `ActionError`. */
  public readonly family = 'ActionError';

  /**
   * @param kind - what went wrong
   * @param message - one line naming the action and the problem
   * @param context - the action key (`key`) and the payload field (`field`) when known
   * @param cause - the underlying error
   */
  public constructor(
    public readonly kind: ActionErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, { domain: 'action', ...context }, { cause });
  }
}

/** Shorthand used by every kit: an {@link ActionError} naming the action key and the field. */
export function actionError(kind: ActionErrorKind, key: string, message: string, field?: string, cause?: unknown): ActionError {
  return new ActionError(kind, `${key}: ${message}`, field === undefined ? { key } : { key, field }, cause);
}
