/** A stand-in for a key's instance that forwards every operation to the key's current winner. */

const LIVE_TARGET = Symbol.for('oneiric:live-reference-target');
const LIVE_KEY = Symbol.for('oneiric:live-reference-key');

/** Returns the instance a live reference reaches now (or the value itself when it is not one). */
export function currentTarget<T>(value: T): T {
  if (isLiveReference(value)) {
    return (value as Record<symbol, unknown>)[LIVE_TARGET] as T;
  }
  return value;
}

/** True when `value` is a live reference. */
export function isLiveReference(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[LIVE_KEY] !== undefined;
}

/**
 * Builds a live reference: a Proxy whose property reads, writes, `in`, `instanceof` and key
 * listing go to `current()`, evaluated at each access. Methods come back bound to the current
 * instance, so `this` inside them is the real instance and its private `#fields` work; code
 * outside the class cannot read `#fields` through the reference (use {@link currentTarget}), and
 * a live reference is never a thenable: its `then` reads as undefined, so awaiting it gives it back.
 * @param label - `domain:key`, reported by `isLiveReference` and in messages
 * @param current - returns the current instance; throws when the key has none
 */
export function createLiveReference<T extends object>(label: string, current: () => T): T {
  // Bound methods are cached per instance so repeated calls do not allocate.
  const boundMethods = new WeakMap<object, Map<PropertyKey, unknown>>();
  const handler: ProxyHandler<object> = {
    get(_target, property) {
      if (property === LIVE_KEY) {
        return label;
      }
      // Never a thenable: `await ref` and Inversify's promise check must not touch the target.
      if (property === 'then') {
        return undefined;
      }
      const instance = current();
      if (property === LIVE_TARGET) {
        return instance;
      }
      const value: unknown = Reflect.get(instance, property, instance);
      if (typeof value !== 'function') {
        return value;
      }
      let methods = boundMethods.get(instance);
      if (methods === undefined) {
        methods = new Map();
        boundMethods.set(instance, methods);
      }
      const cached = methods.get(property);
      if (cached !== undefined && (cached as { original?: unknown }).original === value) {
        return cached;
      }
      const bound = Object.assign((value as (...args: unknown[]) => unknown).bind(instance), { original: value });
      methods.set(property, bound);
      return bound;
    },
    set(_target, property, value) {
      return Reflect.set(current(), property, value);
    },
    has(_target, property) {
      return property === LIVE_KEY || property === LIVE_TARGET || Reflect.has(current(), property);
    },
    deleteProperty(_target, property) {
      return Reflect.deleteProperty(current(), property);
    },
    ownKeys() {
      return Reflect.ownKeys(current());
    },
    getOwnPropertyDescriptor(_target, property) {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), property);
      // The proxy target is an empty object: reporting a non-configurable property would break a Proxy invariant.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    getPrototypeOf() {
      return Reflect.getPrototypeOf(current());
    },
    defineProperty(_target, property, descriptor) {
      return Reflect.defineProperty(current(), property, descriptor);
    },
  };
  return new Proxy({}, handler) as T;
}
