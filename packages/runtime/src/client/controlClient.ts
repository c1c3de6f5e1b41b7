/** HTTP/1.1 requests to a runtime's control socket: node:http with keep-alive, or one node:net exchange per request. */
import { createConnection } from 'node:net';
import { ControlError, ControlErrorKind } from './controlError.js';
import { parseHttpResponse } from './parseHttpResponse.js';

/** Options of {@link ControlClient}. */
export interface ControlClientOptions {
  /** The runtime's control socket. */
  readonly socketPath: string;
  /** Limit of one request, connect to last byte, in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Largest answer accepted, in bytes (default 8 MiB). */
  readonly maxResponseBytes?: number;
  /**
   * Keep connections open between requests (default true: node:http's agent). False sends each
   * request on its own connection (`Connection: close`) over node:net and never loads node:http,
   * which spares a process that sends one request (the CLI) about a fifth of Node's start-up time.
   */
  readonly keepAlive?: boolean;
}

/** The HTTP methods of the control protocol. */
export type ControlMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

// Loaded on the first keep-alive request only (see ControlClientOptions.keepAlive).
let httpModule: Promise<typeof import('node:http')> | undefined;

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
  readonly #keepAlive: boolean;

  public constructor(options: ControlClientOptions) {
    this.#socketPath = options.socketPath;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#keepAlive = options.keepAlive ?? true;
  }

  /**
   * Sends one request and resolves with the parsed JSON answer.
   * @throws ControlError `noRuntime`, `timeout`, `badResponse`, `connectionFailed`, `invalidPath`,
   *   or the runtime's own kind for a 4xx/5xx answer
   */
  public async request<T = unknown>(method: ControlMethod, path: string, body?: unknown): Promise<T> {
    // The path goes on the request line as it is: only what the protocol's paths contain.
    if (!/^\/[\x21-\x7e]*$/.test(path)) {
      throw new ControlError(ControlErrorKind.invalidPath, `not a control path (spaces, control characters and non-ASCII must be percent-encoded): ${JSON.stringify(path)}`);
    }
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    const { status, text } = this.#keepAlive ? await this.#viaAgent(method, path, payload) : await this.#viaOwnConnection(method, path, payload);
    return settle<T>(method, path, status, text);
  }

  async #viaAgent(method: ControlMethod, path: string, payload: Buffer | undefined): Promise<{ status: number; text: string }> {
    const { request: httpRequest } = await (httpModule ??= import('node:http'));
    return new Promise((resolve, reject) => {
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
              reject(this.#tooLarge(method, path));
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', (error) => reject(connectionError(error, this.#socketPath)));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      outgoing.setTimeout(this.#timeoutMs, () => {
        outgoing.destroy(this.#timedOut(method, path));
      });
      outgoing.on('error', (error) => reject(error instanceof ControlError ? error : connectionError(error, this.#socketPath)));
      outgoing.end(payload);
    });
  }

  // One exchange on a connection of its own: the server closes it after the answer (connection: close), which ends the response.
  #viaOwnConnection(method: ControlMethod, path: string, payload: Buffer | undefined): Promise<{ status: number; text: string }> {
    const head = [`${method} ${path} HTTP/1.1`, 'host: localhost', 'connection: close'];
    if (payload !== undefined) {
      head.push('content-type: application/json', `content-length: ${payload.byteLength}`);
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const socket = createConnection(this.#socketPath, () => {
        // write, not end: Node's HTTP server aborts a request whose client half-closes before the answer.
        socket.write(payload === undefined ? `${head.join('\r\n')}\r\n\r\n` : Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), payload]));
      });
      socket.setTimeout(this.#timeoutMs, () => socket.destroy(this.#timedOut(method, path)));
      socket.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > this.#maxResponseBytes) {
          socket.destroy(this.#tooLarge(method, path));
          return;
        }
        chunks.push(chunk);
      });
      socket.on('error', (error) => reject(error instanceof ControlError ? error : connectionError(error, this.#socketPath)));
      socket.on('end', () => {
        try {
          const { status, body } = parseHttpResponse(Buffer.concat(chunks));
          resolve({ status, text: body });
        } catch (cause) {
          reject(new ControlError(ControlErrorKind.badResponse, `the runtime's answer to ${method} ${path} is not a whole HTTP response: ${(cause as Error).message}`, { cause }));
        }
      });
    });
  }

  #timedOut(method: string, path: string): ControlError {
    return new ControlError(ControlErrorKind.timeout, `the runtime did not answer ${method} ${path} within ${this.#timeoutMs} ms`);
  }

  #tooLarge(method: string, path: string): ControlError {
    return new ControlError(ControlErrorKind.badResponse, `the runtime's answer to ${method} ${path} is larger than ${this.#maxResponseBytes} bytes`);
  }
}

function settle<T>(method: string, path: string, status: number, text: string): T {
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch (cause) {
    throw new ControlError(ControlErrorKind.badResponse, `the runtime's answer to ${method} ${path} (HTTP ${status}) is not JSON`, { status, cause });
  }
  if (status >= 200 && status < 300) {
    return parsed as T;
  }
  throw errorFromBody(parsed, status, method, path);
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
