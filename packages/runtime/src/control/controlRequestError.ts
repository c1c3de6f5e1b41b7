/** The typed error of a control request the server refuses on its own (not a core or bridge error). */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/** Why the control server refused a request, as a stable name the client receives as `kind`. */
export enum ControlRequestErrorKind {
  /** The request's body, query or parameters do not match the endpoint's schema, or are not JSON. */
  badRequest = 'badRequest',
  /** The body is larger than the server's limit. */
  bodyTooLarge = 'bodyTooLarge',
  /** The body is not `application/json`. */
  unsupportedMediaType = 'unsupportedMediaType',
  /** No endpoint at this method and path. */
  notFound = 'notFound',
  /** A TCP request to `/v1/...` without the right bearer token. */
  unauthorized = 'unauthorized',
  /** A TCP request to `/v1/...` while no admin token is configured (`runtime.http.admin_token`). */
  adminDisabled = 'adminDisabled',
  /** The operation did not finish within the request's time limit (it may still complete). */
  timeout = 'timeout',
  /** `resume` was asked but there is no checkpointed run to resume. */
  nothingToResume = 'nothingToResume',
  /** The server is closing: the request was not run. */
  shuttingDown = 'shuttingDown',
  /** An unexpected failure inside the runtime. */
  internal = 'internal',
}

/**
 * A control request refused by the server itself; carries the HTTP status it is answered with.
 * Core and bridge errors keep their own kinds and are mapped by `errorAnswer`.
 */
export class ControlRequestError extends OneiricError {
  /** Always `ControlRequestError`. */
  public readonly family = 'ControlRequestError';

  /**
   * @param kind - why the request was refused
   * @param statusCode - the HTTP status to answer with
   * @param message - one line a person can act on
   * @param context - domain, key or provider involved, when any
   */
  public constructor(
    public readonly kind: ControlRequestErrorKind,
    public readonly statusCode: number,
    message: string,
    context: OneiricErrorContext = {},
  ) {
    super(message, context);
  }
}
