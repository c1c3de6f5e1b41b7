/** How any error thrown while serving a control request becomes its typed HTTP answer (a pure calculation). */
import { isOneiricError, type OneiricError } from '@oneiric/core';
import { ControlRequestErrorKind } from './controlRequestError.js';

/** The body of every error answer: `{ "error": { "kind", "message", ...details } }`. */
export interface ErrorAnswerBody {
  /** What went wrong. */
  readonly error: {
    /** A stable name to branch on (`unknownKey`, `paused`, `badRequest`...). */
    readonly kind: string;
    /** One line a person can act on. */
    readonly message: string;
    /** The error family (`ResolutionError`, `DomainError`...), when it is an Oneiric error. */
    readonly family?: string;
    /** Domain of the key involved, when known. */
    readonly domain?: string;
    /** The key involved, when known. */
    readonly key?: string;
    /** The provider involved, when known. */
    readonly provider?: string;
    /** Dotted path of the setting involved, when known. */
    readonly field?: string;
    /** The nearest known key, for a misspelt one. */
    readonly suggestion?: string;
    /** What failed validation, for `badRequest`. */
    readonly issues?: readonly string[];
  };
}

/** The HTTP status and body of one error answer. */
export interface ErrorAnswer {
  /** The HTTP status. */
  readonly statusCode: number;
  /** The JSON body. */
  readonly body: ErrorAnswerBody;
}

// Oneiric kinds by the HTTP status that says the same: the request named something missing
// (404), collides with the key's state (409), was well-formed but the operation failed (422),
// depends on something unreachable (502/503/504); a ConfigError is 409. Kinds not listed answer 500.
const STATUS_BY_KIND: Readonly<Record<string, number>> = {
  unknownKey: 404, unknownDomain: 404, unknownProvider: 404, noCandidate: 404, notBound: 404,
  paused: 409, draining: 409, pausedAndDraining: 409, workflowAlreadyRunning: 409, alreadyStarted: 409, remoteDisabled: 409,
  activityStoreLocked: 503, closed: 503, circuitOpen: 503, noCachedManifest: 503, rateLimited: 429,
  invalidPayload: 400,
  settingsInvalid: 422, buildFailed: 422, initFailed: 422, healthFailed: 422, hookFailed: 422,
  workflowNodeFailed: 422, workflowCycle: 422, workflowUnknownDependency: 422, workflowDuplicateNode: 422,
  workflowInvalid: 422, missingMethod: 422, checkpointFailed: 500, invalidSchedule: 422,
  fetchFailed: 502, timeout: 504, callTimeout: 504,
  // The remote served a manifest the runtime refuses to trust: a bad upstream answer.
  invalidManifest: 502, unsigned: 502, unsupportedAlgorithm: 502, untrustedKey: 502, signatureInvalid: 502,
  thresholdNotMet: 502, expired: 502, tooOld: 502, missingTimestamp: 502, rollback: 502, digestMismatch: 502,
  manifestTooLarge: 502, manifestTooDeep: 502, responseTooLarge: 502, signedInFuture: 502, artifactLoadFailed: 502,
};

// Errors fastify raises before a handler runs, by their code.
const FASTIFY_CODES: Readonly<Record<string, { statusCode: number; kind: ControlRequestErrorKind }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, kind: ControlRequestErrorKind.bodyTooLarge },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { statusCode: 415, kind: ControlRequestErrorKind.unsupportedMediaType },
  FST_ERR_NOT_FOUND: { statusCode: 404, kind: ControlRequestErrorKind.notFound },
};

/**
 * The answer to `error`: Oneiric errors keep their `kind` and context; fastify's parsing and
 * validation errors become `badRequest`, `bodyTooLarge` or `unsupportedMediaType`; anything
 * else is `internal` (500).
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (isOneiricError(error)) {
    return oneiricAnswer(error);
  }
  const fastifyError = error as { code?: unknown; statusCode?: unknown; validation?: unknown; message?: unknown };
  const message = typeof fastifyError?.message === 'string' ? fastifyError.message : String(error);
  if (Array.isArray(fastifyError?.validation)) {
    const issues = (fastifyError.validation as Array<{ instancePath?: string; message?: string }>)
      .map((issue) => `${issue.instancePath === undefined || issue.instancePath === '' ? '(root)' : issue.instancePath} ${issue.message ?? 'is invalid'}`);
    return answer(400, { kind: ControlRequestErrorKind.badRequest, message, issues });
  }
  const known = typeof fastifyError?.code === 'string' ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known !== undefined) {
    return answer(known.statusCode, { kind: known.kind, message });
  }
  const statusCode = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (statusCode >= 400 && statusCode < 500) {
    // Malformed JSON, an empty JSON body, a bad Content-Length, a forbidden __proto__ key.
    return answer(statusCode, { kind: ControlRequestErrorKind.badRequest, message });
  }
  return answer(500, { kind: ControlRequestErrorKind.internal, message: `internal error: ${message}` });
}

function oneiricAnswer(error: OneiricError): ErrorAnswer {
  const own = (error as { statusCode?: unknown }).statusCode;
  // A ConfigError here is the runtime's own configuration refusing the request (no remote
  // configured...): the request collides with how the runtime is set up.
  const statusCode = typeof own === 'number' ? own : error.family === 'ConfigError' ? 409 : STATUS_BY_KIND[error.kind] ?? 500;
  const context = error.context as Readonly<Record<string, unknown>>;
  const suggestion = /did you mean ([^?\s]+)\?/.exec(error.message)?.[1];
  return answer(statusCode, {
    kind: error.kind,
    message: error.message,
    family: error.family,
    ...pickString(context, 'domain'),
    ...pickString(context, 'key'),
    ...pickString(context, 'provider'),
    ...pickString(context, 'field'),
    ...(suggestion === undefined ? {} : { suggestion }),
  });
}

function pickString(context: Readonly<Record<string, unknown>>, name: string): Record<string, string> {
  const value = context[name];
  return typeof value === 'string' ? { [name]: value } : {};
}

function answer(statusCode: number, error: ErrorAnswerBody['error']): ErrorAnswer {
  return { statusCode, body: { error } };
}
