/** `POST /v1/remote/sync`, `GET /v1/remote/status`, `POST /v1/secrets/rotate`: the runtime's outside sources. */
import type { SyncResult } from '@oneiric/remote';
import type { FastifyInstance } from 'fastify';
import type { RemoteStatusAnswer } from '../controlProtocol.js';
import type { ControlTarget, SecretsRotation } from '../controlTarget.js';
import { withDeadline } from '../withDeadline.js';

/** Registers the remote sync and secrets endpoints. */
export function registerRemoteRoutes(server: FastifyInstance, target: ControlTarget, deadlineMs: number): void {
  server.post('/v1/remote/sync', { config: { auditAction: 'remote.sync' } }, async (): Promise<SyncResult> =>
    withDeadline(target.syncRemote(), deadlineMs, 'the remote sync'));

  server.get('/v1/remote/status', async (): Promise<RemoteStatusAnswer> => {
    const status = await withDeadline(target.remoteStatus(), deadlineMs, 'reading the remote status');
    return { configured: status !== undefined, status: status ?? null };
  });

  server.post('/v1/secrets/rotate', { config: { auditAction: 'secrets.rotate' } }, async (): Promise<SecretsRotation> =>
    withDeadline(target.rotateSecrets(), deadlineMs, 'the secrets rotation'));
}
