/** Checks a URL a kit is asked to call: http(s) only, no credentials in it. */
import { actionError, ActionErrorKind } from '../errors/actionError.js';

/**
 * The parsed URL. Credentials in a URL end up in logs and error messages; they belong in a header.
 * @throws ActionError `invalidPayload` naming the field (the URL itself is not repeated: it may hold a secret)
 */
export function checkOutboundUrl(text: string, key: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw actionError(ActionErrorKind.invalidPayload, key, `${field} is not an absolute URL`, field, error);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw actionError(ActionErrorKind.invalidPayload, key, `${field} must be http or https, not ${url.protocol.replace(/:$/, '')}`, field);
  }
  if (url.username !== '' || url.password !== '') {
    throw actionError(ActionErrorKind.invalidPayload, key, `${field} must not carry credentials; send them in a header`, field);
  }
  return url;
}

/** The URL without query and fragment, for results and logs (query strings often carry tokens). */
export function redactUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
