/** Applies the fleet's desired state to this instance through the target's normal swap and pause paths. */
import type { OneiricLogger } from '@oneiric/core';
import { messageOf } from '@oneiric/core/internal';
import { effectiveDesiredState } from '../calculations/effectiveDesiredState.js';
import { planConvergence, type ActualKeyState } from '../calculations/planConvergence.js';
import type { FleetSnapshot } from '../models/fleetSnapshot.js';
import type { FleetTarget } from '../models/fleetTarget.js';
import type { InstanceKeyState } from '../models/instanceRecord.js';

type SwapFailure = NonNullable<InstanceKeyState['swapError']>;

/**
 * Plans (pure `planConvergence`) and applies the changes one at a time. A swap that failed is
 * remembered per key and not retried while the same provider is desired (no flapping); the
 * failure is published in the instance record, where a rollout driver sees it.
 */
export class Converger {
  readonly #target: FleetTarget;
  readonly #logger: OneiricLogger;
  readonly #failedSwaps = new Map<string, SwapFailure>();

  /** @param target - the runtime; @param logger - where changes and failures are logged */
  public constructor(target: FleetTarget, logger: OneiricLogger) {
    this.#target = target;
    this.#logger = logger;
  }

  /** The last failed fleet-asked swap per `domain:key`. */
  public get swapErrors(): ReadonlyMap<string, SwapFailure> {
    return this.#failedSwaps;
  }

  /** Brings this instance to what `snapshot` wants of it. */
  public async converge(snapshot: FleetSnapshot, instanceId: string): Promise<void> {
    const effective = effectiveDesiredState(snapshot, instanceId);
    for (const [id, failure] of this.#failedSwaps) {
      // Another provider is wanted now: the failure no longer says anything about it.
      if (effective.get(id)?.provider !== failure.provider) {
        this.#failedSwaps.delete(id);
      }
    }
    const actual = new Map<string, ActualKeyState>(this.#target.keyStates().map((state) => [`${state.domain}:${state.key}`, state]));
    const failed = new Map([...this.#failedSwaps].map(([id, failure]) => [id, failure.provider]));
    for (const step of planConvergence(effective, actual, failed, (domain, key) => this.#target.isKnown(domain, key))) {
      const id = `${step.domain}:${step.key}`;
      try {
        if (step.action === 'swap') {
          await this.#target.swap(step.domain, step.key, step.provider);
          this.#logger.info('fleet: swapped to the desired provider', { domain: step.domain, key: step.key, provider: step.provider });
        } else {
          await this.#target.setActivity(step.domain, step.key, step);
          this.#logger.info('fleet: pause/drain applied', { domain: step.domain, key: step.key, paused: step.paused, draining: step.draining });
        }
      } catch (error) {
        if (step.action === 'swap') {
          this.#failedSwaps.set(id, { provider: step.provider, message: messageOf(error), at: new Date().toISOString() });
        }
        this.#logger.warn(`fleet: ${step.action} of ${id} failed; the previous state stays`, { domain: step.domain, key: step.key, error: messageOf(error) });
      }
    }
  }
}
