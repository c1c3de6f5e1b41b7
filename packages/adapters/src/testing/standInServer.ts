// Test helper: the HTTP plumbing of the stand-ins for cloud services (AWS Secrets Manager, GCP
// Secret Manager, Infisical, GCS, Sentry, an OTLP collector): a server on a free loopback port
// that reads each request body (up to a limit), hands it to the stand-in's handler and records
// it, so tests can check what the official client sent.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stand-in received it. */
export interface StandInRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What the handler answers; `body` objects are sent as JSON. */
export interface StandInResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A running stand-in. */
export interface StandIn {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: StandInRequest[];
  /** Stops accepting, closes open connections and waits until the server closed. */
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1_048_576;

function send(response: import('node:http').ServerResponse, answer: StandInResponse): void {
  const isBytes = Buffer.isBuffer(answer.body) || typeof answer.body === 'string';
  const payload = answer.body === undefined ? undefined : isBytes ? answer.body as Buffer | string : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...(answer.body === undefined || isBytes ? {} : { 'content-type': 'application/json' }),
    ...answer.headers,
  });
  response.end(payload);
}

/** Starts a stand-in on 127.0.0.1 and a free port; a handler that throws answers 500 with its message. */
export async function startStandIn(handle: (request: StandInRequest) => StandInResponse | Promise<StandInResponse>): Promise<StandIn> {
  const requests: StandInRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        send(response, { status: 413, body: { message: 'body too large' } });
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      const received: StandInRequest = { method: request.method ?? 'GET', url: new URL(request.url ?? '/', 'http://stand-in'), headers: request.headers, body: Buffer.concat(chunks) };
      requests.push(received);
      Promise.resolve()
        .then(async () => handle(received))
        .then((answer) => send(response, answer), (error: unknown) => send(response, { status: 500, body: { message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The request body as JSON (an empty body is `{}`). */
export function jsonOf(request: StandInRequest): Record<string, unknown> {
  return request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
}
