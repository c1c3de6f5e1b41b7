// One per-domain section of the settings (`adapters`, `services`, ...): selections and provider options.
import { isValidKey, isValidProvider } from '../calculations/validateCandidateInput.js';
import { isPlainObject } from './isPlainObject.js';
import { SettingsCheck, type SettingsProblem } from './settingsCheck.js';

// Provider settings and options often hold credentials, so problems there name the value's type, never the value.
function kindOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return isPlainObject(value) ? 'a mapping' : `a ${typeof value}`;
}

function notAMapping(value: unknown): SettingsProblem | undefined {
  return isPlainObject(value) ? undefined : { path: [], message: `must be a mapping (got ${kindOf(value)})` };
}

function findSelectionProblem(value: unknown): SettingsProblem | undefined {
  const shape = notAMapping(value);
  if (shape !== undefined || !isPlainObject(value)) {
    return shape;
  }
  for (const [key, provider] of Object.entries(value)) {
    if (!isValidKey(key)) {
      return {
        path: [key],
        message: 'is not a valid key: keys are 1-128 characters of [A-Za-z0-9_.:-], starting with a letter, digit or underscore, without ".."',
      };
    }
    if (!isValidProvider(provider)) {
      return {
        path: [key],
        message: 'must be a provider name: 1-64 characters of [A-Za-z0-9_.-], starting with a letter, digit or underscore, without ".."'
          + ` (got ${typeof provider === 'string' ? JSON.stringify(provider) : kindOf(provider)})`,
      };
    }
  }
  return undefined;
}

function findProviderSettingsProblem(value: unknown): SettingsProblem | undefined {
  const shape = notAMapping(value);
  if (shape !== undefined || !isPlainObject(value)) {
    return shape;
  }
  for (const [provider, settings] of Object.entries(value)) {
    if (!isPlainObject(settings)) {
      return { path: [provider], message: `must be a mapping of that provider's settings (got ${kindOf(settings)})` };
    }
  }
  return undefined;
}

/**
 * Settings of one domain. The three maps are open: their keys are not checked against a fixed
 * list (unknown keys are not errors), but selections must name valid keys and providers.
 * @category Configuration
 */
export class LayerSettings {
  /**
   * Key → provider chosen for it, e.g. `{ cache: 'redis' }`. These override every other
   * precedence rule. Keys follow the candidate key rules, providers the provider name rules.
   */
  @SettingsCheck('isSelectionMap', findSelectionProblem)
  public selections: Record<string, string> = {};

  /** Provider → its settings, passed to that provider; contents are the provider's business. */
  @SettingsCheck('isProviderSettingsMap', findProviderSettingsProblem)
  public provider_settings: Record<string, Record<string, unknown>> = {};

  /** Domain-wide options; contents are not interpreted here. */
  @SettingsCheck('isOptionsMap', notAMapping)
  public options: Record<string, unknown> = {};
}
