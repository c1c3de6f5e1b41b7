/** The runtime as the fleet agent sees it: the same app facade and activity store its control channel uses. */
import { DOMAINS, type Domain, type Oneiric } from '@oneiric/core';
import type { DomainBridges } from '@oneiric/domains';
import type { FleetTarget, InstanceKeyState } from '@oneiric/fleet';
import { internalsOf } from '@oneiric/core/internal';
import type { RemoteSync } from '@oneiric/remote';

/**
 * What {@link runtimeFleetTarget} is built from.
 * @category Fleet
 */
export interface RuntimeFleetParts {
  /** The application. */
  readonly app: Oneiric;
  /** Its bridges (pause/drain through the activity store, as `/v1/pause` does). */
  readonly bridges: DomainBridges;
  /** Remote sync, when enabled (its anti-rollback floor). */
  readonly remote?: RemoteSync;
  /** Serial of the manifest in use, or null. */
  readonly manifestSerial: () => number | null;
}

function keyState(app: Oneiric, bridges: DomainBridges, domain: Domain, key: string): InstanceKeyState {
  const status = app.status(domain, key);
  const provider = app.active(domain, key)?.provider ?? null;
  const activity = bridges.activity.get(domain, key);
  const isUnhealthy = provider !== null && app.unhealthy(domain, key).has(provider);
  // Counted by the provider's breaker over its rolling window; null for a key no breaker guards.
  const stats = provider === null ? undefined : internalsOf(app).callStats(domain, key, provider);
  return {
    domain, key, provider, state: status.state,
    healthy: status.state === 'failed' || isUnhealthy ? false : status.state === 'ready' ? true : null,
    breaker: provider === null ? null : app.breakerState(domain, key, provider) ?? null,
    paused: activity?.paused ?? false,
    draining: activity?.draining ?? false,
    calls: stats?.calls ?? null,
    failures: stats?.failures ?? null,
    swapError: null,
  };
}

/**
 * The fleet target of a runtime: swaps through `app.swap` (the key's runtime selection, like
 * `/v1/swap`), pause/drain through the activity store (every entry point, persisted), the anti-rollback
 * floor through remote sync.
 * @category Fleet
 */
export function runtimeFleetTarget(parts: RuntimeFleetParts): FleetTarget {
  const { app, bridges, remote } = parts;
  return {
    isKnown: (domain, key) => app.keys(domain).includes(key),
    keyStates: () => DOMAINS.flatMap((domain) => app.keys(domain).map((key) => keyState(app, bridges, domain, key))),
    swap: async (domain, key, provider) => {
      await app.swap(domain, key, { provider });
    },
    setActivity: async (domain, key, state) => {
      await bridges.activity.setPaused(domain, key, state.paused, state.note);
      await bridges.activity.setDraining(domain, key, state.draining, state.note);
    },
    probe: (domain, key) => app.probe(domain, key),
    manifestSerial: parts.manifestSerial,
    acceptedManifest: async () => remote?.acceptedManifest(),
    raiseLocalFloor: async (floor) => {
      await remote?.raiseAcceptedFloor(floor);
    },
  };
}
