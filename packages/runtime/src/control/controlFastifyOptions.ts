/** The fastify settings of a control server: its limits and timeouts (a pure calculation). */
import type { Server } from 'node:http';
import type { FastifyHttpOptions, FastifyReply } from 'fastify';
import { answerClientError } from './answerClientError.js';
import type { ResolvedControlServerOptions } from './controlServerOptions.js';
import { errorAnswer } from './errorAnswer.js';

// Time left after an operation's deadline to write its 504 before the idle socket is cut.
const ANSWER_GRACE_MS = 2_000;
const MAX_KEEP_ALIVE_MS = 5_000;

/**
 * fastify's options for a control server: body cap, the request limit applied to receiving
 * headers and body (Node's `headersTimeout`/`requestTimeout`, checked often enough to cut a
 * slow-loris client near the limit), strict JSON Schema validation, and typed answers for
 * requests that never reach a route.
 */
export function controlFastifyOptions(options: ResolvedControlServerOptions): FastifyHttpOptions<Server> {
  const timeoutMs = options.requestTimeoutMs;
  return {
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    requestTimeout: timeoutMs,
    connectionTimeout: timeoutMs + ANSWER_GRACE_MS,
    keepAliveTimeout: Math.min(MAX_KEEP_ALIVE_MS, timeoutMs),
    // Refused by the server's own hook instead, so the answer carries a kind like every other.
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
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(timeoutMs / 4))),
    },
  };
}
