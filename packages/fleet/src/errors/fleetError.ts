/** The typed error of the fleet: a lost compare-and-set, a malformed record, an unreachable server. */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/**
 * What went wrong in a fleet operation.
 * @category Errors
 */
export enum FleetErrorKind {
  /** A compare-and-set write lost: someone else changed the record first (or a running rollout exists). */
  conflict = 'conflict',
  /** A record in the bucket is not what this version writes; it is reported and never applied. */
  invalidRecord = 'invalidRecord',
  /** A caller passed something the fleet cannot accept (unknown domain, empty key, bad step list). */
  invalidArgument = 'invalidArgument',
  /** The NATS server could not be reached, or JetStream is not enabled on it. */
  connectionFailed = 'connectionFailed',
  /** A call to the server did not finish within its time limit. */
  timeout = 'timeout',
  /** The record asked for does not exist (no rollout of that key). */
  notFound = 'notFound',
}

/**
 * A fleet failure. `kind` says what to do: retry after re-reading on `conflict`, fix the
 * writer on `invalidRecord`, check the server on `connectionFailed` and `timeout`.
 * @category Errors
 */
export class FleetError extends OneiricError {
  public readonly family = 'FleetError';

  /**
   * @param kind - what went wrong
   * @param message - one line naming the bucket key concerned (never a credential)
   * @param context - domain, key, provider concerned
   * @param cause - the client's error
   */
  public constructor(
    public readonly kind: FleetErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
