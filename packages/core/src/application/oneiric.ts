/** The application object: registry, resolver, container binding and settings in one place. */
import { Container } from 'inversify';
import { validateCandidateInput } from '../calculations/validateCandidateInput.js';
import { candidateInputFromClass } from '../decorators/candidateInputFromClass.js';
import { WinnerBinder } from '../container/winnerBinder.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { Candidate } from '../models/candidate.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { CandidateSource } from '../models/candidateSource.js';
import { DOMAINS, type Domain } from '../models/domain.js';
import type { Explanation } from '../models/explanation.js';
import type { ProviderClass } from '../models/providerFactory.js';
import type { ResolveRequest } from '../models/resolveRequest.js';
import { keyId } from '../services/candidateRegistry.js';
import { Resolver, type RegisterPackageOptions } from '../services/resolver.js';

/** Something that can be registered: a decorated class or an explicit candidate input. */
export type Registrable = ProviderClass | CandidateInput;

/** Per-domain selections, as configuration supplies them (`{ adapter: { cache: 'memory' } }`). */
export type SelectionsByDomain = Partial<Record<Domain, Readonly<Record<string, string>>>>;

/** Options of {@link Oneiric}. */
export interface OneiricOptions {
  /** The application's own container; a new one when absent. */
  readonly container?: Container;
  /** Logger; silent when absent. */
  readonly logger?: OneiricLogger;
  /** Resolver to use (shares its registry); a new one when absent. */
  readonly resolver?: Resolver;
  /** Initial selections per domain (tier 1 of precedence). */
  readonly selections?: SelectionsByDomain;
}

/**
 * Registers providers, resolves keys by precedence, and keeps the container's bindings equal
 * to the winners. Mutations (`register`, `unregister`) are synchronous; `sync()` (or
 * `select()`, which calls it) rebinds the keys they touched.
 * @example
 * ```ts
 * const app = new Oneiric();
 * app.register(RedisCache, MemoryCache, Checkout);
 * await app.sync();
 * const checkout = app.use<Checkout>('service', 'checkout');
 * await app.select('adapter', 'cache', 'memory'); // checkout now reaches MemoryCache
 * ```
 */
export class Oneiric {
  /** The Inversify container winners are bound in. */
  public readonly container: Container;
  /** The resolver (and through it the registry). */
  public readonly resolver: Resolver;
  /** The logger. */
  public readonly logger: OneiricLogger;
  readonly #binder: WinnerBinder;
  readonly #dirtyKeys = new Map<string, { domain: Domain; key: string }>();

  public constructor(options: OneiricOptions = {}) {
    this.container = options.container ?? new Container();
    this.logger = options.logger ?? createSilentLogger();
    this.resolver = options.resolver ?? new Resolver({ logger: this.logger });
    this.#binder = new WinnerBinder(this.container, this.resolver, this.logger);
    this.resolver.onKeyChanged((domain, key) => this.#dirtyKeys.set(keyId(domain, key), { domain, key }));
    for (const domain of DOMAINS) {
      const selections = options.selections?.[domain];
      if (selections !== undefined) {
        this.resolver.setSelections(domain, selections);
      }
    }
  }

  /**
   * Registers decorated classes or candidate inputs, all or nothing: every entry is validated
   * before any is stored.
   * @throws RegistrationError naming the class with bad or missing metadata
   */
  public register(...entries: Registrable[]): Candidate[] {
    const inputs = entries.map((entry) => toInput(entry));
    for (const input of inputs) {
      validateCandidateInput(input);
    }
    return inputs.map((input) => this.resolver.register(input));
  }

  /**
   * Registers a package's providers; those without their own priority get the package's
   * (the `priority` option, else its `ONEIRIC_STACK_ORDER` entry, else 0).
   */
  public registerPackage(packageName: string, entries: readonly Registrable[], options: RegisterPackageOptions = {}): Candidate[] {
    return this.resolver.registerPackage(packageName, entries.map((entry) => toInput(entry, 'package')), options);
  }

  /** Unregisters a provider of a key (from one source, or all); call `sync()` to rebind. */
  public unregister(domain: Domain, key: string, provider: string, source?: CandidateSource): Candidate[] {
    return this.resolver.unregister(domain, key, provider, source);
  }

  /** Sets or clears a key's selection and rebinds the key; resolves to the new winner. */
  public async select(domain: Domain, key: string, provider: string | undefined): Promise<Candidate | undefined> {
    this.resolver.setSelection(domain, key, provider);
    await this.sync();
    return this.resolver.resolve(domain, key);
  }

  /** Replaces the selections of the given domains (as from configuration) and rebinds. */
  public async applySelections(selections: SelectionsByDomain): Promise<void> {
    for (const domain of DOMAINS) {
      const domainSelections = selections[domain];
      if (domainSelections !== undefined) {
        this.resolver.setSelections(domain, domainSelections);
      }
    }
    await this.sync();
  }

  /** Rebinds every key whose candidates or selection changed since the last sync. */
  public async sync(): Promise<void> {
    const keys = [...this.#dirtyKeys.values()];
    this.#dirtyKeys.clear();
    await Promise.all(keys.map(({ domain, key }) => this.#binder.sync(domain, key)));
  }

  /** The winning candidate of a key; see {@link Resolver.resolve}. */
  public resolve(domain: Domain, key: string, request?: ResolveRequest): Candidate | undefined {
    return this.resolver.resolve(domain, key, request);
  }

  /** The ranking of a key with reasons; see {@link Resolver.explain}. */
  public explain(domain: Domain, key: string, request?: Omit<ResolveRequest, 'provider'>): Explanation {
    return this.resolver.explain(domain, key, request);
  }

  /**
   * The key's live reference: every access reaches the key's current winner, also after the
   * selection changes. It is what `@InjectAdapter(key)` and friends inject.
   */
  public use<T extends object>(domain: Domain, key: string): T {
    return this.#binder.liveReference<T>(domain, key);
  }

  /**
   * The key's current instance itself (not a live reference): keeps pointing at this instance
   * after a change of winner.
   * @throws ResolutionError `notBound` when the key has no bound winner
   */
  public current<T>(domain: Domain, key: string): T {
    return this.#binder.current<T>(domain, key);
  }

  /** The candidate currently bound for a key (after the last sync). */
  public bound(domain: Domain, key: string): Candidate | undefined {
    return this.#binder.boundCandidate(domain, key);
  }

  /** Unbinds every winner, running the container's async deactivation hooks. Safe to call twice. */
  public async close(): Promise<void> {
    await this.#binder.unbindAll();
  }
}

function toInput(entry: Registrable, source?: CandidateSource): CandidateInput {
  if (typeof entry === 'function') {
    return candidateInputFromClass(entry, source);
  }
  return source === undefined || entry.source !== undefined ? entry : { ...entry, source };
}
