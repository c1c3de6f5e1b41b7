/** The typed error of a control request: what the runtime answered, or why it could not. */

/**
 * Why a control request failed. The runtime's own error kinds (`unknownKey`, `paused`,
 * `draining`, `settingsInvalid`...) pass through as the runtime sent them; these are the
 * client's.
 */
export const ControlErrorKind = {
  /** No runtime listens on the socket (missing socket file, or nothing accepting). */
  noRuntime: 'noRuntime',
  /** The runtime did not answer within the request's time limit. */
  timeout: 'timeout',
  /** The answer was not the JSON the protocol promises, or was too large. */
  badResponse: 'badResponse',
  /** The connection failed for another reason. */
  connectionFailed: 'connectionFailed',
  /** The request's path has characters a request line cannot carry (spaces, control characters, non-ASCII). */
  invalidPath: 'invalidPath',
} as const;

/** One of {@link ControlErrorKind}, or a kind the runtime reported. */
export type ControlErrorKindName = (typeof ControlErrorKind)[keyof typeof ControlErrorKind] | (string & {});

/** Extra facts of a {@link ControlError}. */
export interface ControlErrorDetails {
  /** HTTP status of the runtime's answer, when there was one. */
  readonly status?: number;
  /** Further fields of the runtime's error body (key, provider, suggestion...). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The underlying failure. */
  readonly cause?: unknown;
}

/**
 * A failed control request. Carries the `Symbol.for('oneiric.error')` brand so `isOneiricError`
 * recognises it, without this module importing `@oneiric/core` (the client stays light).
 */
export class ControlError extends Error {
  /** What went wrong, as a stable name. */
  public readonly kind: ControlErrorKindName;
  /** HTTP status of the runtime's answer, when there was one. */
  public readonly status: number | undefined;
  /** Further fields of the runtime's error body. */
  public readonly details: Readonly<Record<string, unknown>>;

  public constructor(kind: ControlErrorKindName, message: string, extra: ControlErrorDetails = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ControlError';
    this.kind = kind;
    this.status = extra.status;
    this.details = extra.details ?? {};
    Object.defineProperty(this, Symbol.for('oneiric.error'), { value: true });
  }
}
