// The root of Oneiric's settings: every section, with the built-in defaults as field initialisers.
import { IsNotEmpty, IsString } from 'class-validator';
import { AppSettings } from './appSettings.js';
import { LayerSettings } from './layerSettings.js';
import { LifecycleSettings } from './lifecycleSettings.js';
import { LoggingSettings } from './loggingSettings.js';
import { SettingsSection } from './settingsSection.js';

// Both decorators share the message so a bad value gets one complaint, not two.
const NON_EMPTY_STRING = 'must be a non-empty string';

/**
 * Validated settings. Field names are snake_case because they mirror the settings files and the
 * `ONEIRIC_SECTION__FIELD` environment variables exactly. Build instances with `loadSettings`,
 * `parseSettings` or `defaultSettings`; `new OneiricSettings()` gives the defaults unvalidated.
 * @category Configuration
 */
export class OneiricSettings {
  /** Directory of the settings files, relative to the working directory. */
  @IsString({ message: NON_EMPTY_STRING })
  @IsNotEmpty({ message: NON_EMPTY_STRING })
  public config_dir = 'settings';

  /** Directory for cached data. */
  @IsString({ message: NON_EMPTY_STRING })
  @IsNotEmpty({ message: NON_EMPTY_STRING })
  public cache_dir = '.oneiric_cache';

  /** Application identity. */
  @SettingsSection(() => AppSettings)
  public app = new AppSettings();

  /** Logger configuration. */
  @SettingsSection(() => LoggingSettings)
  public logging = new LoggingSettings();

  /** Lifecycle time limits. */
  @SettingsSection(() => LifecycleSettings)
  public lifecycle = new LifecycleSettings();

  /** Selections and settings of adapters (domain `adapter`). */
  @SettingsSection(() => LayerSettings)
  public adapters = new LayerSettings();

  /** Selections and settings of services (domain `service`). */
  @SettingsSection(() => LayerSettings)
  public services = new LayerSettings();

  /** Selections and settings of tasks (domain `task`). */
  @SettingsSection(() => LayerSettings)
  public tasks = new LayerSettings();

  /** Selections and settings of event handlers (domain `event`). */
  @SettingsSection(() => LayerSettings)
  public events = new LayerSettings();

  /** Selections and settings of workflows (domain `workflow`). */
  @SettingsSection(() => LayerSettings)
  public workflows = new LayerSettings();

  /** Selections and settings of actions (domain `action`). */
  @SettingsSection(() => LayerSettings)
  public actions = new LayerSettings();
}
