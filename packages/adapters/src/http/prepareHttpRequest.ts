/** Checks a request once, before any attempt: a caller's mistake fails at once, is never retried and never leaks a credential. */
import { redactUrl } from '../clients/redactUrl.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { HttpRequest } from './httpClient.js';

const CONTEXT = { domain: 'adapter', key: 'http', provider: 'fetch' } as const;
// RFC 9110 token: header names and methods.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// fetch refuses these methods outright.
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
// fetch refuses a body with these methods.
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);
// Hop-by-hop headers undici refuses when it sends the request (connection: only close/keep-alive).
const REFUSED_HEADERS = new Set(['transfer-encoding', 'keep-alive', 'upgrade', 'expect']);
// HTTP whitespace, trimmed from both ends of a header value as fetch does.
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** A request checked by {@link prepareHttpRequest}, ready for `fetch`. */
export interface PreparedHttpRequest {
  /** The absolute http(s) URL, without user name or password. */
  readonly url: URL;
  /** The method, upper case. */
  readonly method: string;
  /** The headers, names lower case, values trimmed. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, only for a method that may carry one. */
  readonly body: string | Uint8Array | undefined;
}

/** The parts of the client's settings a request is resolved against. */
export interface HttpRequestDefaults {
  /** Base URL of relative request URLs. */
  readonly baseUrl?: string | undefined;
}

function invalid(message: string): AdapterError {
  // No cause: the errors of URL and Headers repeat the raw input (a password, a token) in their messages.
  return new AdapterError(AdapterErrorKind.invalidArgument, `adapter:http (fetch): ${message}`, CONTEXT);
}

/** The URL for a message: redacted, and without a user name either (it may be a token). */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username !== '') {
      parsed.username = '***';
    }
    return JSON.stringify(redactUrl(parsed.href));
  } catch {
    return JSON.stringify(redactUrl(url));
  }
}

function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

function urlOf(target: unknown, baseUrl: string | undefined): URL {
  if (typeof target !== 'string' || target.length === 0) {
    throw invalid('the URL must be a non-empty string');
  }
  let base: URL | undefined;
  if (baseUrl !== undefined) {
    if (!URL.canParse(baseUrl)) {
      throw invalid(`the baseUrl setting ${shown(baseUrl)} is not a valid URL`);
    }
    base = new URL(baseUrl);
    if (hasCredentials(base)) {
      throw invalid('the baseUrl setting includes credentials (user:password@); send them in an Authorization header instead');
    }
  }
  if (!URL.canParse(target, base?.href)) {
    throw invalid(`invalid URL ${shown(target)}: not an absolute URL${base === undefined ? ' (and no baseUrl is set)' : ''}`);
  }
  const url = new URL(target, base);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`invalid URL ${shown(target)}: unsupported protocol ${url.protocol} (http: and https: only)`);
  }
  if (hasCredentials(url)) {
    throw invalid(`invalid URL ${shown(target)}: it includes credentials (user:password@); send them in an Authorization header instead`);
  }
  return url;
}

function methodOf(method: unknown): string {
  if (method === undefined) {
    return 'GET';
  }
  if (typeof method !== 'string' || !TOKEN.test(method)) {
    throw invalid('the method must be an HTTP token (GET, POST, ...)');
  }
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) {
    throw invalid(`the method ${upper} is not supported by fetch`);
  }
  return upper;
}

function headersOf(headers: unknown): Record<string, string> {
  if (headers === undefined) {
    return {};
  }
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    throw invalid('headers must be an object of header names to string values');
  }
  const checked: Record<string, string> = {};
  for (const [index, [name, value]] of Object.entries(headers).entries()) {
    // A bad name is not shown either: a token pasted as a name would end up in the logs.
    if (!TOKEN.test(name)) {
      throw invalid(`header #${index + 1}: the name is not an HTTP token`);
    }
    const lower = name.toLowerCase();
    // Values are never shown: an Authorization or Cookie header holds a credential.
    if (typeof value !== 'string') {
      throw invalid(`header ${JSON.stringify(lower)}: the value must be a string`);
    }
    const trimmed = value.replace(EDGE_WHITESPACE, '');
    if (/[\0\r\n]/.test(trimmed)) {
      throw invalid(`header ${JSON.stringify(lower)}: the value contains NUL, CR or LF`);
    }
    if (/[^\0-\xff]/.test(trimmed)) {
      throw invalid(`header ${JSON.stringify(lower)}: the value contains a character above U+00FF (encode it first)`);
    }
    if (REFUSED_HEADERS.has(lower) || (lower === 'connection' && !/^(close|keep-alive)$/i.test(trimmed))) {
      throw invalid(`header ${JSON.stringify(lower)} is managed by the client and cannot be set`);
    }
    checked[lower] = lower in checked ? `${checked[lower]}, ${trimmed}` : trimmed;
  }
  return checked;
}

/**
 * Resolves and checks a request before the first attempt, so a caller's mistake fails at once
 * with AdapterError `invalidArgument` instead of being retried as a network failure:
 * - the URL must resolve (against `baseUrl` when relative) to an absolute `http:`/`https:` URL
 *   without a user name or password, in the URL or in `baseUrl` (credentials belong in an
 *   `Authorization` header; fetch would refuse them with a message repeating them);
 * - the method must be an HTTP token other than CONNECT, TRACE and TRACK;
 * - header names must be HTTP tokens, values strings without NUL, CR or LF nor characters above
 *   U+00FF; `transfer-encoding`, `keep-alive`, `upgrade`, `expect` and a `connection` other than
 *   `close`/`keep-alive` are refused (the client manages them);
 * - a GET or HEAD must not have a body, and a body must be a string or bytes.
 *
 * Messages name the header, never its value, and show URLs redacted without user name or
 * password; no cause is kept, since the errors of `URL` and `Headers` repeat the raw input.
 * @param request - the caller's request
 * @param defaults - the client's base URL
 * @throws AdapterError `invalidArgument` as above
 * @example
 * ```ts
 * const { url, method, headers, body } = prepareHttpRequest({ url: '/health' }, { baseUrl: 'http://127.0.0.1:8080' });
 * ```
 */
export function prepareHttpRequest(request: HttpRequest, defaults: HttpRequestDefaults): PreparedHttpRequest {
  const url = urlOf(request.url, defaults.baseUrl);
  const method = methodOf(request.method);
  const headers = headersOf(request.headers);
  const body = request.body;
  if (body !== undefined) {
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw invalid('the body must be a string or a Uint8Array');
    }
    if (BODYLESS_METHODS.has(method)) {
      throw invalid(`a ${method} request cannot have a body`);
    }
  }
  try {
    // What fetch itself will check, so nothing it refuses is left for the attempts.
    new Headers(headers);
  } catch {
    throw invalid('the headers are refused by fetch');
  }
  return { url, method, headers, body };
}
