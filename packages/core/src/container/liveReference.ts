/** A stand-in for a key's instance that forwards every operation to the key's current instance. */
import { admissionRefusal } from '../calculations/admissionRefusal.js';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import type { ActiveInstance, LiveSlot } from '../models/activeInstance.js';
import type { AdmissionCell } from '../models/admissionState.js';

const LIVE_TARGET = Symbol.for('oneiric:live-reference-target');
const LIVE_LABEL = Symbol.for('oneiric:live-reference-label');

/**
 * Returns the instance a live reference reaches now (or the value itself when it is not one).
 * @category Keys
 */
export function currentTarget<T>(value: T): T {
  if (isLiveReference(value)) {
    return (value as Record<symbol, unknown>)[LIVE_TARGET] as T;
  }
  return value;
}

/**
 * True when `value` is a live reference.
 * @category Keys
 */
export function isLiveReference(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[LIVE_LABEL] !== undefined;
}

/** The `domain:key` a live reference stands for, or undefined when `value` is not one (for the lifecycle's shutdown order). */
export function liveReferenceLabel(value: unknown): string | undefined {
  if (!isLiveReference(value)) {
    return undefined;
  }
  return String((value as Record<symbol, unknown>)[LIVE_LABEL]);
}

function activeOf(slot: LiveSlot): ActiveInstance {
  const active = slot.active;
  if (active === undefined) {
    const [domain, key] = slot.label.split(':', 2);
    throw new ResolutionError(ResolutionErrorKind.notBound, `${slot.label} has no live instance (not activated, or closed)`, {
      ...(domain === undefined ? {} : { domain }),
      ...(key === undefined ? {} : { key }),
    });
  }
  return active;
}

function release(active: ActiveInstance): void {
  active.inFlight -= 1;
  if (active.inFlight === 0 && active.onIdle !== undefined) {
    active.onIdle();
  }
}

const AsyncFunction = (async () => undefined).constructor;

// The admission of a slot made without one (outside an application): never refuses.
const ALWAYS_OPEN: AdmissionCell = Object.freeze({ domain: 'adapter', key: '', state: 'open', note: null, changedAt: new Date(0).toISOString() }) as AdmissionCell;

// Wraps a method so the call counts as in flight on this instance until it (or its promise)
// settles, so the key's admission (paused, draining) and a guard (circuit breaker) can refuse
// it, and so the guard counts its outcome.
function trackedMethod(slot: LiveSlot, active: ActiveInstance, method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const instance = active.instance;
  const guard = active.guard;
  // A slot's cell is the same object for the key's whole life: looked up once, not per call.
  const admission = slot.admission ?? ALWAYS_OPEN;
  const isAsync = method instanceof AsyncFunction;
  // Created once per method, not per call: this is the hot path of every call through a reference.
  const onSettled = (): void => {
    release(active);
  };
  // Keep the method's calling convention: async methods reject, others throw.
  const refuse = (error: Error): unknown => {
    if (isAsync) {
      return Promise.reject(error);
    }
    throw error;
  };
  return function tracked(this: unknown): unknown {
    if (active.retired) {
      // A method read off the reference before a swap, called after its instance was cleaned up.
      return refuse(new ResolutionError(ResolutionErrorKind.notBound, `${active.candidate.domain}:${active.candidate.key} (${active.candidate.provider}) was retired by a swap; read methods from the live reference when calling them`, {
        domain: active.candidate.domain, key: active.candidate.key, provider: active.candidate.provider,
      }));
    }
    // The state is read at call time, not when the method was read: a method taken off the
    // reference before a pause is refused after it, like one called through the reference.
    if (admission.state !== 'open') {
      return refuse(admissionRefusal(admission.domain, admission.key, admission.state, admission.note)!);
    }
    if (guard !== undefined) {
      const refusal = guard.refusal();
      if (refusal !== undefined) {
        return refuse(refusal);
      }
    }
    active.inFlight += 1;
    let result: unknown;
    try {
      // `arguments` avoids allocating a rest array on every call.
      // eslint-disable-next-line prefer-rest-params
      result = method.apply(instance, arguments as unknown as unknown[]);
    } catch (error) {
      release(active);
      throw error;
    }
    // Only native promises are followed. Other thenables (query builders) are returned as they
    // are: calling their `then` here would run them early and change what the caller gets.
    if (!(result instanceof Promise)) {
      release(active);
      return result;
    }
    // The call stays in flight until the method's own promise settles (even when a guard gives
    // up on it earlier, at its call timeout): a drain must not clean up under a running call.
    // The release is a side reaction registered before the caller's, so it runs first, and the
    // caller gets the method's own promise: no extra promise hop on every call.
    result.then(onSettled, onSettled);
    return guard === undefined ? result : guard.settle(result);
  };
}

