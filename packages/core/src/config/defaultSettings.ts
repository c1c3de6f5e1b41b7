// The built-in defaults, as a validated settings object.
import { OneiricSettings } from './oneiricSettings.js';
import { parseSettings } from './parseSettings.js';

/**
 * The settings in effect when no file or environment variable sets anything. Returns a fresh
 * object on each call, so a caller that modifies it cannot change anyone else's defaults.
 */
export function defaultSettings(): OneiricSettings {
  return parseSettings({}, 'defaults');
}
