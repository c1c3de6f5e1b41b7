/** The embedded default HTTP client: Node's fetch with a time limit per attempt and retries. */
import { httpKey } from '../adapterKeys.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { Adapter, InjectSettings, backoffDelay, readBoundedBody } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeFetchFailure } from './describeFetchFailure.js';
import { FetchHttpClientSettings } from './fetchHttpClientSettings.js';
import type { HttpClient, HttpRequest, HttpResponse } from './httpClient.js';
import { prepareHttpRequest, type PreparedHttpRequest } from './prepareHttpRequest.js';
import { retryAfterDelay } from './retryAfterDelay.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const CONTEXT = { domain: 'adapter', key: 'http', provider: 'fetch' } as const;
// Longest wait between attempts, whether from the backoff or from a Retry-After header.
const MAX_DELAY_MS = 5_000;
// undici's codes for a request it refuses to send as given: the caller's mistake, not the network's.
const REFUSED_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH']);

/** A status worth another attempt: the server may answer differently in a moment. */
function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** True for the abort of `AbortSignal.timeout` (by name: a DOMException need not be an Error of this realm). */
function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TimeoutError';
}

/** The undici code of a fetch error's cause, if any. */
function causeCode(error: unknown): string | undefined {
  const code = ((error as { cause?: unknown } | null)?.cause as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * HTTP through the global `fetch` (undici). Each attempt is bounded by `AbortSignal.timeout`;
 * GET, HEAD, PUT, DELETE and OPTIONS are retried with exponential backoff and jitter on network
 * errors, timeouts, 429, 502, 503 and 504 (on 429 and 503 after the `Retry-After` the server
 * asks for, seconds or an HTTP date, at most 5 s). POST and PATCH are never retried: repeating
 * them could do the work twice. The request is checked once before the first attempt
 * (`prepareHttpRequest`), so a caller's mistake (a URL with credentials, a bad header, a GET
 * with a body) fails at once with `invalidArgument` and is never retried; messages never show a
 * header value, a password or a user name. Priority 200.
 * @example
 * ```ts
 * const response = await http.request({ url: '/health', timeoutMs: 2000 });
 * if (response.status === 200) console.log(response.json());
 * ```
 * @category HTTP
 */
@Adapter(httpKey, 'fetch', {
  priority: 200,
  settings: FetchHttpClientSettings,
  capabilities: ['retry', 'timeout', 'embedded'],
  description: 'HTTP through Node fetch with timeout and retry',
})
export class FetchHttpClient implements HttpClient {
  readonly #settings: FetchHttpClientSettings;

  /** @param settings - base URL, time limit, retries */
  public constructor(@InjectSettings() settings: FetchHttpClientSettings) {
    this.#settings = settings;
  }

  /**
   * {@inheritDoc HttpClient.request}
   * @throws AdapterError `invalidArgument` before any attempt for a bad request (see
   *   `prepareHttpRequest`: a URL with credentials, a bad header, a GET with a body, ...);
   *   `timeout` when the last attempt ran out of time; `requestFailed` when it failed otherwise
   */
  public async request(request: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? this.#settings.timeoutMs;
    const retries = request.retries ?? this.#settings.retries;
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0 || !Number.isSafeInteger(retries) || retries < 0) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:http (fetch): timeoutMs must be a positive integer and retries a non-negative integer`, CONTEXT);
    }
    // Checked once, before the loop: a caller's mistake is never retried.
    const prepared = prepareHttpRequest(request, { baseUrl: this.#settings.baseUrl });
    const { url, method } = prepared;
    const maxAttempts = IDEMPOTENT.has(method) ? retries + 1 : 1;
    const policy = { baseDelayMs: this.#settings.retryBaseDelayMs, maxDelayMs: MAX_DELAY_MS, jitter: 0.25 };
    for (let attempts = 1; ; attempts += 1) {
      let delayMs: number;
      try {
        const response = await this.#attempt(prepared, timeoutMs, attempts);
        if (!isRetryableStatus(response.status) || attempts >= maxAttempts) {
          return response;
        }
        // 429 and 503 may say when to come back; other statuses get the backoff.
        const asked = response.status === 429 || response.status === 503 ? retryAfterDelay(response.headers['retry-after'], Date.now(), MAX_DELAY_MS) : undefined;
        delayMs = asked ?? backoffDelay(attempts, policy, Math.random());
      } catch (error) {
        // An AdapterError (a body over the limit) would fail again: no retry.
        if (error instanceof AdapterError) {
          throw error;
        }
        const where = `${method} ${url.origin}${url.pathname}`;
        if (REFUSED_CODES.has(causeCode(error) ?? '')) {
          throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:http (fetch): ${where}: the request was refused before sending: ${describeFetchFailure(error)}`, CONTEXT, error);
        }
        if (attempts >= maxAttempts) {
          if (isTimeout(error)) {
            throw new AdapterError(AdapterErrorKind.timeout, `adapter:http (fetch): ${where} timed out after ${timeoutMs} ms (${attempts} attempt(s))`, CONTEXT, error);
          }
          throw new AdapterError(AdapterErrorKind.requestFailed, `adapter:http (fetch): ${where} failed after ${attempts} attempt(s): ${describeFetchFailure(error)}`, CONTEXT, error);
        }
        delayMs = backoffDelay(attempts, policy, Math.random());
      }
      await sleep(delayMs);
    }
  }

  /** Always healthy: there is no connection to check until a request names a server. */
  public async health(): Promise<boolean> {
    return true;
  }

  async #attempt(request: PreparedHttpRequest, timeoutMs: number, attempts: number): Promise<HttpResponse> {
    const { url, method } = request;
    const response = await fetch(url, {
      method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    // Read inside the attempt: a body that stalls counts against this attempt's time limit.
    const body = await this.#readBody(response, url, method);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return {
      status: response.status,
      headers,
      body,
      attempts,
      text: () => Buffer.from(body).toString('utf8'),
      json: <T>() => JSON.parse(Buffer.from(body).toString('utf8')) as T,
    };
  }

  // The body, counted while it streams in; past maxResponseBytes the stream is cancelled.
  async #readBody(response: Response, url: URL, method: string): Promise<Uint8Array> {
    const limit = this.#settings.maxResponseBytes;
    const tooLarge = (): AdapterError => new AdapterError(
      AdapterErrorKind.requestFailed,
      `adapter:http (fetch): ${method} ${url.origin}${url.pathname}: the response body exceeds maxResponseBytes (${limit} bytes)`,
      CONTEXT,
    );
    return readBoundedBody(response, limit, tooLarge);
  }
}
