/** Turns an error of a cloud service's client library (AWS, Azure, Google, Infisical) into an AdapterError. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { DependencyUser } from '../loading/loadOptionalDependency.js';

// Node socket and resolver errors: the service was not reached, or the connection broke.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'REQUEST_SEND_ERROR', 'ERR_SOCKET_CONNECTION_TIMEOUT']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError', 'RequestTimeout', 'RequestTimeoutException']);
// gRPC status codes, as Google's clients report them (also over their REST fallback).
const GRPC_NOT_FOUND = 5;
const GRPC_TIMEOUT = 4;
const GRPC_UNAVAILABLE = 14;
const GRPC_DENIED = new Set([7, 16]);
const GRPC_INVALID = new Set([3, 9, 11]);
const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NotFound', 'ResourceNotFoundException', 'BlobNotFound', 'ContainerNotFound', 'NoSuchBucket']);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly status?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly response?: { readonly status?: unknown };
  readonly cause?: unknown;
}

/** The errors of the chain: the error itself and its causes, at most five deep. */
function chain(error: unknown): ErrorShape[] {
  const links: ErrorShape[] = [];
  let current = error;
  while (current !== null && typeof current === 'object' && links.length < 5) {
    links.push(current as ErrorShape);
    current = (current as ErrorShape).cause;
  }
  return links;
}

/**
 * The HTTP status the service answered, when the error carries one.
 * @category Errors and loading
 */
export function httpStatusOf(error: unknown): number | undefined {
  for (const link of chain(error)) {
    const status = link.$metadata?.httpStatusCode ?? link.statusCode ?? link.response?.status ?? link.status;
    if (typeof status === 'number' && status >= 100 && status < 600) {
      return status;
    }
    if (typeof link.code === 'number' && link.code >= 100 && link.code < 600) {
      return link.code;
    }
  }
  return undefined;
}

/** The gRPC status of a Google client's error, when it carries one. */
function grpcCodeOf(error: unknown): number | undefined {
  const code = (error as ErrorShape | null)?.code;
  return typeof code === 'number' && code >= 0 && code < 17 ? code : undefined;
}

/**
 * True when the service said the object, secret or container does not exist.
 * @category Errors and loading
 */
export function isCloudNotFound(error: unknown): boolean {
  const name = (error as ErrorShape | null)?.name;
  const code = (error as ErrorShape | null)?.code;
  return httpStatusOf(error) === 404 || grpcCodeOf(error) === GRPC_NOT_FOUND
    || (typeof name === 'string' && NOT_FOUND_NAMES.has(name)) || (typeof code === 'string' && NOT_FOUND_NAMES.has(code));
}

// The codes in a message: a client may wrap a socket error into one of its own (the AWS SDK does
// for an error of another realm, as under Jest's module sandbox), keeping only its text.
function codesInMessages(links: readonly ErrorShape[]): string[] {
  return links.flatMap((link) => (link instanceof Error ? link.message.match(/\b(E[A-Z_]{3,}|UND_ERR_[A-Z_]+)\b/g) ?? [] : []));
}

function kindOf(error: unknown): AdapterErrorKind {
  const links = chain(error);
  const quoted = codesInMessages(links);
  if (quoted.some((code) => TIMEOUT_CODES.has(code))) {
    return AdapterErrorKind.timeout;
  }
  if (quoted.some((code) => CONNECTION_CODES.has(code))) {
    return AdapterErrorKind.connectionFailed;
  }
  const grpc = grpcCodeOf(error);
  if (links.some((link) => (typeof link.name === 'string' && TIMEOUT_NAMES.has(link.name)) || (typeof link.code === 'string' && TIMEOUT_CODES.has(link.code))) || grpc === GRPC_TIMEOUT) {
    return AdapterErrorKind.timeout;
  }
  if (links.some((link) => typeof link.code === 'string' && CONNECTION_CODES.has(link.code)) || grpc === GRPC_UNAVAILABLE) {
    return AdapterErrorKind.connectionFailed;
  }
  const status = httpStatusOf(error);
  if (status === 401 || status === 403 || (grpc !== undefined && GRPC_DENIED.has(grpc))) {
    return AdapterErrorKind.permissionDenied;
  }
  if (status === 400 || status === 413 || status === 409 || (grpc !== undefined && GRPC_INVALID.has(grpc))) {
    return AdapterErrorKind.invalidArgument;
  }
  if (status === 408 || status === 504) {
    return AdapterErrorKind.timeout;
  }
  return AdapterErrorKind.requestFailed;
}

/**
 * The AdapterError for a failed call of a cloud client library:
 * - `timeout`: the client's time limit (TimeoutError, AbortError, ETIMEDOUT, ECONNABORTED), gRPC
 *   DEADLINE_EXCEEDED, HTTP 408 or 504;
 * - `connectionFailed`: the service was not reached or the connection broke (ECONNREFUSED,
 *   ECONNRESET, ENOTFOUND, Azure's REQUEST_SEND_ERROR, gRPC UNAVAILABLE), anywhere in the cause chain;
 * - `permissionDenied`: HTTP 401 or 403, gRPC PERMISSION_DENIED or UNAUTHENTICATED;
 * - `invalidArgument`: HTTP 400, 409 or 413, gRPC INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE;
 * - `requestFailed`: anything else (HTTP 5xx after the client's retries ...).
 *
 * The message names the provider, the operation and the client's message; the client's error is
 * the cause. An AdapterError is returned unchanged.
 * @param user - category and provider
 * @param operation - what was being done (`put "a/b"`), for the message
 * @param error - what the client threw
 * @category Errors and loading
 */
export function toCloudError(user: DependencyUser, operation: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  const status = httpStatusOf(error);
  const detail = status === undefined ? message : `HTTP ${status}: ${message}`;
  return new AdapterError(kindOf(error), `adapter:${user.category} (${user.provider}): ${operation} failed: ${detail}`, {
    domain: 'adapter', key: user.category, provider: user.provider,
  }, error);
}
