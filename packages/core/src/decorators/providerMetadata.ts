/** The metadata a provider decorator attaches to a class, and how to read it back. */
import type { Domain } from '../models/domain.js';

/**
 * Options every provider decorator accepts.
 * @category Decorators
 */
export interface ProviderOptions {
  /** Tier 3 of precedence; when absent, the registering package's priority, else 0. */
  readonly priority?: number;
  /** Tier 4 of precedence; 0 when absent. */
  readonly stackLevel?: number;
  /** Capability names, matched by callers that request capabilities. */
  readonly capabilities?: readonly string[];
  /** Settings class validated against `<domain>s.provider_settings.<provider>`. */
  readonly settings?: new () => object;
  /** One-line human description, shown by `oneiric list`. */
  readonly description?: string;
  /** Free-form, JSON-serialisable metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** What a provider decorator records on a class. */
export interface ProviderMetadata extends ProviderOptions {
  /** The domain (as written; validated at registration). */
  readonly domain: Domain;
  /** The key (validated at registration). */
  readonly key: string;
  /** The provider name (validated at registration). */
  readonly provider: string;
}

const PROVIDER_METADATA = Symbol.for('oneiric:provider-metadata');

/** Records provider metadata on a class (used by the decorators; rarely needed directly). */
export function setProviderMetadata(target: object, metadata: ProviderMetadata): void {
  Reflect.defineMetadata(PROVIDER_METADATA, metadata, target);
}

/** Reads the provider metadata of a class, or undefined when it has none of its own. */
export function getProviderMetadata(target: object): ProviderMetadata | undefined {
  return Reflect.getOwnMetadata(PROVIDER_METADATA, target) as ProviderMetadata | undefined;
}
