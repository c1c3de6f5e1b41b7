/** The control channel's HTTP server: versioned JSON endpoints over fastify, one per surface. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { ControlTarget } from './controlTarget.js';
import { resolveControlServerOptions, type ControlServerOptions } from './controlServerOptions.js';
import { registerOpenRoutes } from './routes/openRoutes.js';

/**
 * Builds the control server of a runtime, not yet listening: the caller listens it on the
 * control socket (`server.listen({ path })`, then sets the socket's mode) or on TCP
 * (`server.listen({ host, port })`), and closes it with `server.close()`.
 *
 * Every body and query is validated with JSON Schema, bodies are capped at
 * `bodyLimitBytes`, every request (headers included) is bounded by `requestTimeoutMs`, errors
 * answer `{ "error": { "kind", "message", ...details } }`, and every mutating request is written
 * as an audit line through `target.audit`. On the `tcp` surface only `/healthz`, `/readyz` and
 * `/metrics` are open; `/v1/...` needs `Authorization: Bearer <adminToken>`.
 * @param target - what the routes act on (the runtime)
 * @param options - surface, limits and the runtime's hooks
 * @example
 * ```ts
 * const control = createControlServer(runtime, { surface: 'socket', hooks });
 * await control.listen({ path: runtimePaths(cacheDir).socket });
 * ```
 */
export function createControlServer(target: ControlTarget, options: ControlServerOptions): FastifyInstance {
  const resolved = resolveControlServerOptions(options);
  const server = Fastify({
    logger: false,
    bodyLimit: resolved.bodyLimitBytes,
    requestTimeout: resolved.requestTimeoutMs,
    connectionTimeout: resolved.requestTimeoutMs,
    keepAliveTimeout: Math.min(5_000, resolved.requestTimeoutMs),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    http: {
      // Node cuts a client that has not sent its headers by then (slow loris), checking often
      // enough that the cut happens close to the limit.
      headersTimeout: resolved.requestTimeoutMs,
      requestTimeout: resolved.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(resolved.requestTimeoutMs / 4))),
    },
  });
  registerOpenRoutes(server, resolved.hooks);
  void target;
  return server;
}
