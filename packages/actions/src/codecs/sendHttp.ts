/** Sends one HTTP request: through the application's active `http` adapter when there is one, else fetch with the same guards. */
import { readBoundedBody, retryWithBackoff, type Oneiric } from '@oneiric/core';

/** A request as the kits send it. */
export interface OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxResponseBytes: number;
}

/** A response read to the end (bounded). */
export interface IncomingResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly attempts: number;
  /** `adapter:<provider>` or `fetch`. */
  readonly via: string;
}

/** The `http` adapter category's contract, as far as the kits use it (structural: the adapters package is not imported). */
interface HttpAdapter {
  request(request: { url: string; method: string; headers: Record<string, string>; body?: string; timeoutMs: number; retries: number }): Promise<{ status: number; headers: Readonly<Record<string, string>>; body: Uint8Array; attempts: number }>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Thrown for a response body over the limit. */
export class ResponseTooLarge extends Error {}

/**
 * Sends the request through the live `http` adapter when one is active (its own timeouts,
 * retries and circuit breaker apply); otherwise with `fetch`, a per-attempt timeout, retries of
 * idempotent methods on network errors and 5xx, no redirects followed, and a bounded body.
 */
export async function sendHttp(app: Oneiric, request: OutgoingRequest): Promise<IncomingResponse> {
  const active = app.active('adapter', 'http');
  if (active !== undefined) {
    const adapter = app.use<HttpAdapter>('adapter', 'http');
    const response = await adapter.request({ url: request.url, method: request.method, headers: { ...request.headers }, timeoutMs: request.timeoutMs, retries: request.retries, ...(request.body === undefined ? {} : { body: request.body }) });
    if (response.body.byteLength > request.maxResponseBytes) {
      throw new ResponseTooLarge(`response body over ${request.maxResponseBytes} bytes`);
    }
    return { ...response, via: `adapter:${active.provider}` };
  }
  let attempts = 0;
  const canRetry = IDEMPOTENT.has(request.method);
  return retryWithBackoff(async () => {
    attempts += 1;
    const response = await fetch(request.url, {
      method: request.method, headers: request.headers, redirect: 'manual', signal: AbortSignal.timeout(request.timeoutMs),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    if (response.status >= 500 && canRetry && attempts <= request.retries) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`status ${response.status}`);
    }
    const body = await readBoundedBody(response, request.maxResponseBytes, () => new ResponseTooLarge(`response body over ${request.maxResponseBytes} bytes`));
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body, attempts, via: 'fetch' };
  }, { attempts: canRetry ? request.retries + 1 : 1, baseDelayMs: 100, maxDelayMs: 2000, jitter: 0.25, retryOn: (error) => !(error instanceof ResponseTooLarge) });
}
