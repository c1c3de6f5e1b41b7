/** `GET /v1/fleet`: the fleet as this runtime's agent last saw it (no request to NATS). */
import type { FastifyInstance } from 'fastify';
import type { FleetAnswer } from '../../fleet/startFleetAgent.js';
import type { ControlTarget } from '../controlTarget.js';

/** Registers the fleet endpoint: `{ enabled: false }` when the runtime runs no fleet agent. */
export function registerFleetRoutes(server: FastifyInstance, target: ControlTarget): void {
  server.get('/v1/fleet', async (): Promise<FleetAnswer> => target.fleet?.() ?? { enabled: false });
}
