/** The typed error of the runtime process: why it would not start, or what it cannot do. */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/**
 * What went wrong in the runtime.
 * @category Runtime
 */
export enum RuntimeErrorKind {
  /** Another live runtime owns the cache directory. */
  alreadyRunning = 'alreadyRunning',
  /** `start()` was called twice, or after `stop()`. */
  alreadyStarted = 'alreadyStarted',
  /** A remote operation was asked of a runtime without remote sync configured. */
  remoteDisabled = 'remoteDisabled',
  /** Something other than a socket sits where the control socket belongs. */
  socketPathTaken = 'socketPathTaken',
}

/**
 * A runtime failure; the message says what to do about it.
 * @category Runtime
 */
export class RuntimeError extends OneiricError {
  public readonly family = 'RuntimeError';

  /**
   * @param kind - what went wrong
   * @param message - one line naming the cache directory or file concerned
   * @param context - file concerned
   * @param cause - the underlying error
   */
  public constructor(
    public readonly kind: RuntimeErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
