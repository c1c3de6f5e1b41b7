/** What a request must pass before its route runs: the server is not closing, and on TCP, the admin token. */
import type { FastifyInstance } from 'fastify';
import { adminRefusal } from './adminAccess.js';
import { ControlRequestError, ControlRequestErrorKind } from './controlRequestError.js';
import type { ResolvedControlServerOptions } from './controlServerOptions.js';
import { STATUS_PAGE_PATHS } from './routes/statusPageRoutes.js';

/** The endpoints served on TCP without a token: probes, metrics and the read-only status page. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics', ...STATUS_PAGE_PATHS]);

/**
 * Adds the guards: once `close()` has begun, a request is answered 503 `shuttingDown`; on the
 * `tcp` surface, any request whose matched route is not an open one (unmatched paths included,
 * so no spelling of a URL slips past) needs the admin token.
 */
export function registerRequestGuards(server: FastifyInstance, options: ResolvedControlServerOptions): void {
  let isClosing = false;
  server.addHook('preClose', async () => {
    isClosing = true;
  });
  server.addHook('onRequest', async () => {
    if (isClosing) {
      throw new ControlRequestError(ControlRequestErrorKind.shuttingDown, 503, 'the control server is closing; the request was not run');
    }
  });
  if (options.surface !== 'tcp') {
    return;
  }
  server.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    if (route !== undefined && OPEN_PATHS.has(route)) {
      return;
    }
    const refusal = adminRefusal(request.headers.authorization, options.adminToken);
    if (refusal !== undefined) {
      throw refusal;
    }
  });
}
