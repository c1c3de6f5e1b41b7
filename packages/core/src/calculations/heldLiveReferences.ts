/** Which keys an instance depends on, as far as its own fields show: the live references it holds (a pure calculation). */
import { liveReferenceLabel } from '../container/liveReference.js';

/**
 * The `domain:key` labels of the live references held in `instance`'s own fields (constructor
 * parameter properties and injected properties land there), without calling any getter. A
 * reference kept only in a closure or a `#private` field is not seen; the shutdown order then
 * falls back to activation order for that instance.
 */
export function heldLiveReferences(instance: object): string[] {
  const labels = new Set<string>();
  for (const property of Reflect.ownKeys(instance)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(instance, property);
    const label = descriptor !== undefined && 'value' in descriptor ? liveReferenceLabel(descriptor.value) : undefined;
    if (label !== undefined) {
      labels.add(label);
    }
  }
  return [...labels];
}
