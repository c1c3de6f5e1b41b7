/** Turns an error of the Infisical SDK into an AdapterError. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { toCloudError } from '../clients/toCloudError.js';

const USER = { category: 'secrets', provider: 'infisical' } as const;

/**
 * The HTTP status the SDK put in its message (`[StatusCode=404]`): it keeps no status field.
 * Undefined for other errors.
 */
export function infisicalStatusOf(error: unknown): number | undefined {
  const match = error instanceof Error ? /\[StatusCode=(\d{3})\]/.exec(error.message) : null;
  return match === null ? undefined : Number(match[1]);
}

/**
 * The AdapterError for a failed Infisical call: the status in the SDK's message decides as in
 * `toCloudError` (401/403 `permissionDenied`, 400/409/413/422 `invalidArgument`, other
 * `requestFailed`); `fetch failed` (the SDK keeps only that text of a network error) is
 * `connectionFailed`, an aborted try `timeout`. The SDK's message names the URL, whose query
 * holds the project and environment but no secret.
 */
export function toInfisicalError(operation: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const status = infisicalStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (status === undefined && /fetch failed/i.test(message)) {
    return new AdapterError(AdapterErrorKind.connectionFailed, `adapter:secrets (infisical): ${operation} failed: the service was not reached (${message})`, {
      domain: 'adapter', key: 'secrets', provider: 'infisical',
    }, error);
  }
  if (status === undefined && /aborted/i.test(message)) {
    return new AdapterError(AdapterErrorKind.timeout, `adapter:secrets (infisical): ${operation} failed: no answer in time (${message})`, {
      domain: 'adapter', key: 'secrets', provider: 'infisical',
    }, error);
  }
  // A status of 422 is a refused argument too.
  return toCloudError(USER, operation, status === 422 ? Object.assign(new Error(message, { cause: error }), { statusCode: 400 }) : status === undefined ? error : Object.assign(new Error(message, { cause: error }), { statusCode: status }));
}
