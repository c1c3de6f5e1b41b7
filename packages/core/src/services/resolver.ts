/** Resolves keys to winners by precedence, caching each key's winner until that key changes. */
import { SpanStatusCode } from '@opentelemetry/api';
import { explainRanking } from '../calculations/explainRanking.js';
import { normaliseCapabilities } from '../calculations/normaliseCapabilities.js';
import { parseStackOrder } from '../calculations/parseStackOrder.js';
import { pickWinner } from '../calculations/pickWinner.js';
import { rankCandidates } from '../calculations/rankCandidates.js';
import { compareScores } from '../calculations/compareScores.js';
import { scoreCandidate } from '../calculations/scoreCandidate.js';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { Candidate } from '../models/candidate.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { CandidateSource } from '../models/candidateSource.js';
import { isDomain, type Domain } from '../models/domain.js';
import type { Explanation } from '../models/explanation.js';
import type { RegistryChange } from '../models/registryChange.js';
import type { ResolveRequest } from '../models/resolveRequest.js';
import { getTracer } from '../telemetry/tracer.js';
import { CandidateRegistry, keyId } from './candidateRegistry.js';

/** Listener told that a key's candidates or selection changed, so its winner may have. */
export type KeyChangeListener = (domain: Domain, key: string) => void;

/** Options of a {@link Resolver}. */
export interface ResolverOptions {
  /** Registry to resolve from; a new one when absent. */
  readonly registry?: CandidateRegistry;
  /** Logger for decisions (debug) and ignored selections (warn). */
  readonly logger?: OneiricLogger;
  /** Package priorities; defaults to parsing `ONEIRIC_STACK_ORDER`. */
  readonly stackOrder?: ReadonlyMap<string, number>;
}

/**
 * Options of `Oneiric.registerPackage`.
 * @category Resiliency
 */
export interface RegisterPackageOptions {
  /** Priority for the package's candidates that declare none; beats the stack order. */
  readonly priority?: number;
}

/**
 * Precedence over a {@link CandidateRegistry}: selections (tier 1), capabilities, priority,
 * stack level, registration order. `resolve` without capabilities is O(1): the winner of each
 * key is cached, updated in O(1) when a candidate is added, and recomputed in one linear pass
 * only after the key's winner is removed or its selection changes.
 */
export class Resolver {
  /** The registry this resolver ranks. */
  public readonly registry: CandidateRegistry;
  readonly #logger: OneiricLogger;
  readonly #stackOrder: ReadonlyMap<string, number>;
  readonly #selectionsByDomain = new Map<Domain, Map<string, string>>();
  // Providers marked unhealthy (open circuit breaker) per key, with the reason.
  readonly #unhealthyByKey = new Map<string, Map<string, string>>();
  // null caches "no winner"; a missing entry means "recompute".
  readonly #winnerByKey = new Map<string, Candidate | null>();
  readonly #keyListeners = new Set<KeyChangeListener>();
  readonly #tracer = getTracer();

