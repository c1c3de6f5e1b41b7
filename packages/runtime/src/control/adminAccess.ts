/** Who may call `/v1/...` on the TCP surface: holders of the admin bearer token, and only when one is set. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ControlRequestError, ControlRequestErrorKind } from './controlRequestError.js';

/**
 * Whether an `Authorization` header carries `Bearer <adminToken>`. Both sides are hashed first so
 * the comparison is constant-time whatever their lengths (`timingSafeEqual` needs equal lengths).
 */
export function isAdminAuthorized(authorization: string | undefined, adminToken: string): boolean {
  const match = authorization === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  const offered = match?.[1] ?? '';
  const isEqual = timingSafeEqual(sha256(offered), sha256(adminToken));
  return match !== null && isEqual;
}

/**
 * The refusal of a TCP request to a `/v1/...` path, or undefined when it may proceed. Without a
 * configured token the admin endpoints do not exist on TCP (403 `adminDisabled`); with one, a
 * missing or wrong token is 401 `unauthorized`.
 */
export function adminRefusal(authorization: string | undefined, adminToken: string | undefined): ControlRequestError | undefined {
  if (adminToken === undefined) {
    return new ControlRequestError(
      ControlRequestErrorKind.adminDisabled,
      403,
      'the control endpoints are not served on TCP: set runtime.http.admin_token to enable them, or use the control socket',
    );
  }
  if (!isAdminAuthorized(authorization, adminToken)) {
    return new ControlRequestError(ControlRequestErrorKind.unauthorized, 401, 'missing or wrong bearer token for the control endpoints');
  }
  return undefined;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
