/** Errors raised by adapters: bad arguments, missing optional client libraries, unreachable services. */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/** What went wrong in an adapter; callers branch on this, not on the message. */
export enum AdapterErrorKind {
  /** The provider's client library (an optional peer dependency) is not installed. */
  missingDependency = 'missingDependency',
  /** An argument is malformed: empty key, bad name, unsupported value. */
  invalidArgument = 'invalidArgument',
  /** A storage key or secret name would reach outside the provider's root directory. */
  pathOutsideRoot = 'pathOutsideRoot',
  /** A secret file is readable or writable by other users. */
  insecurePermissions = 'insecurePermissions',
  /** The provider cannot do this (e.g. rotating an environment variable). */
  unsupported = 'unsupported',
  /** A method was called before `init()` or after `cleanup()`. */
  notReady = 'notReady',
  /** Connecting to the service failed. */
  connectionFailed = 'connectionFailed',
  /** A call to the service exceeded its time limit. */
  timeout = 'timeout',
  /** An HTTP request failed (network error, or an error status after the retries). */
  requestFailed = 'requestFailed',
  /** A queue message could not be acknowledged (already settled, or its claim was lost). */
  ackFailed = 'ackFailed',
  /**
   * A transaction could not commit: a statement inside it failed, or the server rolled it back
   * (COMMIT answered ROLLBACK, or the transaction was no longer open). Nothing was committed.
   */
  transactionAborted = 'transactionAborted',
  /** The service refused a statement or command (bad SQL, constraint violation, ...); the client's error is the cause. */
  queryFailed = 'queryFailed',
  /** A stored value could not be decoded (not JSON written by the provider); the parse error is the cause. */
  invalidData = 'invalidData',
}

/**
 * An adapter failure; `kind` says which, `context` names the domain (`adapter`), the category
 * as key and the provider. Errors of the client libraries are kept as `cause`.
 * @example
 * ```ts
 * try { await cache.get(''); } catch (error) {
 *   if (error instanceof AdapterError && error.kind === AdapterErrorKind.invalidArgument) { ... }
 * }
 * ```
 */
export class AdapterError extends OneiricError {
  public readonly family = 'AdapterError';

  /**
   * @param kind - what went wrong
   * @param message - one line naming the provider and what failed
   * @param context - domain, key (category) and provider
   * @param cause - the underlying error, if any
   */
  public constructor(
    public readonly kind: AdapterErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
