// The `logging` section of the settings: how much the core logger writes and in which format.
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn } from 'class-validator';
import { CoerceBoolean } from './coerceBoolean.js';
import { LOG_LEVELS, type LogLevel } from './logLevel.js';

/**
 * Logger configuration.
 * @category Configuration
 */
export class LoggingSettings {
  /**
   * Minimum level written: one of `error`, `warn`, `info`, `http`, `verbose`, `debug`, `silly`.
   * Case and surrounding blanks are ignored, because `ONEIRIC_LOG_LEVEL=DEBUG` is a common habit.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value), { toClassOnly: true })
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  public level: LogLevel = 'warn';

  /** Write JSON lines (true) or a short human format (false). */
  @CoerceBoolean()
  @IsBoolean({ message: 'must be true or false' })
  public json = true;
}
