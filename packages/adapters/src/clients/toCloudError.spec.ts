import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { httpStatusOf, isCloudNotFound, toCloudError } from './toCloudError.js';

const USER = { category: 'storage', provider: 's3' } as const;

function withFields(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('toCloudError', () => {
  it.each([
    ['an AWS SDK timeout', withFields('socket timed out', { name: 'TimeoutError' }), AdapterErrorKind.timeout],
    ['an aborted fetch', withFields('aborted', { name: 'AbortError' }), AdapterErrorKind.timeout],
    ['gRPC DEADLINE_EXCEEDED', withFields('deadline', { code: 4 }), AdapterErrorKind.timeout],
    ['a refused connection', withFields('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }), AdapterErrorKind.connectionFailed],
    ['a refused connection wrapped by the SDK, code only in the text', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'), AdapterErrorKind.connectionFailed],
    ['a reset deep in the cause chain', new Error('fetch failed', { cause: new Error('outer', { cause: withFields('reset', { code: 'ECONNRESET' }) }) }), AdapterErrorKind.connectionFailed],
    ['Azure REQUEST_SEND_ERROR', withFields('send failed', { code: 'REQUEST_SEND_ERROR' }), AdapterErrorKind.connectionFailed],
    ['gRPC UNAVAILABLE', withFields('unavailable', { code: 14 }), AdapterErrorKind.connectionFailed],
    ['HTTP 403 from the AWS SDK', withFields('AccessDenied', { $metadata: { httpStatusCode: 403 } }), AdapterErrorKind.permissionDenied],
    ['HTTP 401 from Azure', withFields('auth', { statusCode: 401 }), AdapterErrorKind.permissionDenied],
    ['gRPC PERMISSION_DENIED', withFields('denied', { code: 7 }), AdapterErrorKind.permissionDenied],
    ['HTTP 400', withFields('bad', { response: { status: 400 } }), AdapterErrorKind.invalidArgument],
    ['a GCS 413 (numeric code)', withFields('too large', { code: 413 }), AdapterErrorKind.invalidArgument],
    ['HTTP 504', withFields('gateway', { statusCode: 504 }), AdapterErrorKind.timeout],
    ['HTTP 500', withFields('internal', { $metadata: { httpStatusCode: 500 } }), AdapterErrorKind.requestFailed],
    ['something else', 'a string', AdapterErrorKind.requestFailed],
  ])('maps %s', (_label, error, kind) => {
    const mapped = toCloudError(USER, 'get "k"', error);
    expect(mapped).toBeInstanceOf(AdapterError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toMatch(/^adapter:storage \(s3\): get "k" failed: /);
    expect(mapped.context).toEqual({ domain: 'adapter', key: 'storage', provider: 's3' });
  });

  it('returns an AdapterError unchanged', () => {
    const original = new AdapterError(AdapterErrorKind.invalidArgument, 'x');
    expect(toCloudError(USER, 'put', original)).toBe(original);
  });

  it('names the HTTP status in the message', () => {
    expect(toCloudError(USER, 'get', withFields('Forbidden', { statusCode: 403 })).message).toContain('HTTP 403: Forbidden');
  });
});

describe('isCloudNotFound and httpStatusOf', () => {
  it.each([
    ['S3 NoSuchKey', withFields('missing', { name: 'NoSuchKey' })],
    ['S3 HeadObject NotFound', withFields('missing', { name: 'NotFound', $metadata: { httpStatusCode: 404 } })],
    ['Secrets Manager ResourceNotFoundException', withFields('missing', { name: 'ResourceNotFoundException' })],
    ['Azure BlobNotFound', withFields('missing', { code: 'BlobNotFound', statusCode: 404 })],
    ['gRPC NOT_FOUND', withFields('missing', { code: 5 })],
    ['GCS 404', withFields('missing', { code: 404 })],
  ])('knows %s for a missing thing', (_label, error) => {
    expect(isCloudNotFound(error)).toBe(true);
  });

  it('does not take other failures for a missing thing', () => {
    expect(isCloudNotFound(withFields('denied', { statusCode: 403 }))).toBe(false);
    expect(isCloudNotFound(new Error('plain'))).toBe(false);
    expect(isCloudNotFound(undefined)).toBe(false);
  });

  it('finds the status where each client keeps it', () => {
    expect(httpStatusOf(withFields('x', { $metadata: { httpStatusCode: 409 } }))).toBe(409);
    expect(httpStatusOf(withFields('x', { response: { status: 429 } }))).toBe(429);
    expect(httpStatusOf(new Error('outer', { cause: withFields('inner', { statusCode: 503 }) }))).toBe(503);
    expect(httpStatusOf(withFields('x', { code: 'ECONNRESET' }))).toBeUndefined();
  });
});
