/** Gives remote sync the fleet's manifest floor before the runtime's first manifest sync. */
import type { OneiricLogger } from '@oneiric/core';
import { readFleetFloor } from '@oneiric/fleet';
import type { RemoteSync } from '@oneiric/remote';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import type { SecretsHook } from '../secrets/secretsHook.js';
import { fleetConnectionOf } from './fleetConnectionOf.js';

/**
 * When the fleet and remote sync are both enabled, reads `manifest.floor` (the bucket, else the
 * saved desired state) and raises remote sync's accepted floor to it, so the first sync refuses a
 * manifest older than the one the fleet already runs. A failure is logged, never thrown: the
 * runtime then starts with its local floor only.
 * @category Fleet
 */
export async function seedFleetFloor(parts: {
  readonly config: RuntimeConfig;
  readonly remote?: RemoteSync;
  readonly secrets: SecretsHook;
  readonly logger: OneiricLogger;
}): Promise<void> {
  const settings = parts.config.sections.fleet;
  if (!settings.enabled || parts.remote === undefined) {
    return;
  }
  try {
    const resolved = await fleetConnectionOf(settings, {
      appName: parts.config.settings.app.name, cacheDir: parts.config.cacheDir, cwd: parts.config.cwd, readSecret: (name) => parts.secrets.get(name),
    });
    const reading = await readFleetFloor(resolved.connection, resolved.desiredStateFile);
    if (reading.problem !== undefined) {
      parts.logger.warn('fleet floor not read from the bucket', { problem: reading.problem, source: reading.source });
    }
    if (reading.floor !== undefined) {
      await parts.remote.raiseAcceptedFloor(reading.floor);
      parts.logger.info('fleet manifest floor applied before the first sync', { serial: reading.floor.serial, source: reading.source });
    }
  } catch (error) {
    parts.logger.warn('fleet manifest floor not applied; starting with the local floor', { error: String(error) });
  }
}