/**
 * Builds a live reference over a slot: a Proxy whose property reads, writes, `in`, `instanceof`
 * and key listing go to the slot's current instance at each access. Methods come back bound to
 * that instance (so `this` and private `#fields` work inside them) and each call counts as in
 * flight until it, or the native promise it returns, settles: a swap drains those calls before
 * it cleans the old instance up. Limits:
 * - code outside the class cannot read `#fields` through the reference (use {@link currentTarget});
 * - a method read off the reference stays bound to the instance current at read time, and is
 *   refused (`ResolutionError` `notBound`) once a swap retired that instance;
 * - while the key is paused or draining (its slot's admission), every new call is refused
 *   with an `AdmissionError` (rejected for async methods, thrown otherwise); calls already
 *   running go on; reading and writing plain properties is not a call and is not refused;
 * - only native promises are followed: another thenable (a query builder) is returned untouched
 *   and its work is not drained; iterators and async generators are not followed either, so
 *   iterate over something obtained from `currentTarget(ref)` if it must survive a swap;
 * - a circuit breaker counts the outcomes of async methods only;
 * - a live reference is never a thenable (`then` reads as undefined, so `await ref` gives the
 *   reference back).
 */
export function createLiveReference<T extends object>(slot: LiveSlot): T {
  const trackedFor = (active: ActiveInstance, property: PropertyKey, method: unknown): unknown => {
    const cached = active.trackedMethods.get(property);
    if (cached !== undefined && cached.original === method) {
      return cached.tracked;
    }
    const tracked = trackedMethod(slot, active, method as (...args: unknown[]) => unknown);
    active.trackedMethods.set(property, { original: method, tracked });
    return tracked;
  };
  const handler: ProxyHandler<object> = {
    get(_target, property) {
      const active = slot.active;
      // Fast path for the common case: a string property of a live instance.
      if (active !== undefined && typeof property === 'string' && property !== 'then') {
        const value: unknown = (active.instance as Record<string, unknown>)[property];
        // `constructor` is the class itself, not a call: never wrap it.
        return typeof value === 'function' && property !== 'constructor' ? trackedFor(active, property, value) : value;
      }
      if (property === LIVE_LABEL) {
        return slot.label;
      }
      // Never a thenable: `await ref` and Inversify's promise check must not touch the target.
      if (property === 'then') {
        return undefined;
      }
      const current = activeOf(slot);
      if (property === LIVE_TARGET) {
        return current.instance;
      }
      const value: unknown = Reflect.get(current.instance, property, current.instance);
      return typeof value === 'function' && property !== 'constructor' ? trackedFor(current, property, value) : value;
    },
    set(_target, property, value) {
      const instance = activeOf(slot).instance;
      return Reflect.set(instance, property, value, instance);
    },
    has(_target, property) {
      return property === LIVE_LABEL || property === LIVE_TARGET || Reflect.has(activeOf(slot).instance, property);
    },
    deleteProperty(_target, property) {
      return Reflect.deleteProperty(activeOf(slot).instance, property);
    },
    ownKeys() {
      return Reflect.ownKeys(activeOf(slot).instance);
    },
    getOwnPropertyDescriptor(_target, property) {
      const descriptor = Reflect.getOwnPropertyDescriptor(activeOf(slot).instance, property);
      // The proxy target is an empty object: reporting a non-configurable property would break a Proxy invariant.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    getPrototypeOf() {
      return Reflect.getPrototypeOf(activeOf(slot).instance);
    },
    defineProperty(_target, property, descriptor) {
      return Reflect.defineProperty(activeOf(slot).instance, property, descriptor);
    },
  };
  return new Proxy({}, handler) as T;
}
