/** The `plugins` settings section: which of the application's dependencies are loaded as plugins. */
import { IsArray, IsBoolean, IsString } from 'class-validator';

/**
 * Plugin discovery among the application's dependencies (packages with an `oneiric` field).
 * @category Configuration
 */
export class PluginSettings {
  /** Load every dependency whose package.json declares an `oneiric` providers module. */
  @IsBoolean()
  public auto_load = false;

  /** Load only these packages (when non-empty, even with `auto_load` off). */
  @IsArray()
  @IsString({ each: true })
  public packages: string[] = [];
}
