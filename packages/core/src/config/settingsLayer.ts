// One source of settings (a file or the environment) before it is merged with the others.
import type { PlainObject } from './isPlainObject.js';

/** A layer of settings, merged over the layers below it. */
export interface SettingsLayer {
  /** How errors and `LoadedSettings.sources` name the layer: a file path or `environment`. */
  readonly source: string;
  /** The layer's values, nested like the settings file format. */
  readonly values: PlainObject;
  /**
   * The environment variable that set the value at `path` (a path this layer set). Only the
   * environment layer has one; it lets an error name the variable rather than just "environment".
   */
  readonly variableAt?: (path: readonly string[]) => string | undefined;
}
