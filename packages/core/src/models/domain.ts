/** The six domains a key can live in. */

/** Every domain, in the order the CLI lists them. */
export const DOMAINS = ['adapter', 'service', 'task', 'event', 'workflow', 'action'] as const;

/** A domain: the kind of role a key names. */
export type Domain = (typeof DOMAINS)[number];

/** True when `value` names a domain (exact, lower-case). */
export function isDomain(value: unknown): value is Domain {
  return typeof value === 'string' && (DOMAINS as readonly string[]).includes(value);
}
