/** Separates the sections the runtime reads from those core validates (a pure calculation). */
import { RUNTIME_SECTION_NAMES } from './runtimeSections.js';

/**
 * One settings mapping, cut in two.
 * @category Configuration
 */
export interface SplitSections {
  /** `runtime`, `plugins`, `secrets`, `remote`, `profile`, `profiles`. */
  readonly runtimeOwned: Record<string, unknown>;
  /** Everything else, for core's validation. */
  readonly core: Record<string, unknown>;
}

const RUNTIME_OWNED: ReadonlySet<string> = new Set(RUNTIME_SECTION_NAMES);

/**
 * Cuts `values` into the runtime's sections and core's.
 * @category Configuration
 */
export function splitSections(values: Readonly<Record<string, unknown>>): SplitSections {
  const runtimeOwned: Record<string, unknown> = {};
  const core: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    Object.defineProperty(RUNTIME_OWNED.has(name) ? runtimeOwned : core, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { runtimeOwned, core };
}
