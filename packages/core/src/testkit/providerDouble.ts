/** A provider double: a candidate whose instance a test controls and observes. */
import type { CandidateInput } from '../models/candidateInput.js';
import type { Domain } from '../models/domain.js';
import type { ProviderKey } from '../keys/providerKey.js';

/** Options of {@link providerDouble}. */
export interface ProviderDoubleOptions {
  /** Priority of the candidate (default 0). */
  readonly priority?: number;
  /** Capabilities of the candidate. */
  readonly capabilities?: readonly string[];
  /** Whether `health()` passes at first (default true); change it with `setHealthy`. */
  readonly healthy?: boolean;
  /** Make `init()` throw this error (to test a failing activation). */
  readonly initError?: Error;
}

/** What a provider double records and lets a test change. */
export interface ProviderDouble<T extends object> {
  /** The candidate input to pass to `app.register`. */
  readonly candidate: CandidateInput;
  /** Every instance built so far, oldest first (each one is `implementation`'s own copy). */
  readonly instances: readonly T[];
  /** How many instances were initialised and cleaned up. */
  readonly counts: { readonly init: number; readonly health: number; readonly cleanup: number };
  /** Makes later health checks pass or fail. */
  setHealthy(healthy: boolean): void;
}

/**
 * Builds a candidate from a plain implementation object, with `init`, `health` and `cleanup`
 * hooks that count their calls and a health switch, so a test can drive swaps, fail-overs and
 * rollbacks without writing a class. Each activation gets its own shallow copy of
 * `implementation`, so the old and the new instance of a swap are distinct objects.
 * @example
 * ```ts
 * const failing = providerDouble(cacheKey, 'flaky', { get: () => 'x' }, { healthy: false });
 * app.register(failing.candidate);
 * await expect(app.swap('adapter', 'cache', { provider: 'flaky' })).rejects.toThrow();
 * expect(failing.counts.cleanup).toBe(1); // the refused instance was cleaned up
 * ```
 * @category Testing
 */
export function providerDouble<T extends object>(
  key: ProviderKey<T> | { readonly domain: Domain; readonly key: string },
  provider: string,
  implementation: T,
  options: ProviderDoubleOptions = {},
): ProviderDouble<T> {
  const instances: T[] = [];
  const counts = { init: 0, health: 0, cleanup: 0 };
  let healthy = options.healthy ?? true;
  const build = (): T => {
    const instance = Object.assign(Object.create(Object.getPrototypeOf(implementation) as object) as T, implementation, {
      init: (): void => {
        counts.init += 1;
        if (options.initError !== undefined) {
          throw options.initError;
        }
      },
      health: (): boolean => {
        counts.health += 1;
        return healthy;
      },
      cleanup: (): void => {
        counts.cleanup += 1;
      },
    });
    instances.push(instance);
    return instance;
  };
  const candidate: CandidateInput = {
    domain: key.domain,
    key: key.key,
    provider,
    priority: options.priority ?? 0,
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
    factory: { kind: 'function', build },
    displayName: `providerDouble(${key.domain}:${key.key}:${provider})`,
  };
  return {
    candidate,
    instances,
    counts,
    setHealthy: (value) => {
      healthy = value;
    },
  };
}
