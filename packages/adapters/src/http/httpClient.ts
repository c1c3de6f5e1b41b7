/** The contract of the `http` category: every HTTP client provider implements it. */

/**
 * One request.
 * @category HTTP
 */
export interface HttpRequest {
  /**
   * Absolute URL, or a path resolved against the client's `baseUrl`; http(s) only, without
   * `user:password@` (send credentials in an `Authorization` header).
   */
  readonly url: string;
  /** Method (default GET). */
  readonly method?: string;
  /** Request headers: names are HTTP tokens, values Latin-1 strings without CR, LF or NUL. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Body: text or bytes (objects: `JSON.stringify` them and set the content type); not with GET or HEAD. */
  readonly body?: string | Uint8Array;
  /** Limit on each attempt, in milliseconds (default: the client's). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (default: the client's); only idempotent methods retry. */
  readonly retries?: number;
}

/**
 * A response read to the end.
 * @category HTTP
 */
export interface HttpResponse {
  /** Status code. */
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body's bytes. */
  readonly body: Uint8Array;
  /** Attempts made (1 when the first one answered). */
  readonly attempts: number;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
}

/**
 * An HTTP client: every attempt has a time limit, and idempotent requests are retried with
 * backoff on network errors, timeouts, 429 and 5xx. An error status that is not retried (or
 * still fails after the retries) is returned as a response, not thrown: callers decide what a
 * 404 means. Every method is async so a circuit breaker can guard it.
 * @category HTTP
 */
export interface HttpClient {
  /**
   * Sends the request.
   * @throws AdapterError `invalidArgument` for a bad request (before any attempt, never retried),
   *   `timeout` when the last attempt ran out of time, `requestFailed` when no attempt got a
   *   response otherwise
   */
  request(request: HttpRequest): Promise<HttpResponse>;
}
