/** `GET /v1/status`, `GET /v1/health`, `GET /v1/plugins`: what the runtime runs and how it is. */
import { DOMAINS, type Domain, type Oneiric } from '@oneiric/core';
import type { ActivityStore } from '@oneiric/domains';
import type { FastifyInstance } from 'fastify';
import type { HealthSnapshot } from '../../models/healthSnapshot.js';
import type { PluginReport } from '../../models/pluginReport.js';
import type { KeyStatusEntry, StatusAnswer } from '../controlProtocol.js';
import type { ControlTarget } from '../controlTarget.js';
import { statusQuerySchema } from '../controlSchemas.js';

/** Registers the read-only state endpoints. */
export function registerStatusRoutes(server: FastifyInstance, target: ControlTarget): void {
  server.get<{ Querystring: { domain?: Domain; key?: string } }>('/v1/status', { schema: { querystring: statusQuerySchema } }, async (request): Promise<StatusAnswer> => {
    const { domain, key } = request.query;
    const health = target.health();
    const domains = domain === undefined ? DOMAINS : [domain];
    const keys = domains.flatMap((each) => keysOf(target.app, each)
      .filter((name) => key === undefined || name === key)
      .map((name) => keyStatusEntry(target.app, target.bridges.activity, each, name)));
    return {
      runtime: { pid: health.pid, startedAt: health.startedAt, profile: health.profile, phase: health.phase, ready: health.ready },
      keys,
    };
  });
  server.get('/v1/health', async (): Promise<HealthSnapshot> => target.health());
  server.get('/v1/plugins', async (): Promise<PluginReport> => target.plugins());
}

// Registered, selected or recorded: a key whose last provider was retracted still shows.
function keysOf(app: Oneiric, domain: Domain): string[] {
  const names = new Set([
    ...app.keys(domain),
    ...Object.keys(app.selections(domain)),
    ...app.statuses().filter((status) => status.domain === domain).map((status) => status.key),
  ]);
  return [...names].sort();
}

function keyStatusEntry(app: Oneiric, activity: ActivityStore, domain: Domain, key: string): KeyStatusEntry {
  const status = app.status(domain, key);
  const state = activity.get(domain, key);
  const live = app.active(domain, key)?.provider;
  return {
    ...status,
    winner: app.resolve(domain, key)?.provider ?? null,
    selection: app.selection(domain, key) ?? null,
    shadowed: Math.max(0, app.candidates(domain, key).length - 1),
    paused: state?.paused ?? false,
    draining: state?.draining ?? false,
    note: state?.note ?? null,
    inFlight: app.inFlight(domain, key),
    breaker: live === undefined ? null : app.breakerState(domain, key, live) ?? null,
  };
}
