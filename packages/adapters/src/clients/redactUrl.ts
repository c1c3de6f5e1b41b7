/** Removes passwords and secret query parameters from URLs before they reach a message or a log. */

// Query parameters whose value is a credential, compared without case.
const SECRET_PARAMETER = /^(password|sslpassword|pass|passwd|pwd|token|access_token|auth_token|secret|client_secret|api_key|apikey)$/i;

/**
 * The URL with its password and secret query parameters (`password`, `pass`, `token`,
 * `secret`, ...) replaced by `***`, for messages and logs: `redis://user:***@host:6379`.
 * The URL is parsed as a whole (WHATWG `URL`), so an `@` or `/` inside the password cannot hide
 * it; a string that does not parse comes back as `scheme://***` (or `***` without a scheme),
 * since there is no telling which part of it is secret.
 * @param url - any connection or request URL
 * @example
 * ```ts
 * redactUrl('postgres://app:s3cr@t@db:5432/app?sslpassword=x&password=y');
 * // 'postgres://app:***@db:5432/app?sslpassword=x&password=***'
 * ```
 * @category Errors and loading
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1];
    return scheme === undefined ? '***' : `${scheme}://***`;
  }
  if (parsed.host === '' && url.includes('@')) {
    // No authority was recognised (`x:user:pw@host`), so a credential may sit in the path.
    return `${parsed.protocol}//***`;
  }
  if (parsed.password !== '') {
    parsed.password = '***';
  }
  const secretKeys = [...new Set(parsed.searchParams.keys())].filter((key) => SECRET_PARAMETER.test(key));
  for (const key of secretKeys) {
    parsed.searchParams.set(key, '***');
  }
  // URL escapes `*` in the password; keep the mask readable.
  return parsed.toString().replace(/%2A%2A%2A/gi, '***');
}
