/** The brand every Oneiric error carries, shared by every copy of the package in a process. */

// Symbol.for: two copies of @oneiric/core (a plugin bundling its own) share the registry entry,
// so an error thrown by one copy is recognised by the other, where `instanceof` fails.
/** The `Symbol.for('oneiric.error')` brand property key. */
export const ONEIRIC_ERROR_BRAND: unique symbol = Symbol.for('oneiric.error');
