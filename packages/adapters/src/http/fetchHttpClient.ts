/** The embedded default HTTP client: Node's fetch with a time limit per attempt and retries. */
import { Adapter, InjectSettings, retryWithBackoff } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { FetchHttpClientSettings } from './fetchHttpClientSettings.js';
import type { HttpClient, HttpRequest, HttpResponse } from './httpClient.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const CONTEXT = { domain: 'adapter', key: 'http', provider: 'fetch' } as const;

/** A status worth another attempt: the server may answer differently in a moment. */
function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** Thrown inside the retry loop so a retryable status is retried like a network error. */
class RetryableStatus extends Error {
  public constructor(public readonly response: HttpResponse) {
    super(`status ${response.status}`);
  }
}

/**
 * HTTP through the global `fetch` (undici). Each attempt is bounded by `AbortSignal.timeout`;
 * GET, HEAD, PUT, DELETE and OPTIONS are retried with exponential backoff and jitter on network
 * errors, timeouts, 429, 502, 503 and 504. POST and PATCH are never retried: repeating them could
 * do the work twice. Priority 200.
 * @example
 * ```ts
 * const response = await http.request({ url: '/health', timeoutMs: 2000 });
 * if (response.status === 200) console.log(response.json());
 * ```
 */
@Adapter('http', 'fetch', {
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

  /** {@inheritDoc HttpClient.request} */
  public async request(request: HttpRequest): Promise<HttpResponse> {
    const url = this.#urlOf(request.url);
    const method = (request.method ?? 'GET').toUpperCase();
    const timeoutMs = request.timeoutMs ?? this.#settings.timeoutMs;
    const retries = request.retries ?? this.#settings.retries;
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0 || !Number.isSafeInteger(retries) || retries < 0) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:http (fetch): timeoutMs must be a positive integer and retries a non-negative integer`, CONTEXT);
    }
    let attempts = 0;
    try {
      return await retryWithBackoff(async () => {
        attempts += 1;
        const response = await this.#attempt(url, method, request, timeoutMs, attempts);
        if (isRetryableStatus(response.status) && attempts <= retries) {
          throw new RetryableStatus(response);
        }
        return response;
      }, {
        attempts: IDEMPOTENT.has(method) ? retries + 1 : 1,
        // A body over the limit will be over it again: no retry.
        retryOn: (error) => !(error instanceof AdapterError),
        baseDelayMs: this.#settings.retryBaseDelayMs,
        maxDelayMs: 5_000,
      });
    } catch (error) {
      if (error instanceof RetryableStatus) {
        return error.response;
      }
      if (error instanceof AdapterError) {
        throw error;
      }
      // By name: the abort is a DOMException, which need not be an Error of this realm.
      const reason = (error as { name?: unknown } | null)?.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : describeError(error);
      throw new AdapterError(AdapterErrorKind.requestFailed, `adapter:http (fetch): ${method} ${url.origin}${url.pathname} failed after ${attempts} attempt(s): ${reason}`, CONTEXT, error);
    }
  }

  /** Always healthy: there is no connection to check until a request names a server. */
  public async health(): Promise<boolean> {
    return true;
  }

  async #attempt(url: URL, method: string, request: HttpRequest, timeoutMs: number, attempts: number): Promise<HttpResponse> {
    const response = await fetch(url, {
      method,
      ...(request.headers === undefined ? {} : { headers: request.headers }),
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
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (response.body === null) {
      return new Uint8Array(0);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  #urlOf(target: string): URL {
    try {
      const url = this.#settings.baseUrl === undefined ? new URL(target) : new URL(target, this.#settings.baseUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`unsupported protocol ${url.protocol}`);
      }
      return url;
    } catch (error) {
      // Not kept as cause: Node's URL error carries the raw input (and any password in it).
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:http (fetch): invalid URL ${JSON.stringify(redactUrl(target))}: ${describeError(error)}`, CONTEXT);
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
