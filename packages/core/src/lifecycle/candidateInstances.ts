/** The one way Oneiric builds, initialises, checks and disposes of a candidate's instance, each step bounded by a timeout. */
import type { Container } from 'inversify';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { messageOf } from '../errors/messageOf.js';
import { TimeoutError } from '../errors/timeoutError.js';
import type { OneiricLogger } from '../logging/createLogger.js';
import type { ActiveInstance } from '../models/activeInstance.js';
import type { Candidate } from '../models/candidate.js';
import type { SwapHook, SwapHookContext } from '../models/providerHooks.js';
import { withTimeout } from '../resiliency/withTimeout.js';
import { BuildContainers } from './buildContainers.js';
import type { LifecycleTimeouts } from './lifecycleTimeouts.js';
import type { ProviderSettingsSource } from './swapTypes.js';
import { validateProviderSettings } from './validateProviderSettings.js';

/** What a {@link CandidateInstances} needs. */
export interface CandidateInstancesOptions {
  /** The application's container; candidates' dependencies come from it. */
  readonly container: Container;
  /** Step time limits. */
  readonly timeouts: LifecycleTimeouts;
  /** Where cleanup problems and drain timeouts are reported. */
  readonly logger: OneiricLogger;
  /** Provider settings lookup. */
  readonly providerSettings: ProviderSettingsSource;
}

/**
 * Builds candidates through child containers of the application's container (reused per
 * candidate, see {@link BuildContainers}) and
 * runs their hooks (`init`, `health`, `cleanup`/`close`/`dispose`) with the lifecycle's time
 * limits. The lifecycle manager uses it for each key's winner; the domain bridges use it for
 * fan-out handlers, so both build and clean up the same way.
 */
export class CandidateInstances {
  readonly #buildContainers: BuildContainers;
  readonly #timeouts: LifecycleTimeouts;
  readonly #logger: OneiricLogger;
  readonly #providerSettings: ProviderSettingsSource;

  /** @param options - container, time limits, logger and settings lookup */
  public constructor(options: CandidateInstancesOptions) {
    this.#buildContainers = new BuildContainers(options.container);
    this.#timeouts = options.timeouts;
    this.#logger = options.logger;
    this.#providerSettings = options.providerSettings;
  }

  /**
   * The candidate's provider settings from configuration, validated.
   * @throws ConfigError naming the key and the field when a setting is invalid
   */
  public settingsFor(candidate: Candidate): object {
    const { plain, path } = this.#providerSettings(candidate);
    return validateProviderSettings(candidate, plain, path);
  }

  /**
   * Validates its settings, builds and initialises an instance ({@link CandidateInstances.build}
   * then {@link CandidateInstances.init}); an instance whose `init` fails is cleaned up before the
   * error is rethrown.
   * @throws ConfigError, LifecycleError `buildFailed` or `initFailed`, or TimeoutError
   */
  public async create(candidate: Candidate): Promise<object> {
    const label = labelOf(candidate);
    const settings = this.settingsFor(candidate);
    const instance = await this.build(candidate, settings, label);
    try {
      await this.init(candidate, instance, settings, label);
    } catch (error) {
      await this.cleanup(candidate, instance, label);
      throw error;
    }
    return instance;
  }

