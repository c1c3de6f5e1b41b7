/** Errors raised by adapters: bad arguments, missing optional client libraries, unreachable services. */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/**
 * What went wrong in an adapter; callers branch on this, not on the message.
 * @category Errors and loading
 */
export enum AdapterErrorKind {
  /** The provider's client library (an optional peer dependency) is not installed. */
  missingDependency = 'missingDependency',
  /**
   * An argument is malformed: empty key, bad name, unsupported value; or one the service or file
   * system refuses as such: a key segment too long for the file system (ENAMETOOLONG), a key
   * that clashes with another (a file where a directory is needed, ENOTDIR, or a directory where
   * a file is, EISDIR), a message over the server's payload limit.
   */
  invalidArgument = 'invalidArgument',
  /** A storage key or secret name would reach outside the provider's root directory. */
  pathOutsideRoot = 'pathOutsideRoot',
  /** A secret file is readable or writable by other users. */
  insecurePermissions = 'insecurePermissions',
  /** The provider cannot do this (e.g. rotating an environment variable). */
  unsupported = 'unsupported',
  /** A method was called before `init()` or after `cleanup()`. */
  notReady = 'notReady',
  /**
   * Connecting to the service failed, or the connection is down or was lost: a command issued
   * while the client reconnects, or caught in flight by a disconnect.
   */
  connectionFailed = 'connectionFailed',
  /** A call to the service exceeded its time limit. */
  timeout = 'timeout',
  /** An HTTP request failed (network error, or an error status after the retries). */
  requestFailed = 'requestFailed',
  /** A queue message could not be acknowledged (already settled, or its claim was lost). */
  ackFailed = 'ackFailed',
  /**
   * An identity provider refused a token (bad signature, expired, wrong issuer or audience, an
   * algorithm outside the allowlist, an unknown key); `TokenRejectedError.reason` says which.
   */
  tokenRejected = 'tokenRejected',
  /**
   * A transaction could not commit: a statement inside it failed, or the server rolled it back
   * (COMMIT answered ROLLBACK, or the transaction was no longer open). Nothing was committed.
   */
  transactionAborted = 'transactionAborted',
  /**
   * The service refused a statement or command (bad SQL, constraint violation, a Redis error
   * reply such as OOM or NOSCRIPT, a JetStream API error such as "stream not found"); the
   * client's error is the cause.
   */
  queryFailed = 'queryFailed',
  /**
   * A stored value could not be decoded (not JSON written by the provider; a Redis key holding
   * another type, WRONGTYPE); the parse error or the server's reply is the cause.
   */
  invalidData = 'invalidData',
  /**
   * The operating system refused access to a file or directory the provider needs (EACCES,
   * EPERM): the process lacks the permission. The system error is the cause.
   */
  permissionDenied = 'permissionDenied',
  /**
   * The file system failed an operation for a reason other than the key, name or permissions:
   * no space left (ENOSPC), quota exceeded (EDQUOT), read-only file system (EROFS), an I/O error
   * (EIO), too many open files (EMFILE), the provider's directory gone (ENOENT). The system error
   * is the cause.
   */
  fileSystemFailed = 'fileSystemFailed',
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
 * @category Errors and loading
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
