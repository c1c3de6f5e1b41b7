/** The control channel's HTTP server: versioned JSON endpoints over fastify, one instance per surface. */
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuditTrail } from './auditTrail.js';
import { controlFastifyOptions } from './controlFastifyOptions.js';
import type { ControlTarget } from './controlTarget.js';
import { resolveControlServerOptions, type ControlServerOptions } from './controlServerOptions.js';
import { registerErrorAnswers } from './registerErrorAnswers.js';
import { registerRequestGuards } from './registerRequestGuards.js';
import { registerRequestSpans } from './registerRequestSpans.js';
import { registerActivityRoutes } from './routes/activityRoutes.js';
import { registerDomainRoutes } from './routes/domainRoutes.js';
import { registerFleetRoutes } from './routes/fleetRoutes.js';
import { registerKeyRoutes } from './routes/keyRoutes.js';
import { registerOpenRoutes } from './routes/openRoutes.js';
import { registerRemoteRoutes } from './routes/remoteRoutes.js';
import { registerStatusPageRoutes } from './routes/statusPageRoutes.js';
import { registerStatusRoutes } from './routes/statusRoutes.js';

/**
 * Builds the control server of a runtime, not yet listening: the caller listens it on the
 * control socket (`server.listen({ path })`, then sets the socket's mode) or on TCP
 * (`server.listen({ host, port })`), and closes it with `server.close()`.
 *
 * Every body, query and path parameter is validated with JSON Schema (unknown fields refused),
 * bodies are capped at `bodyLimitBytes`, receiving a request (headers included, so a slow-loris
 * client is cut) and running its operation are each bounded by `requestTimeoutMs`, errors answer
 * `{ "error": { "kind", "message", ...details } }` with the error's own `kind`, and every
 * mutating request is written as an audit line through `target.audit`. Each request is one
 * OpenTelemetry server span named by its route template (see `registerRequestSpans`). On the `tcp`
 * surface only `/healthz`, `/readyz`, `/metrics` and the read-only status page (`/`,
 * `/status.json`, when `hooks.statusPage` is given) are open; `/v1/...` needs
 * `Authorization: Bearer <adminToken>` and is refused (403 `adminDisabled`) without a token set.
 * @param target - what the routes act on (the runtime)
 * @param options - surface, limits and the runtime's hooks
 * @example
 * ```ts
 * const control = createControlServer(runtime, { surface: 'socket', hooks });
 * await control.listen({ path: runtimePaths(cacheDir).socket });
 * ```
 * @category Control channel
 */
export function createControlServer(target: ControlTarget, options: ControlServerOptions): FastifyInstance {
  const resolved = resolveControlServerOptions(options);
  const server = Fastify(controlFastifyOptions(resolved));
  const errorKindOf = registerErrorAnswers(server, target.app.logger);
  // First, so the span covers the guards and the audit line, and wraps every route registered below.
  registerRequestSpans(server, resolved.surface, errorKindOf);
  registerRequestGuards(server, resolved);
  registerAuditTrail(server, target, resolved.surface, errorKindOf);

  const deadlineMs = resolved.requestTimeoutMs;
  registerOpenRoutes(server, resolved.hooks);
  const { hooks } = resolved;
  if (hooks.statusPage !== undefined) {
    registerStatusPageRoutes(server, hooks.statusPage.bind(hooks));
  }
  registerKeyRoutes(server, target, deadlineMs);
  registerActivityRoutes(server, target, deadlineMs);
  registerStatusRoutes(server, target);
  registerDomainRoutes(server, target, deadlineMs);
  registerRemoteRoutes(server, target, deadlineMs);
  registerFleetRoutes(server, target);
  return server;
}
