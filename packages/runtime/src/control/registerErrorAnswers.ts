/** How a control server answers every failure: the typed error body, with the kind remembered for the audit line. */
import type { OneiricLogger } from '@oneiric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ControlRequestError, ControlRequestErrorKind } from './controlRequestError.js';
import { errorAnswer } from './errorAnswer.js';

/**
 * Sets the error and not-found handlers. Unexpected failures (500 `internal`) are logged; a 401
 * carries the `WWW-Authenticate: Bearer` challenge.
 * @returns the error kind a request was answered with, if any
 */
export function registerErrorAnswers(server: FastifyInstance, logger: OneiricLogger): (request: FastifyRequest) => string | undefined {
  const errorKinds = new WeakMap<FastifyRequest, string>();
  server.setErrorHandler(async (error, request, reply) => {
    const { statusCode, body } = errorAnswer(error);
    errorKinds.set(request, body.error.kind);
    if (body.error.kind === ControlRequestErrorKind.internal) {
      logger.error('control request failed', { method: request.method, path: request.url.split('?')[0], error: body.error.message });
    }
    if (statusCode === 401) {
      void reply.header('www-authenticate', 'Bearer');
    }
    return reply.code(statusCode).send(body);
  });
  server.setNotFoundHandler(async (request) => {
    throw new ControlRequestError(ControlRequestErrorKind.notFound, 404, `no control endpoint ${request.method} ${request.url.split('?')[0]}`);
  });
  return (request) => errorKinds.get(request);
}
