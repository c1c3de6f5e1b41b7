// Unit tests of the TCP admin rules: a token must be configured and presented as a Bearer token.
import { adminRefusal, isAdminAuthorized } from './adminAccess.js';

describe('isAdminAuthorized', () => {
  it('accepts exactly `Bearer <token>`, case-insensitive scheme', () => {
    expect(isAdminAuthorized('Bearer tok-1', 'tok-1')).toBe(true);
    expect(isAdminAuthorized('bearer tok-1', 'tok-1')).toBe(true);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Bearer tok-2', 'Bearer tok-1x', 'Basic tok-1', 'tok-1', 'Bearer tok-1 extra'])('refuses %p', (header) => {
    expect(isAdminAuthorized(header, 'tok-1')).toBe(false);
  });
});

describe('adminRefusal', () => {
  it('refuses with 403 adminDisabled when no token is configured, whatever is presented', () => {
    expect(adminRefusal('Bearer anything', undefined)).toMatchObject({ kind: 'adminDisabled', statusCode: 403 });
  });

  it('refuses a wrong token with 401 unauthorized and lets the right one through', () => {
    expect(adminRefusal('Bearer nope', 'tok-1')).toMatchObject({ kind: 'unauthorized', statusCode: 401 });
    expect(adminRefusal('Bearer tok-1', 'tok-1')).toBeUndefined();
  });
});
