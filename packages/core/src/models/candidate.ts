/** A registered provider of a key with all the metadata precedence looks at. */
import type { CandidateSource } from './candidateSource.js';
import type { Domain } from './domain.js';
import type { ProviderFactory } from './providerFactory.js';

/**
 * A provider registered for a domain/key; immutable once registered.
 * @category Models
 */
export interface Candidate {
  /** The domain of the key. */
  readonly domain: Domain;
  /** The role inside the domain (`cache`). */
  readonly key: string;
  /** The implementation's name (`redis`). */
  readonly provider: string;
  /** Tier 3 of precedence: higher wins. */
  readonly priority: number;
  /** Tier 4 of precedence: higher wins. */
  readonly stackLevel: number;
  /** Capability names, trimmed, de-duplicated, sorted. */
  readonly capabilities: readonly string[];
  /** Origin; with domain, key and provider it identifies the candidate. */
  readonly source: CandidateSource;
  /** Tier 5 of precedence: a global registration counter; later registrations win full ties. */
  readonly sequence: number;
  /** When the candidate was registered (ISO 8601, UTC). */
  readonly registeredAt: string;
  /** How to build the instance. */
  readonly factory: ProviderFactory;
  /** Class validated against `<domain>s.provider_settings.<provider>`, when the provider has settings. */
  readonly settingsClass?: new () => object;
  /** One-line human description. */
  readonly description?: string;
  /** Name of the package that registered it, when registered through `registerPackage`. */
  readonly packageName?: string;
  /** Free-form metadata, JSON-serialisable. */
  readonly metadata: Readonly<Record<string, unknown>>;
}
