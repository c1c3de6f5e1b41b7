/** The control channel's HTTP server: versioned JSON endpoints over fastify, one instance per surface. */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { adminRefusal } from './adminAccess.js';
import { answerClientError } from './answerClientError.js';
import { registerAuditTrail } from './auditTrail.js';
import { ControlRequestError, ControlRequestErrorKind } from './controlRequestError.js';
import type { ControlTarget } from './controlTarget.js';
import { resolveControlServerOptions, type ControlServerOptions } from './controlServerOptions.js';
import { errorAnswer } from './errorAnswer.js';
import { registerActivityRoutes } from './routes/activityRoutes.js';
import { registerDomainRoutes } from './routes/domainRoutes.js';
import { registerKeyRoutes } from './routes/keyRoutes.js';
import { registerOpenRoutes } from './routes/openRoutes.js';
import { registerRemoteRoutes } from './routes/remoteRoutes.js';
import { registerStatusRoutes } from './routes/statusRoutes.js';

// Time left after an operation's deadline to write its 504 before the idle socket is cut.
const ANSWER_GRACE_MS = 2_000;

/**
 * Builds the control server of a runtime, not yet listening: the caller listens it on the
 * control socket (`server.listen({ path })`, then sets the socket's mode) or on TCP
 * (`server.listen({ host, port })`), and closes it with `server.close()`.
 *
 * Every body, query and path parameter is validated with JSON Schema (unknown fields refused),
 * bodies are capped at `bodyLimitBytes`, receiving a request (headers included, so a slow-loris
 * client is cut) and running its operation are each bounded by `requestTimeoutMs`, errors answer
 * `{ "error": { "kind", "message", ...details } }` with the error's own `kind`, and every
 * mutating request is written as an audit line through `target.audit`. On the `tcp` surface
 * only `/healthz`, `/readyz` and `/metrics` are open; `/v1/...` needs
 * `Authorization: Bearer <adminToken>` and is refused (403 `adminDisabled`) without a token set.
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
  const timeoutMs = resolved.requestTimeoutMs;
  const server = Fastify({
    logger: false,
    bodyLimit: resolved.bodyLimitBytes,
    requestTimeout: timeoutMs,
    connectionTimeout: timeoutMs + ANSWER_GRACE_MS,
    keepAliveTimeout: Math.min(5_000, timeoutMs),
    // Refused by our own hook instead, so the answer carries a kind like every other.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    clientErrorHandler: answerClientError,
    // A URL the router cannot take (bad escape, a parameter over the limit) gets a typed answer too.
    frameworkErrors: (error, _request, reply) => {
      const { statusCode, body } = errorAnswer(error);
      void (reply as FastifyReply).code(statusCode).send(body);
    },
    routerOptions: { maxParamLength: 256 },
    // Strict validation: no coercion of a wrong type, no silent removal of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
    http: {
      headersTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Node checks these limits on this period: often enough that the cut happens near the limit.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(timeoutMs / 4))),
    },
  });

  const errorKinds = new WeakMap<FastifyRequest, string>();
  server.setErrorHandler(async (error, request, reply) => {
    const { statusCode, body } = errorAnswer(error);
    errorKinds.set(request, body.error.kind);
    if (statusCode >= 500 && body.error.kind === ControlRequestErrorKind.internal) {
      target.app.logger.error('control request failed', { method: request.method, path: request.url.split('?')[0], error: body.error.message });
    }
    if (statusCode === 401) {
      void reply.header('www-authenticate', 'Bearer');
    }
    return reply.code(statusCode).send(body);
  });
  server.setNotFoundHandler(async (request) => {
    throw new ControlRequestError(ControlRequestErrorKind.notFound, 404, `no control endpoint ${request.method} ${request.url.split('?')[0]}`);
  });
  let isClosing = false;
  server.addHook('preClose', async () => {
    isClosing = true;
  });
  server.addHook('onRequest', async () => {
    if (isClosing) {
      throw new ControlRequestError(ControlRequestErrorKind.shuttingDown, 503, 'the control server is closing; the request was not run');
    }
  });
  if (resolved.surface === 'tcp') {
    server.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/v1/') || request.url === '/v1') {
        const refusal = adminRefusal(request.headers.authorization, resolved.adminToken);
        if (refusal !== undefined) {
          throw refusal;
        }
      }
    });
  }
  registerAuditTrail(server, target, resolved.surface, (request) => errorKinds.get(request));

  registerOpenRoutes(server, resolved.hooks);
  registerKeyRoutes(server, target, timeoutMs);
  registerActivityRoutes(server, target, timeoutMs);
  registerStatusRoutes(server, target);
  registerDomainRoutes(server, target, timeoutMs);
  registerRemoteRoutes(server, target, timeoutMs);
  return server;
}
