/** The six domains a key can live in. */

/**
 * Every domain, in the order the CLI lists them.
 * @category Models
 */
export const DOMAINS = ['adapter', 'service', 'task', 'event', 'workflow', 'action'] as const;

/**
 * A domain: the kind of role a key names.
 * @category Models
 */
export type Domain = (typeof DOMAINS)[number];

/**
 * True when `value` names a domain (exact, lower-case).
 * @category Models
 */
export function isDomain(value: unknown): value is Domain {
  return typeof value === 'string' && (DOMAINS as readonly string[]).includes(value);
}
