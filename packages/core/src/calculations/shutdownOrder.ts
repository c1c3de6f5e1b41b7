/** In which order live instances are shut down: dependents before what they depend on (a pure calculation). */

/** One live instance as {@link shutdownOrder} sees it. */
export interface ShutdownEntry {
  /** Its key's id. */
  readonly id: string;
  /** Order of activation across the application (higher is later). */
  readonly activationOrder: number;
  /** Ids of the keys whose live references it holds. */
  readonly dependsOn: readonly string[];
}

/**
 * The ids of `entries` in shutdown order: each entry comes before every entry it depends on, so
 * a service is cleaned up while the adapters it injects still work, whatever order they were
 * activated in (a swap re-activates an adapter after its dependents). Among entries free to go,
 * the latest activated goes first; a dependency cycle is broken the same way. Dependencies on ids
 * not among `entries` (nothing live) are ignored.
 */
export function shutdownOrder(entries: readonly ShutdownEntry[]): string[] {
  const remaining = new Map(entries.map((entry) => [entry.id, entry]));
  const order: string[] = [];
  while (remaining.size > 0) {
    // Held by no remaining entry: nothing still running needs it.
    const free = [...remaining.values()].filter((candidate) =>
      ![...remaining.values()].some((other) => other.id !== candidate.id && other.dependsOn.includes(candidate.id)));
    const pool = free.length > 0 ? free : [...remaining.values()];
    const next = pool.reduce((latest, entry) => (entry.activationOrder > latest.activationOrder ? entry : latest));
    order.push(next.id);
    remaining.delete(next.id);
  }
  return order;
}
