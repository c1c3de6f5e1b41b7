/** `/healthz`, `/readyz` and `/metrics`: open on every surface, no token. */
import type { FastifyInstance } from 'fastify';
import type { ControlHooks } from '../controlServerOptions.js';

/** Registers the open probe and metrics endpoints. */
export function registerOpenRoutes(server: FastifyInstance, hooks: ControlHooks): void {
  server.get('/healthz', async (_request, reply) => {
    if (hooks.alive()) {
      return { alive: true };
    }
    return reply.code(503).send({ error: { kind: 'notAlive', message: 'the runtime is not serving' } });
  });
  server.get('/readyz', async (_request, reply) => {
    if (hooks.ready()) {
      return { ready: true };
    }
    return reply.code(503).send({ error: { kind: 'notReady', message: 'the runtime is not ready: a key is not ready or failed, or it is shutting down' } });
  });
  server.get('/metrics', async (_request, reply) => {
    const text = await hooks.metricsText();
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });
}