  /**
   * Builds the candidate's instance with `settings` bound under {@link PROVIDER_SETTINGS}.
   * @throws LifecycleError `buildFailed`, or TimeoutError past the activation timeout (what the
   * build produces later is cleaned up)
   */
  public async build(candidate: Candidate, settings: object, label: string): Promise<object> {
    // The candidate's dependencies come from the application's container, its settings from
    // here; the container goes back to the pool once the build settled (even past a timeout).
    const lease = this.#buildContainers.take(candidate);
    const building = lease.build(settings);
    const release = (): void => this.#buildContainers.release(lease);
    building.then(release, release);
    try {
      const instance = await withTimeout(building, this.#timeouts.activationTimeoutMs, `build of ${label}`);
      if (typeof instance !== 'object' || instance === null) {
        throw new Error(`factory returned ${instance === null ? 'null' : typeof instance}, not an object`);
      }
      return instance;
    } catch (error) {
      if (error instanceof TimeoutError) {
        // The build goes on after the deadline: clean up whatever it eventually produces.
        building.then((late) => {
          if (typeof late === 'object' && late !== null) {
            void this.cleanup(candidate, late, label);
          }
        }, () => undefined);
        throw error;
      }
      throw new LifecycleError(LifecycleErrorKind.buildFailed, `Could not build ${label}: ${messageOf(error)}`, contextOf(candidate), error);
    }
  }

  /**
   * Awaits the instance's `init(settings)`, if it has one.
   * @throws LifecycleError `initFailed`, or TimeoutError past the activation timeout
   */
  public async init(candidate: Candidate, instance: object, settings: object, label: string): Promise<void> {
    const init = (instance as { init?: unknown }).init;
    if (typeof init !== 'function') {
      return;
    }
    try {
      await withTimeout(Promise.resolve().then(() => init.call(instance, settings)), this.#timeouts.activationTimeoutMs, `init of ${label}`);
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw error;
      }
      throw new LifecycleError(LifecycleErrorKind.initFailed, `init failed for ${label}: ${messageOf(error)}`, contextOf(candidate), error);
    }
  }

  /** Runs the instance's health check; undefined when healthy (or without a check), else what was wrong. */
  public async checkHealth(candidate: Candidate, instance: object): Promise<string | undefined> {
    const health = (instance as { health?: unknown }).health;
    if (typeof health !== 'function') {
      return undefined;
    }
    const label = `health check of ${labelOf(candidate)}`;
    try {
      const result: unknown = await withTimeout(Promise.resolve().then(() => health.call(instance)), this.#timeouts.healthTimeoutMs, label);
      return result === false ? 'health() returned false' : undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Runs a swap hook with the hook timeout; rejects with what the hook threw or a TimeoutError. */
  public async runHook(hook: SwapHook, context: SwapHookContext, label: string): Promise<void> {
    await withTimeout(Promise.resolve().then(() => hook(context)), this.#timeouts.hookTimeoutMs, label);
  }

  /** Takes an instance out of service: waits for its calls in flight (bounded by the drain timeout), then cleans it up. */
  public async retire(active: ActiveInstance): Promise<void> {
    const { candidate } = active;
    const label = labelOf(candidate);
    if (active.inFlight > 0) {
      const idle = new Promise<void>((resolve) => {
        active.onIdle = resolve;
      });
      try {
        await withTimeout(idle, this.#timeouts.drainTimeoutMs, `drain of ${label}`);
      } catch {
        this.#logger.warn('drain timed out; cleaning up with calls still in flight', {
          domain: candidate.domain, key: candidate.key, provider: candidate.provider, inFlight: active.inFlight, drainTimeoutMs: this.#timeouts.drainTimeoutMs,
        });
      } finally {
        active.onIdle = undefined;
      }
    }
    active.retired = true;
    await this.cleanup(candidate, active.instance, label);
  }

  /** Calls the first of `cleanup`, `close`, `dispose` the instance has (with the cleanup timeout); a failure is logged, never thrown. */
  public async cleanup(candidate: Candidate, instance: object, label = labelOf(candidate)): Promise<void> {
    const methods = instance as { cleanup?: unknown; close?: unknown; dispose?: unknown };
    const cleanup = [methods.cleanup, methods.close, methods.dispose].find((method) => typeof method === 'function') as (() => unknown) | undefined;
    if (cleanup === undefined) {
      return;
    }
    try {
      await withTimeout(Promise.resolve().then(() => cleanup.call(instance)), this.#timeouts.cleanupTimeoutMs, `cleanup of ${label}`);
    } catch (error) {
      this.#logger.warn('cleanup failed', { ...contextOf(candidate), error: messageOf(error) });
    }
  }
}

/** `domain:key (provider)`, how messages name a candidate. */
export function labelOf(candidate: Candidate): string {
  return `${candidate.domain}:${candidate.key} (${candidate.provider})`;
}

function contextOf(candidate: Candidate): { domain: string; key: string; provider: string } {
  return { domain: candidate.domain, key: candidate.key, provider: candidate.provider };
}
