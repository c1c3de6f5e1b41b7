// Tests of isRemoteFailure: what counts against the manifest URL's circuit breaker.
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { isRemoteFailure } from './isRemoteFailure.js';

describe('isRemoteFailure', () => {
  it('counts what the remote did wrong: unreachable, error status, garbage, timeouts', () => {
    for (const kind of [RemoteErrorKind.fetchFailed, RemoteErrorKind.timeout, RemoteErrorKind.responseTooLarge, RemoteErrorKind.invalidManifest]) {
      expect(isRemoteFailure(new RemoteError(kind, 'x'))).toBe(true);
    }
  });

  it('counts an error that is not a RemoteError (an unexpected failure is the remote path failing)', () => {
    expect(isRemoteFailure(new Error('socket hang up'))).toBe(true);
  });

  it('does not count refusals made before any request, which would otherwise open the circuit of a healthy remote', () => {
    for (const kind of [RemoteErrorKind.rateLimited, RemoteErrorKind.fileUriRefused, RemoteErrorKind.pathTraversal, RemoteErrorKind.unsupportedUri, RemoteErrorKind.invalidSettings]) {
      expect(isRemoteFailure(new RemoteError(kind, 'x'))).toBe(false);
    }
  });
});
