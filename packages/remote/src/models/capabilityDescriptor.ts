/** A capability of a manifest entry described in full rather than by name only. */

/**
 * A named capability with optional description, event types, schema and security notes.
 * @category Models
 */
export interface CapabilityDescriptor {
  /** Capability name: what resolution matches on. */
  readonly name: string;
  /** One-line description. */
  readonly description?: string;
  /** Event types the capability emits or handles. */
  readonly eventTypes?: readonly string[];
  /** Schema of the payload. */
  readonly payloadSchema?: Readonly<Record<string, unknown>>;
  /** Security notes: classification, scopes, audience, ... */
  readonly security?: Readonly<Record<string, unknown>>;
  /** Free-form metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}
