/** HTTP/1.1 requests to a runtime's control socket, with node:http only. */
import { request as httpRequest } from 'node:http';
import { ControlError, ControlErrorKind } from './controlError.js';

/** Options of {@link ControlClient}. */
export interface ControlClientOptions {
  /** The runtime's control socket. */
  readonly socketPath: string;
  /** Limit of one request, connect to last byte, in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Largest answer accepted, in bytes (default 8 MiB). */
  readonly maxResponseBytes?: number;
}

/** The HTTP methods of the control protocol. */
export type ControlMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * A client of the versioned JSON protocol (`/v1/...`) a runtime serves on its control socket.
 * Every request has a time limit; a non-2xx answer becomes a {@link ControlError} carrying the
 * runtime's error `kind`.
 * @example
 * ```ts
 * const client = new ControlClient({ socketPath: runtimePaths('.oneiric_cache').socket });
 * const status = await client.request('GET', '/v1/status');
 * ```
 */
export class ControlClient {
  readonly #socketPath: string;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;

  public constructor(options: ControlClientOptions) {
    this.#socketPath = options.socketPath;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /**
   * Sends one request and resolves with the parsed JSON answer.
   * @throws ControlError `noRuntime`, `timeout`, `badResponse`, `connectionFailed`, or the
   *   runtime's own kind for a 4xx/5xx answer
   */
  public request<T = unknown>(method: ControlMethod, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise<T>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          socketPath: this.#socketPath,
          method,
          path,
          headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': payload.byteLength },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.byteLength;
            if (size > this.#maxResponseBytes) {
              response.destroy();
              reject(new ControlError(ControlErrorKind.badResponse, `the runtime's answer to ${method} ${path} is larger than ${this.#maxResponseBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', (error) => reject(connectionError(error, this.#socketPath)));
          response.on('end', () => {
            settle(method, path, response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), resolve, reject);
          });
        },
      );
      outgoing.setTimeout(this.#timeoutMs, () => {
        outgoing.destroy(new ControlError(ControlErrorKind.timeout, `the runtime did not answer ${method} ${path} within ${this.#timeoutMs} ms`));
      });
      outgoing.on('error', (error) => reject(error instanceof ControlError ? error : connectionError(error, this.#socketPath)));
      outgoing.end(payload);
    });
  }
}

function settle<T>(method: string, path: string, status: number, text: string, resolve: (value: T) => void, reject: (error: ControlError) => void): void {
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch (cause) {
    reject(new ControlError(ControlErrorKind.badResponse, `the runtime's answer to ${method} ${path} (HTTP ${status}) is not JSON`, { status, cause }));
    return;
  }
  if (status >= 200 && status < 300) {
    resolve(parsed as T);
    return;
  }
  reject(errorFromBody(parsed, status, method, path));
}

// The runtime answers errors as { error: { kind, message, ...details } }.
function errorFromBody(body: unknown, status: number, method: string, path: string): ControlError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { kind, message, ...details } = error as Record<string, unknown>;
    if (typeof kind === 'string' && typeof message === 'string') {
      return new ControlError(kind, message, { status, details });
    }
  }
  return new ControlError(ControlErrorKind.badResponse, `the runtime answered ${method} ${path} with HTTP ${status} and no error body`, { status });
}

function connectionError(error: Error, socketPath: string): ControlError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new ControlError(ControlErrorKind.noRuntime, `no runtime is listening on ${socketPath}`, { cause: error });
  }
  return new ControlError(ControlErrorKind.connectionFailed, `the control connection to ${socketPath} failed: ${error.message}`, { cause: error });
}
