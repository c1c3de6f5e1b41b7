/** A TTL cache over the live secrets adapter, with rotation on demand and a refresh interval. */
import { withTimeout, type OneiricLogger } from '@oneiric/core';
import type { SecretsRotation } from '../control/controlTarget.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * What the hook needs of a secrets adapter (the `SecretStore` contract of `@oneiric/adapters`,
 * `adapter:secrets`), structurally, so the runtime does not depend on the adapters package.
 * @category Secrets
 */
export interface SecretSource {
  /** The secret's current value, or undefined when there is none. */
  get(name: string): Promise<string | undefined>;
}

/**
 * Options of {@link SecretsHook}.
 * @category Secrets
 */
export interface SecretsHookOptions {
  /**
   * The live secrets adapter, looked up at each fetch so a swap of `adapter:secrets` is followed
   * (for instance `() => app.use('adapter', 'secrets')`).
   */
  readonly source: () => SecretSource;
  /** How long a fetched value is served from the cache, in milliseconds (default 60 000). */
  readonly ttlMs?: number;
  /** Re-fetches every cached secret this often, in milliseconds; 0 or unset: no refresh loop. */
  readonly refreshIntervalMs?: number;
  /** Limit of one fetch from the adapter, in milliseconds (default 5 000). */
  readonly fetchTimeoutMs?: number;
  /** Names always kept fresh: fetched by {@link SecretsHook.warm}, each refresh and each rotation. */
  readonly names?: readonly string[];
  /** Where failed refreshes are reported (names only, never values). */
  readonly logger?: OneiricLogger;
  /** The clock, in milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

interface CachedSecret {
  readonly value: string | undefined;
  readonly fetchedAt: number;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_FETCH_TIMEOUT_MS = 5_000;

/**
 * Serves secrets from a cache for `ttlMs`, fetching from the live secrets adapter when a value
 * is missing or stale; concurrent reads of one name share one fetch. `rotate()` drops the cache
 * and fetches every cached name again, so a secret changed at its source is served at once.
 * @category Secrets
 */
export class SecretsHook {
  readonly #options: SecretsHookOptions;
  readonly #cache = new Map<string, CachedSecret>();
  readonly #pending = new Map<string, Promise<string | undefined>>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  // Bumped by rotate(): a fetch begun before a rotation must not put its older value back.
  #generation = 0;

  public constructor(options: SecretsHookOptions) {
    this.#options = options;
  }

  /** Names currently cached, sorted. */
  public cachedNames(): string[] {
    return [...this.#cache.keys()].sort();
  }

  /**
   * Fetches the configured `names` now (at start, so the first reads are served from the cache).
   * @throws the first fetch error, after every name was tried
   */
  public async warm(): Promise<void> {
    await this.#fetchAll(this.#options.names ?? []);
  }

  /**
   * The secret's value: from the cache while fresh, else fetched from the live adapter.
   * @throws TimeoutError past `fetchTimeoutMs`; the adapter's own error (an `AdapterError`...) otherwise
   */
  public get(name: string): Promise<string | undefined> {
    const cached = this.#cache.get(name);
    if (cached !== undefined && this.#now() - cached.fetchedAt < (this.#options.ttlMs ?? DEFAULT_TTL_MS)) {
      return Promise.resolve(cached.value);
    }
    return this.#fetch(name);
  }

  /**
   * Drops every cached value and fetches the same names (and the configured `names`) again.
   * @returns the names fetched again, sorted
   * @throws the first fetch error, after every name was tried (the failed ones stay uncached)
   */
  public async rotate(): Promise<SecretsRotation> {
    const names = this.#knownNames();
    this.#cache.clear();
    this.#generation += 1;
    this.#pending.clear();
    await this.#fetchAll(names);
    return { rotated: names };
  }

  /** Starts the refresh loop when `refreshIntervalMs` is set; idempotent. */
  public start(): void {
    const interval = this.#options.refreshIntervalMs ?? 0;
    if (interval <= 0 || this.#timer !== undefined || this.#closed) {
      return;
    }
    this.#timer = setInterval(() => void this.#refresh(), interval);
    // The refresh loop alone must not keep a process alive.
    this.#timer.unref();
  }

  /** Stops the refresh loop and forgets every value; idempotent. */
  public close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#cache.clear();
  }

  #knownNames(): string[] {
    return [...new Set([...this.#cache.keys(), ...(this.#options.names ?? [])])].sort();
  }

  async #fetchAll(names: readonly string[]): Promise<void> {
    const results = await Promise.allSettled(names.map((name) => this.#fetch(name)));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure !== undefined) {
      throw failure.reason;
    }
  }

  async #refresh(): Promise<void> {
    for (const name of this.#knownNames()) {
      try {
        await this.#fetch(name);
      } catch (error) {
        // The stale value keeps being served until its TTL ends; the name, never the value, is logged.
        this.#options.logger?.warn('secret refresh failed', { secret: name, error: messageOf(error) });
      }
    }
  }

  #fetch(name: string): Promise<string | undefined> {
    const running = this.#pending.get(name);
    if (running !== undefined) {
      return running;
    }
    const generation = this.#generation;
    const fetching = (async (): Promise<string | undefined> => {
      const value = await withTimeout(this.#options.source().get(name), this.#options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS, `fetch of secret ${name}`);
      if (!this.#closed && generation === this.#generation) {
        this.#cache.set(name, { value, fetchedAt: this.#now() });
      }
      return value;
    })().finally(() => {
      if (this.#pending.get(name) === fetching) {
        this.#pending.delete(name);
      }
    });
    this.#pending.set(name, fetching);
    return fetching;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
