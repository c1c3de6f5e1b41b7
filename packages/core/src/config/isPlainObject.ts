// Tells plain data mappings (what YAML, JSON and the environment produce) apart from everything else.

/** A mapping of settings as read from YAML, JSON or the environment. */
export type PlainObject = Record<string, unknown>;

/**
 * True for `{}`-style objects only. Deep merge recurses into these and nothing else: arrays,
 * dates (js-yaml turns unquoted timestamps into `Date`) and class instances are whole values that
 * a later layer replaces.
 */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
