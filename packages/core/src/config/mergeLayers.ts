// Deep-merges settings layers (later wins) and remembers which layer last set each path.
import { isPlainObject, type PlainObject } from './isPlainObject.js';
import type { SettingsLayer } from './settingsLayer.js';
import type { ValueOrigin } from './valueOrigin.js';

/** The merged values, plus where each of them came from. */
export interface MergedSettings {
  /** The merged settings, nested like the file format. */
  readonly values: PlainObject;
  /**
   * The layer that last set `path` or the nearest enclosing path it set; `defaults` when no
   * layer touched it (the value then comes from the settings classes' defaults).
   */
  originOf(path: readonly string[]): ValueOrigin;
}

interface Ownership {
  readonly path: readonly string[];
  readonly layer: SettingsLayer;
}

function keyOf(path: readonly string[]): string {
  // JSON keeps paths distinct even when a map key itself contains dots.
  return JSON.stringify(path);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

// defineProperty, not assignment: a "__proto__" key from a file must stay an ordinary key (validation rejects it with a clear message) rather than swap the prototype.
function setOwn(target: PlainObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Deep-merges `layers`, the first lowest: mappings merge key by key at every depth; lists,
 * scalars and `null` replace whatever was below. Inputs are copied, never modified.
 * @param layers - layers in precedence order, lowest first
 * @returns the merged values and a lookup of the layer behind each path
 */
export function mergeLayers(layers: readonly SettingsLayer[]): MergedSettings {
  const merge = new OwnedMerge();
  const values: PlainObject = {};
  for (const layer of layers) {
    merge.mergeInto(values, layer.values, [], layer);
  }
  return { values, originOf: (path) => merge.originOf(path) };
}

// One merge, remembering which layer last wrote each path so originOf can name it.
class OwnedMerge {
  readonly #owners = new Map<string, Ownership>();

  public mergeInto(target: PlainObject, source: PlainObject, path: readonly string[], layer: SettingsLayer): void {
    for (const [key, value] of Object.entries(source)) {
      const childPath = [...path, key];
      const existing = Object.hasOwn(target, key) ? target[key] : undefined;
      if (isPlainObject(value) && isPlainObject(existing)) {
        this.#own(childPath, layer);
        this.mergeInto(existing, value, childPath, layer);
      } else {
        this.#disown(childPath);
        setOwn(target, key, this.#copy(value, childPath, layer));
      }
    }
  }

  public originOf(path: readonly string[]): ValueOrigin {
    for (let length = path.length; length > 0; length -= 1) {
      const ownership = this.#owners.get(keyOf(path.slice(0, length)));
      if (ownership !== undefined) {
        const variable = ownership.layer.variableAt?.(ownership.path);
        return variable === undefined ? { source: ownership.layer.source } : { source: ownership.layer.source, variable };
      }
    }
    return { source: 'defaults' };
  }

  #copy(value: unknown, path: readonly string[], layer: SettingsLayer): unknown {
    this.#own(path, layer);
    if (Array.isArray(value)) {
      return value.map((item: unknown, index) => this.#copy(item, [...path, String(index)], layer));
    }
    if (isPlainObject(value)) {
      const copied: PlainObject = {};
      for (const [key, item] of Object.entries(value)) {
        setOwn(copied, key, this.#copy(item, [...path, key], layer));
      }
      return copied;
    }
    return value;
  }

  #own(path: readonly string[], layer: SettingsLayer): void {
    this.#owners.set(keyOf(path), { path, layer });
  }

  // A replaced subtree's owners go: a lower layer must not be named for paths it no longer holds.
  #disown(path: readonly string[]): void {
    for (const [key, ownership] of this.#owners) {
      if (startsWith(ownership.path, path)) {
        this.#owners.delete(key);
      }
    }
  }
}
