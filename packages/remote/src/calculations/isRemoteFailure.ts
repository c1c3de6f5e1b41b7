/** Decides which fetch failures count against the manifest URL's circuit breaker. */
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';

// The breaker's failures are what the remote did wrong (unreachable, error status, garbage);
// a rate-limited call never reached the remote and must not count.
// Nor does a local refusal made before any request (an auth token that is not a valid header value).
const NOT_A_REMOTE_FAILURE: ReadonlySet<string> = new Set<string>([RemoteErrorKind.rateLimited, RemoteErrorKind.fileUriRefused, RemoteErrorKind.pathTraversal, RemoteErrorKind.unsupportedUri, RemoteErrorKind.invalidSettings]);

/** Whether `error` is something the remote did wrong (true) or a local refusal made before any request (false). */
export function isRemoteFailure(error: unknown): boolean {
  return !(error instanceof RemoteError && NOT_A_REMOTE_FAILURE.has(error.kind));
}
