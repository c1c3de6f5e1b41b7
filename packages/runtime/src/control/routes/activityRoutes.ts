/** `POST /v1/pause`, `POST /v1/drain`, `GET /v1/activity`: a key's pause/drain state, changed in the runtime at once. */
import type { Domain } from '@oneiric/core';
import type { FastifyInstance } from 'fastify';
import type { ActivityAnswer, ActivityChangeAnswer } from '../controlProtocol.js';
import type { ControlTarget } from '../controlTarget.js';
import { drainBodySchema, pauseBodySchema } from '../controlSchemas.js';
import { requireKnownKey } from '../requireKnownKey.js';
import { withDeadline } from '../withDeadline.js';

interface PauseBody { domain: Domain; key: string; paused: boolean; note?: string | null }
interface DrainBody { domain: Domain; key: string; draining: boolean; note?: string | null }

/**
 * Registers the pause/drain endpoints. The change goes through the runtime's own activity store,
 * so it applies in the runtime at once and reaches other processes through the shared file.
 */
export function registerActivityRoutes(server: FastifyInstance, target: ControlTarget, deadlineMs: number): void {
  const { activity } = target.bridges;

  server.post<{ Body: PauseBody }>('/v1/pause', { schema: { body: pauseBodySchema }, config: { auditAction: 'pause' } }, async (request): Promise<ActivityChangeAnswer> => {
    const { domain, key, paused } = request.body;
    requireKnownOrRecorded(target, domain, key);
    const state = await withDeadline(activity.setPaused(domain, key, paused, noteOf(request.body.note, paused)), deadlineMs, `pausing ${domain}:${key}`);
    return { domain, key, ...state };
  });

  server.post<{ Body: DrainBody }>('/v1/drain', { schema: { body: drainBodySchema }, config: { auditAction: 'drain' } }, async (request): Promise<ActivityChangeAnswer> => {
    const { domain, key, draining } = request.body;
    requireKnownOrRecorded(target, domain, key);
    const state = await withDeadline(activity.setDraining(domain, key, draining, noteOf(request.body.note, draining)), deadlineMs, `draining ${domain}:${key}`);
    return { domain, key, ...state };
  });

  server.get('/v1/activity', async (): Promise<ActivityAnswer> => {
    // Re-read first: a change another process made in the shared file counts at once.
    await activity.load();
    const keys = activity.list();
    return {
      keys,
      totals: { paused: keys.filter((entry) => entry.paused).length, draining: keys.filter((entry) => entry.draining).length },
    };
  });
}

// A key that is no longer registered but still has a recorded state may be changed, so a pause
// left behind by a removed provider can be lifted; any other unknown key is refused.
function requireKnownOrRecorded(target: ControlTarget, domain: Domain, key: string): void {
  if (target.bridges.activity.get(domain, key) === undefined) {
    requireKnownKey(target.app, domain, key);
  }
}

// Same rule as the CLI: without a note, setting keeps the current one and undoing clears it.
function noteOf(note: string | null | undefined, isSetting: boolean): string | null | undefined {
  if (note !== undefined) {
    return note;
  }
  return isSetting ? undefined : null;
}
