// Validates settings that are already merged into one object (from code, a test, or another loader).
import { OneiricSettings } from './oneiricSettings.js';
import { validateSettings } from './validateSettings.js';

/**
 * Validates an already-merged settings object. Missing fields take their defaults; strings are
 * coerced where a field expects a number or boolean; unknown fields are errors.
 * @param plain - settings nested like the file format, e.g. `{ lifecycle: { health_timeout_ms: 200 } }`
 * @param origin - how errors name the object (a file path, `environment`, ...); `inline settings` when omitted
 * @returns the validated settings
 * @throws ConfigError (`invalidField`) naming `origin` and the dotted path of each bad field
 */
export function parseSettings(plain: unknown, origin = 'inline settings'): OneiricSettings {
  return validateSettings(plain, () => ({ source: origin }));
}
