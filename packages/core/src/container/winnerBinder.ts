/** Keeps an Inversify container's bindings equal to the resolver's winners, one key at a time. */
import type { Container } from 'inversify';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { Candidate } from '../models/candidate.js';
import type { Domain } from '../models/domain.js';
import { keyId } from '../services/candidateRegistry.js';
import type { Resolver } from '../services/resolver.js';
import { domainToken } from './domainToken.js';
import { createLiveReference } from './liveReference.js';

interface BoundKey {
  readonly domain: Domain;
  readonly key: string;
  // Private per-key token the winner's class is bound to; the public token holds the live reference.
  readonly winnerToken: symbol;
  candidate: Candidate | undefined;
  instance: unknown;
  hasInstance: boolean;
  // Serialises rebinding of this key.
  queue: Promise<void>;
}

/**
 * Binds, for each key it is asked to sync, exactly one thing: the winner's class (singleton)
 * under a private token; the public {@link domainToken} is bound once to a live reference that
 * reaches whatever is bound now. A winner change unbinds the old binding with `unbindAsync`
 * (so async deactivation hooks run) and binds the new one.
 */
export class WinnerBinder {
  readonly #bindings = new Map<string, BoundKey>();
  readonly #logger: OneiricLogger;

  public constructor(
    private readonly container: Container,
    private readonly resolver: Resolver,
    logger?: OneiricLogger,
  ) {
    this.#logger = logger ?? createSilentLogger();
  }

  /**
   * Brings the key's binding in line with its current winner; concurrent calls for one key run
   * one after the other.
   * @returns the candidate bound afterwards, or undefined when the key has no winner
   */
  public sync(domain: Domain, key: string): Promise<Candidate | undefined> {
    const bound = this.#entry(domain, key);
    const run = bound.queue.then(() => this.#rebind(bound));
    bound.queue = run.then(() => undefined, () => undefined);
    return run;
  }

  /** The candidate bound for a key, if any. */
  public boundCandidate(domain: Domain, key: string): Candidate | undefined {
    return this.#bindings.get(keyId(domain, key))?.candidate;
  }

  /**
   * The key's current instance, built by the container on first use.
   * @throws ResolutionError `notBound` when the key has no bound winner
   */
  public current<T>(domain: Domain, key: string): T {
    const bound = this.#bindings.get(keyId(domain, key));
    if (bound === undefined || bound.candidate === undefined) {
      throw new ResolutionError(ResolutionErrorKind.notBound, `${domain}:${key} has no bound provider (register one and call sync)`, { domain, key });
    }
    if (!bound.hasInstance) {
      bound.instance = this.container.get(bound.winnerToken);
      bound.hasInstance = true;
    }
    return bound.instance as T;
  }

  /** The key's live reference (the value injected by `@InjectAdapter` and friends). */
  public liveReference<T extends object>(domain: Domain, key: string): T {
    this.#entry(domain, key);
    return this.container.get<T>(domainToken(domain, key));
  }

  /** Unbinds every key this binder bound, running async deactivation hooks. */
  public async unbindAll(): Promise<void> {
    for (const bound of this.#bindings.values()) {
      await bound.queue;
      if (this.container.isBound(bound.winnerToken)) {
        await this.container.unbindAsync(bound.winnerToken);
      }
      bound.candidate = undefined;
      bound.hasInstance = false;
      bound.instance = undefined;
    }
  }

  #entry(domain: Domain, key: string): BoundKey {
    const id = keyId(domain, key);
    let bound = this.#bindings.get(id);
    if (bound === undefined) {
      bound = {
        domain,
        key,
        winnerToken: Symbol(`oneiric-winner:${domain}:${key}`),
        candidate: undefined,
        instance: undefined,
        hasInstance: false,
        queue: Promise.resolve(),
      };
      this.#bindings.set(id, bound);
      const entry = bound;
      this.container
        .bind(domainToken(domain, key))
        .toConstantValue(createLiveReference(`${domain}:${key}`, () => this.current<object>(entry.domain, entry.key)));
    }
    return bound;
  }

  async #rebind(bound: BoundKey): Promise<Candidate | undefined> {
    const winner = this.resolver.resolve(bound.domain, bound.key);
    if (winner === bound.candidate) {
      return winner;
    }
    if (this.container.isBound(bound.winnerToken)) {
      await this.container.unbindAsync(bound.winnerToken);
    }
    bound.hasInstance = false;
    bound.instance = undefined;
    bound.candidate = winner;
    if (winner !== undefined) {
      const factory = winner.factory;
      if (factory.kind === 'class') {
        this.container.bind(bound.winnerToken).to(factory.target as new () => unknown).inSingletonScope();
      } else {
        this.container.bind(bound.winnerToken).toDynamicValue(factory.build).inSingletonScope();
      }
    }
    this.#logger.info('bound winner', { domain: bound.domain, key: bound.key, provider: winner?.provider ?? null });
    return winner;
  }
}
