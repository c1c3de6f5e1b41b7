/** What a caller supplies to register a candidate; the registry fills in the rest. */
import type { CandidateSource } from './candidateSource.js';
import type { ProviderFactory } from './providerFactory.js';

/**
 * A candidate before registration: no sequence or timestamp yet, optional tiers.
 * @category Models
 */
export interface CandidateInput {
  /** Domain name; validated at registration. */
  readonly domain: string;
  /** Key name; validated at registration. */
  readonly key: string;
  /** Provider name; validated at registration. */
  readonly provider: string;
  /** Explicit priority; when absent the registering package's inferred priority, then 0. */
  readonly priority?: number;
  /** Stack level; 0 when absent. */
  readonly stackLevel?: number;
  /** Capability names. */
  readonly capabilities?: readonly string[];
  /** Origin; `local` when absent. */
  readonly source?: CandidateSource;
  /** How to build the instance. */
  readonly factory: ProviderFactory;
  /** Settings class for the provider. */
  readonly settingsClass?: new () => object;
  /** One-line description. */
  readonly description?: string;
  /** Name of the registering package. */
  readonly packageName?: string;
  /** Free-form metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Name used in error messages (the decorated class's name). */
  readonly displayName?: string;
}