  public constructor(options: ResolverOptions = {}) {
    this.registry = options.registry ?? new CandidateRegistry();
    this.#logger = options.logger ?? createSilentLogger();
    this.#stackOrder = options.stackOrder ?? parseStackOrder(process.env['ONEIRIC_STACK_ORDER']);
    this.registry.onChange((change) => this.#onRegistryChange(change));
  }

  /** Registers one candidate; see {@link CandidateRegistry.register}. */
  public register(input: CandidateInput): Candidate {
    return this.registry.register(input);
  }

  /** Registers several candidates, all or nothing; see {@link CandidateRegistry.registerAll}. */
  public registerAll(inputs: readonly CandidateInput[]): Candidate[] {
    return this.registry.registerAll(inputs);
  }

  /**
   * Registers a package's candidates. Those without their own priority get, in order: the
   * `priority` option, the package's `ONEIRIC_STACK_ORDER` entry, 0.
   */
  public registerPackage(packageName: string, inputs: readonly CandidateInput[], options: RegisterPackageOptions = {}): Candidate[] {
    return this.registry.registerPackage(packageName, inputs, options.priority, this.#stackOrder);
  }

  /** Unregisters a provider of a key (from one source, or all); returns what was removed. */
  public unregister(domain: Domain, key: string, provider: string, source?: CandidateSource): Candidate[] {
    return this.registry.unregister(this.#checkDomain(domain), key, provider, source);
  }

  /** Sets (or, with undefined, clears) the selection of one key: tier 1 of precedence. */
  public setSelection(domain: Domain, key: string, provider: string | undefined): void {
    const selections = this.#domainSelections(this.#checkDomain(domain));
    if (selections.get(key) === provider) {
      return;
    }
    if (provider === undefined) {
      selections.delete(key);
    } else {
      selections.set(key, provider);
    }
    this.#invalidate(domain, key);
  }

  /** Replaces every selection of a domain (keys absent from `selections` lose theirs). */
  public setSelections(domain: Domain, selections: Readonly<Record<string, string>>): void {
    const current = this.#domainSelections(this.#checkDomain(domain));
    for (const key of [...current.keys()]) {
      if (!Object.hasOwn(selections, key)) {
        this.setSelection(domain, key, undefined);
      }
    }
    for (const [key, provider] of Object.entries(selections)) {
      this.setSelection(domain, key, provider);
    }
  }

  /** The selection of a key, if any. */
  public selection(domain: Domain, key: string): string | undefined {
    return this.#selectionsByDomain.get(domain)?.get(key);
  }

  /** Every selection of a domain. */
  public selections(domain: Domain): Record<string, string> {
    return Object.fromEntries(this.#selectionsByDomain.get(domain) ?? []);
  }

  /**
   * The winning candidate of a key, or undefined when none qualifies.
   * With `provider`: the best-ranked candidate of that provider (undefined if not registered).
   * With `capabilities`: computed for the request (linear in the key's candidates).
   */
  public resolve(domain: Domain, key: string, request?: ResolveRequest): Candidate | undefined {
    if (request === undefined || (request.provider === undefined && (request.capabilities?.length ?? 0) === 0)) {
      const cached = this.#winnerByKey.get(keyId(domain, key));
      if (cached !== undefined) {
        return cached ?? undefined;
      }
      return this.#decide(domain, key);
    }
    return this.#resolveRequest(this.#checkDomain(domain), key, request);
  }

  /**
   * Like {@link Resolver.resolve} but throws when nothing qualifies.
   * @throws ResolutionError `unknownProvider` when the requested provider is not registered,
   *   `noCandidate` otherwise
   */
  public require(domain: Domain, key: string, request?: ResolveRequest): Candidate {
    const candidate = this.resolve(domain, key, request);
    if (candidate !== undefined) {
      return candidate;
    }
    const provider = request?.provider;
    if (provider !== undefined && !this.registry.list(domain, key).some((c) => c.provider === provider)) {
      throw new ResolutionError(ResolutionErrorKind.unknownProvider, `${domain}:${key} has no provider ${provider}`, { domain, key, provider });
    }
    const capabilities = normaliseCapabilities(request?.capabilities);
    const suffix = capabilities.length > 0 ? ` with capabilities ${capabilities.join(', ')}` : '';
    throw new ResolutionError(ResolutionErrorKind.noCandidate, `No candidate registered for ${domain}:${key}${suffix}`, {
      domain,
      key,
      ...(provider === undefined ? {} : { provider }),
    });
  }

  /** Every candidate of a key in rank order, with scores and one reason per tier. */
  public explain(domain: Domain, key: string, request: Omit<ResolveRequest, 'provider'> = {}): Explanation {
    const checkedDomain = this.#checkDomain(domain);
    const capabilities = normaliseCapabilities(request.capabilities);
    const requireAll = request.requireAll ?? true;
    const selection = this.selection(checkedDomain, key);
    const candidates = this.registry.list(checkedDomain, key);
    const unhealthy = this.#unhealthyByKey.get(keyId(checkedDomain, key));
    const eligible = this.#healthyOnly(candidates, unhealthy);
    const ranking = rankCandidates(eligible, selection, capabilities, requireAll);
    return explainRanking(ranking, {
      unhealthy: eligible === candidates
        ? []
        : candidates.filter((c) => !eligible.includes(c)).map((candidate) => ({ candidate, reason: unhealthy?.get(candidate.provider) ?? '' })),
      domain: checkedDomain,
      key,
      selection,
      selectionUnmatched: selection !== undefined && !candidates.some((c) => c.provider === selection),
      requestedCapabilities: capabilities,
      requireAll,
    });
  }

  /** The winner of every key of a domain, in order of the keys' first registration. */
  public listActive(domain: Domain): Candidate[] {
    const active: Candidate[] = [];
    for (const key of this.registry.keys(this.#checkDomain(domain))) {
      const winner = this.resolve(domain, key);
      if (winner !== undefined) {
        active.push(winner);
      }
    }
    return active;
  }

  /** Every candidate of a domain that is not its key's winner. */
  public listShadowed(domain: Domain): Candidate[] {
    const shadowed: Candidate[] = [];
    for (const key of this.registry.keys(this.#checkDomain(domain))) {
      const winner = this.resolve(domain, key);
      for (const candidate of this.registry.candidates(domain, key)) {
        if (candidate !== winner) {
          shadowed.push(candidate);
        }
      }
    }
    return shadowed;
  }

  /**
   * Marks a provider of a key unhealthy (with a reason, e.g. an open circuit breaker) or healthy
   * again. Unhealthy candidates are left out of resolution — unless every candidate of the key
   * is unhealthy, in which case health is ignored — and `explain` lists them as filtered.
   */
  public setHealth(domain: Domain, key: string, provider: string, healthy: boolean, reason = 'marked unhealthy'): void {
    const id = keyId(this.#checkDomain(domain), key);
    let unhealthy = this.#unhealthyByKey.get(id);
    if (healthy) {
      if (unhealthy?.delete(provider) !== true) {
        return;
      }
      if (unhealthy.size === 0) {
        this.#unhealthyByKey.delete(id);
      }
    } else {
      if (unhealthy === undefined) {
        unhealthy = new Map();
        this.#unhealthyByKey.set(id, unhealthy);
      }
      unhealthy.set(provider, reason);
    }
    this.#invalidate(domain, key);
  }

  /** Providers of a key currently marked unhealthy, with their reasons. */
  public unhealthy(domain: Domain, key: string): ReadonlyMap<string, string> {
    return new Map(this.#unhealthyByKey.get(keyId(domain, key)));
  }

  /** Subscribes to "this key may have a new winner"; returns the function that unsubscribes. */
  public onKeyChanged(listener: KeyChangeListener): () => void {
    this.#keyListeners.add(listener);
    return () => this.#keyListeners.delete(listener);
  }

  #resolveRequest(domain: Domain, key: string, request: ResolveRequest): Candidate | undefined {
    const capabilities = normaliseCapabilities(request.capabilities);
    const requireAll = request.requireAll ?? true;
    const selection = this.selection(domain, key);
    const pool = request.provider === undefined
      ? this.#healthyOnly(this.registry.list(domain, key), this.#unhealthyByKey.get(keyId(domain, key)))
      : this.registry.list(domain, key).filter((candidate) => candidate.provider === request.provider);
    return pickWinner(pool, selection, capabilities, requireAll);
  }

  // A cache miss: one linear pass, one span, one debug line.
  #decide(domain: Domain, key: string): Candidate | undefined {
    this.#checkDomain(domain);
    const selection = this.selection(domain, key);
    const unhealthy = this.#unhealthyByKey.get(keyId(domain, key));
    const pool = unhealthy === undefined ? this.registry.candidates(domain, key) : this.#healthyOnly(this.registry.list(domain, key), unhealthy);
    const winner = pickWinner(pool, selection);
    this.#winnerByKey.set(keyId(domain, key), winner ?? null);
    const span = this.#tracer.startSpan('oneiric.resolve', {
      attributes: {
        'oneiric.domain': domain,
        'oneiric.key': key,
        'oneiric.candidates': this.registry.count(domain, key),
        ...(winner === undefined ? {} : { 'oneiric.provider': winner.provider }),
        ...(selection === undefined ? {} : { 'oneiric.selection': selection }),
      },
    });
    if (winner === undefined) {
      span.setStatus({ code: SpanStatusCode.UNSET, message: 'no candidate' });
    }
    span.end();
    if (selection !== undefined && unhealthy?.has(selection) === true && winner !== undefined && winner.provider !== selection) {
      this.#logger.warn('selected provider is unhealthy; failing over', {
        domain, key, provider: winner.provider, selection, reason: unhealthy.get(selection),
      });
    } else if (selection !== undefined && winner !== undefined && winner.provider !== selection) {
      this.#logger.warn('selection names an unregistered provider; precedence decides instead', {
        domain, key, provider: winner.provider, selection,
      });
    } else {
      this.#logger.debug('resolved', { domain, key, provider: winner?.provider ?? null });
    }
    return winner;
  }

