/** The settings sections the runtime owns (core's loader refuses sections it does not know). */
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { FleetSettings } from './fleetSettings.js';
import { PluginSettings } from './pluginSettings.js';
import { RuntimeSettings } from './runtimeSettings.js';
import { SecretsSettings } from './secretsSettings.js';

/**
 * The names of the sections read by the runtime rather than by core.
 * @category Configuration
 */
export const RUNTIME_SECTION_NAMES = ['runtime', 'plugins', 'secrets', 'fleet', 'remote', 'profile', 'profiles'] as const;

/**
 * `runtime`, `plugins`, `secrets` and `fleet`, validated together.
 * @category Configuration
 */
export class RuntimeSections {
  /** The runtime process. */
  @IsObject()
  @ValidateNested()
  @Type(() => RuntimeSettings)
  public runtime = new RuntimeSettings();

  /** Plugin discovery. */
  @IsObject()
  @ValidateNested()
  @Type(() => PluginSettings)
  public plugins = new PluginSettings();

  /** The secrets hook. */
  @IsObject()
  @ValidateNested()
  @Type(() => SecretsSettings)
  public secrets = new SecretsSettings();

  /** The fleet agent. */
  @IsObject()
  @ValidateNested()
  @Type(() => FleetSettings)
  public fleet = new FleetSettings();
}
