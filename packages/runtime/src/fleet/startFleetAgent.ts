/** Builds and starts the fleet agent of a runtime when `fleet.enabled`. */
import type { Oneiric, OneiricLogger } from '@oneiric/core';
import type { DomainBridges } from '@oneiric/domains';
import { FleetAgent, fleetStatusOf, type FleetAgentView, type FleetStatus } from '@oneiric/fleet';
import type { RemoteSync } from '@oneiric/remote';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import type { SecretsHook } from '../secrets/secretsHook.js';
import type { StatusPageFeed } from '../statusPage/statusPageFeed.js';
import { fleetConnectionOf } from './fleetConnectionOf.js';
import { fleetStatusViewOf } from './fleetStatusViewOf.js';
import { runtimeFleetTarget } from './runtimeFleetTarget.js';

/**
 * What `GET /v1/fleet` answers: off, or the agent's view and the fleet as it last saw it.
 * @category Fleet
 */
export type FleetAnswer = { readonly enabled: false } | { readonly enabled: true; readonly agent: FleetAgentView; readonly status: FleetStatus };

/**
 * A started fleet agent and how to describe it.
 * @category Fleet
 */
export interface RuntimeFleet {
  /** The agent. */
  readonly agent: FleetAgent;
  /** The answer of `GET /v1/fleet` (from what the agent already knows: no request to NATS). */
  answer(): FleetAnswer;
}

/**
 * Starts the agent when `fleet.enabled` (undefined otherwise). It applies the saved desired
 * state at once and reaches NATS in the background, so a runtime starts while NATS is down.
 * The status page then shows the agent's fleet view (in place of a `fleetStatus` source).
 * @category Fleet
 */
export async function startFleetAgent(parts: {
  readonly config: RuntimeConfig;
  readonly app: Oneiric;
  readonly bridges: DomainBridges;
  readonly remote?: RemoteSync;
  readonly secrets: SecretsHook;
  readonly logger: OneiricLogger;
  readonly manifestSerial: () => number | null;
  /** The status page feed: shows the agent's fleet view once it runs. */
  readonly statusPage?: StatusPageFeed;
}): Promise<RuntimeFleet | undefined> {
  const settings = parts.config.sections.fleet;
  if (!settings.enabled) {
    return undefined;
  }
  const resolved = await fleetConnectionOf(settings, {
    appName: parts.config.settings.app.name, cacheDir: parts.config.cacheDir, cwd: parts.config.cwd, readSecret: (name) => parts.secrets.get(name),
  });
  const agent = new FleetAgent({
    ...resolved,
    target: runtimeFleetTarget({ app: parts.app, bridges: parts.bridges, manifestSerial: parts.manifestSerial, ...(parts.remote === undefined ? {} : { remote: parts.remote }) }),
    logger: parts.logger,
  });
  await agent.start();
  parts.logger.info('fleet agent started', { instance: resolved.instanceId, bucket: resolved.connection.bucket, connected: agent.view().connected });
  const statusNow = (): FleetStatus => fleetStatusOf(resolved.connection.bucket, agent.snapshot(), Date.now(), resolved.goneAfterMs);
  parts.statusPage?.showFleet({ fleetView: async () => fleetStatusViewOf(agent.view(), statusNow()) });
  return { agent, answer: () => ({ enabled: true, agent: agent.view(), status: statusNow() }) };
}
