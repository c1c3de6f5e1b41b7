/** Stores candidates per domain/key; registering the same identity again replaces it. */
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import { inferPackagePriority } from '../calculations/inferPackagePriority.js';
import { validateCandidateInput, type ValidatedCandidate } from '../calculations/validateCandidateInput.js';
import type { Candidate } from '../models/candidate.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { CandidateSource } from '../models/candidateSource.js';
import type { Domain } from '../models/domain.js';
import type { RegistryChange } from '../models/registryChange.js';

/** Listener of registry changes. */
export type RegistryListener = (change: RegistryChange) => void;

/** Identifier of a domain/key pair, used as a map key. */
export function keyId(domain: string, key: string): string {
  return `${domain}\u0000${key}`;
}

function identityOf(provider: string, source: CandidateSource): string {
  return `${provider}\u0000${source}`;
}

/**
 * The candidates of every key. Registration is O(1); a candidate's identity is
 * domain/key/provider/source, and registering an identity again replaces the old entry (with a
 * new registration sequence) instead of adding a duplicate.
 */
export class CandidateRegistry {
  // Insertion order of the inner map is registration order, which listing relies on.
  readonly #candidatesByKey = new Map<string, Map<string, Candidate>>();
  readonly #keysByDomain = new Map<Domain, Set<string>>();
  readonly #listeners = new Set<RegistryListener>();
  #sequence = 0;

  /**
   * Validates and registers a candidate.
   * @param input - the candidate
   * @param inferredPriority - priority for a candidate that declares none (from its package)
   * @returns the stored candidate
   * @throws RegistrationError when the input is malformed; nothing is stored then
   */
  public register(input: CandidateInput, inferredPriority = 0): Candidate {
    return this.#store(validateCandidateInput(input, inferredPriority));
  }

  /**
   * Registers several candidates, all or nothing: every input is validated before any is
   * stored, and each is validated once.
   * @throws RegistrationError for the first bad input; nothing is stored then
   */
  public registerAll(inputs: readonly CandidateInput[], inferredPriority = 0): Candidate[] {
    const validated = inputs.map((input) => validateCandidateInput(input, inferredPriority));
    return validated.map((entry) => this.#store(entry));
  }

  #store(validated: ValidatedCandidate): Candidate {
    this.#sequence += 1;
    // `validated` is always a fresh object of validateCandidateInput's: completing it in place
    // keeps its shape, where copying it by spread cost several microseconds per candidate.
    const candidate: Candidate = Object.freeze(Object.assign(validated, {
      sequence: this.#sequence,
      registeredAt: new Date().toISOString(),
    }));
    const id = keyId(candidate.domain, candidate.key);
    let candidates = this.#candidatesByKey.get(id);
    if (candidates === undefined) {
      candidates = new Map();
      this.#candidatesByKey.set(id, candidates);
      this.#domainKeys(candidate.domain).add(candidate.key);
    }
    const identity = identityOf(candidate.provider, candidate.source);
    const previous = candidates.get(identity);
    // Delete first so the replacement moves to the end, matching its new sequence.
    candidates.delete(identity);
    candidates.set(identity, candidate);
    this.#emit(previous === undefined ? { type: 'added', candidate } : { type: 'replaced', candidate, previous });
    return candidate;
  }

  /**
   * Registers candidates on behalf of a package: those without their own priority get the
   * package's priority (explicit, else from the stack order, else 0) and record the package name.
   */
  public registerPackage(
    packageName: string,
    inputs: readonly CandidateInput[],
    explicitPriority: number | undefined,
    stackOrder: ReadonlyMap<string, number>,
  ): Candidate[] {
    // Any non-blank name without control characters: it is a label and a stack-order lookup key, never a path.
    if (typeof packageName !== 'string' || packageName.trim() === '' || packageName.length > 214 || /[\u0000-\u001f]/.test(packageName)) {
      throw new RegistrationError(RegistrationErrorKind.invalidPackage, `package name ${JSON.stringify(String(packageName))} must be 1-214 printable characters`, {});
    }
    const priority = inferPackagePriority(packageName, explicitPriority, stackOrder);
    return this.registerAll(inputs.map((input) => ({ ...input, packageName, source: input.source ?? 'package' })), priority);
  }

  /**
   * Removes a provider's candidates from a key.
   * @param source - remove only the candidate from this source; every source when absent
   * @returns the removed candidates
   */
  public unregister(domain: Domain, key: string, provider: string, source?: CandidateSource): Candidate[] {
    const id = keyId(domain, key);
    const candidates = this.#candidatesByKey.get(id);
    if (candidates === undefined) {
      return [];
    }
    const removed: Candidate[] = [];
    for (const [identity, candidate] of candidates) {
      if (candidate.provider === provider && (source === undefined || candidate.source === source)) {
        candidates.delete(identity);
        removed.push(candidate);
      }
    }
    if (candidates.size === 0) {
      this.#candidatesByKey.delete(id);
      this.#keysByDomain.get(domain)?.delete(key);
    }
    for (const candidate of removed) {
      this.#emit({ type: 'removed', candidate });
    }
    return removed;
  }

  /** The key's candidates in registration order (a live view: do not keep it across changes). */
  public candidates(domain: Domain, key: string): Iterable<Candidate> {
    return this.#candidatesByKey.get(keyId(domain, key))?.values() ?? [];
  }

  /** The key's candidates in registration order, as a new array. */
  public list(domain: Domain, key: string): Candidate[] {
    return [...this.candidates(domain, key)];
  }

  /** Number of candidates of a key. */
  public count(domain: Domain, key: string): number {
    return this.#candidatesByKey.get(keyId(domain, key))?.size ?? 0;
  }

  /** Keys of a domain that have candidates, in order of first registration. */
  public keys(domain: Domain): string[] {
    return [...(this.#keysByDomain.get(domain) ?? [])];
  }

  /** Subscribes to changes; returns the function that unsubscribes. */
  public onChange(listener: RegistryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #domainKeys(domain: Domain): Set<string> {
    let keys = this.#keysByDomain.get(domain);
    if (keys === undefined) {
      keys = new Set();
      this.#keysByDomain.set(domain, keys);
    }
    return keys;
  }

  #emit(change: RegistryChange): void {
    for (const listener of this.#listeners) {
      listener(change);
    }
  }
}