  #onRegistryChange(change: RegistryChange): void {
    const { domain, key } = change.candidate;
    const id = keyId(domain, key);
    const cached = this.#winnerByKey.get(id);
    if (this.#unhealthyByKey.has(id)) {
      // Health filtering makes incremental updates subtle; recompute on next resolve instead.
      this.#winnerByKey.delete(id);
    } else if (cached !== undefined) {
      const winnerLeft = (change.type === 'removed' && change.candidate === cached)
        || (change.type === 'replaced' && change.previous === cached);
      if (winnerLeft) {
        this.#winnerByKey.delete(id);
      } else if (change.type !== 'removed' && (cached === null || this.#beats(change.candidate, cached))) {
        // A new or re-registered loser either beats the cached winner or changes nothing.
        this.#winnerByKey.set(id, change.candidate);
      }
    }
    this.#notify(domain, key);
  }

  // Leaves unhealthy candidates out, unless that would leave none.
  #healthyOnly(candidates: Candidate[], unhealthy: ReadonlyMap<string, string> | undefined): Candidate[] {
    if (unhealthy === undefined || unhealthy.size === 0) {
      return candidates;
    }
    const healthy = candidates.filter((candidate) => !unhealthy.has(candidate.provider));
    return healthy.length === 0 ? candidates : healthy;
  }

  #beats(challenger: Candidate, incumbent: Candidate): boolean {
    const selection = this.selection(challenger.domain, challenger.key);
    return compareScores(scoreCandidate(challenger, selection, []), scoreCandidate(incumbent, selection, [])).order > 0;
  }

  #invalidate(domain: Domain, key: string): void {
    this.#winnerByKey.delete(keyId(domain, key));
    this.#notify(domain, key);
  }

  #notify(domain: Domain, key: string): void {
    for (const listener of this.#keyListeners) {
      listener(domain, key);
    }
  }

  #domainSelections(domain: Domain): Map<string, string> {
    let selections = this.#selectionsByDomain.get(domain);
    if (selections === undefined) {
      selections = new Map();
      this.#selectionsByDomain.set(domain, selections);
    }
    return selections;
  }

  #checkDomain(domain: Domain): Domain {
    if (!isDomain(domain)) {
      throw new ResolutionError(ResolutionErrorKind.unknownDomain, `Unknown domain ${JSON.stringify(domain)}`, { domain: String(domain) });
    }
    return domain;
  }
}
