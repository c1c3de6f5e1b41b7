import { AdapterErrorKind } from '../errors/adapterError.js';
import { infisicalStatusOf, toInfisicalError } from './toInfisicalError.js';

describe('toInfisicalError', () => {
  const requestError = (status: number): Error => new Error(`[URL=https://x/api/v3/secrets/raw/a] [Method=GET] [StatusCode=${status}] message`);

  it('reads the status the SDK puts in its message', () => {
    expect(infisicalStatusOf(requestError(404))).toBe(404);
    expect(infisicalStatusOf(new Error('plain'))).toBeUndefined();
  });

  it.each([
    [401, AdapterErrorKind.permissionDenied],
    [403, AdapterErrorKind.permissionDenied],
    [422, AdapterErrorKind.invalidArgument],
    [400, AdapterErrorKind.invalidArgument],
    [500, AdapterErrorKind.requestFailed],
  ])('maps status %i', (status, kind) => {
    expect(toInfisicalError('get a', requestError(status)).kind).toBe(kind);
  });

  it('maps the SDK\'s network and abort messages', () => {
    expect(toInfisicalError('get a', new Error('fetch failed')).kind).toBe(AdapterErrorKind.connectionFailed);
    expect(toInfisicalError('get a', new Error('This operation was aborted')).kind).toBe(AdapterErrorKind.timeout);
  });
});
