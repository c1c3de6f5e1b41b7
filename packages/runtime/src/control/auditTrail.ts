/** One audit line per mutating control request, whatever its outcome, never with a payload. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ControlTarget } from './controlTarget.js';
import type { ControlSurface } from './controlServerOptions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on mutating routes: the action name of their audit line (`swap`, `pause`...). */
    auditAction?: string;
  }
}

// Fields of a body or path worth recording; payloads, headers and inputs are left out because
// they may hold secrets.
const AUDITED_FIELDS = ['domain', 'key', 'provider', 'force', 'paused', 'draining', 'note', 'topic', 'version', 'resume'] as const;
const MAX_AUDITED_STRING = 200;

/** The audited fields of a request's parameters and body (a pure calculation). */
export function auditedFields(params: unknown, body: unknown): Record<string, string | boolean | null> {
  const fields: Record<string, string | boolean | null> = {};
  for (const source of [params, body]) {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) {
      continue;
    }
    for (const field of AUDITED_FIELDS) {
      const value = (source as Record<string, unknown>)[field];
      if (typeof value === 'string') {
        fields[field] = value.length > MAX_AUDITED_STRING ? `${value.slice(0, MAX_AUDITED_STRING)}…` : value;
      } else if (typeof value === 'boolean' || value === null) {
        fields[field] = value;
      }
    }
  }
  return fields;
}

/**
 * Writes `target.audit(action, detail)` once each mutating request has been answered: refused
 * (4xx), failed (5xx) or done, with the surface, status, error kind and how long it took.
 * @param errorKindOf - the error kind the request was answered with, if any
 */
export function registerAuditTrail(
  server: FastifyInstance,
  target: ControlTarget,
  surface: ControlSurface,
  errorKindOf: (request: FastifyRequest) => string | undefined,
): void {
  server.addHook('onResponse', async (request, reply) => {
    const action = request.routeOptions.config.auditAction;
    if (action === undefined) {
      return;
    }
    const errorKind = errorKindOf(request);
    const outcome = reply.statusCode < 400 ? 'done' : reply.statusCode < 500 ? 'refused' : 'failed';
    target.audit(action, {
      surface,
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      outcome,
      ...(errorKind === undefined ? {} : { errorKind }),
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      ...auditedFields(request.params, request.body),
    });
  });
}
