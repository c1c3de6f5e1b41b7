// The `logging` section of the settings: how much is logged, in which format, and where to.
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Max, Min, ValidateIf } from 'class-validator';
import { CoerceBoolean } from './coerceBoolean.js';
import { CoerceInteger } from './coerceInteger.js';
import { LOG_LEVELS, type LogLevel } from './logLevel.js';

/**
 * Where log lines can go: the standard streams, or a file rotated by size.
 * @category Configuration
 */
export const LOG_SINKS = ['stdout', 'stderr', 'file'] as const;

/**
 * One of {@link LOG_SINKS}.
 * @category Configuration
 */
export type LogSink = (typeof LOG_SINKS)[number];

/**
 * Logger configuration. The sink fields are unset by default (the runtime then logs to stderr,
 * and a file sink rotates at 10 MiB keeping 5 files); only `oneiric start`/`orchestrate` (the
 * runtime) honours them, a plain application keeps its own logger.
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

  /**
   * Where lines go: any of `stdout`, `stderr`, `file` (a comma list from the environment,
   * `ONEIRIC_LOGGING__SINKS=stderr,file`). Unset: `stderr`. `file` needs `file_path`.
   */
  // Unset rather than defaulted, so existing settings and their dumps stay as they were.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean) : value), { toClassOnly: true })
  @ValidateIf((settings: LoggingSettings) => settings.sinks !== undefined)
  @IsArray({ message: 'must be a list' })
  @ArrayNotEmpty({ message: 'must name at least one sink' })
  @ArrayUnique({ message: 'must not name a sink twice' })
  @IsIn(LOG_SINKS, { each: true, message: `entries must be one of ${LOG_SINKS.join(', ')}` })
  public sinks: LogSink[] | undefined = undefined;

  /** The log file of the `file` sink, relative to the working directory; required with that sink. */
  @ValidateIf((settings: LoggingSettings) => settings.file_path !== undefined || (settings.sinks?.includes('file') ?? false))
  @IsString({ message: 'must be a non-empty path (the file sink needs one)' })
  @IsNotEmpty({ message: 'must be a non-empty path (the file sink needs one)' })
  public file_path: string | undefined = undefined;

  /** Size at which the log file is rotated, in bytes (unset: 10 MiB; at least 1 KiB). */
  @CoerceInteger()
  @ValidateIf((settings: LoggingSettings) => settings.file_max_bytes !== undefined)
  @IsInt({ message: 'must be an integer number of bytes' })
  @Min(1024, { message: 'must be at least 1024 bytes' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'must be a safe integer' })
  public file_max_bytes: number | undefined = undefined;

  /** How many log files are kept, the current one included (unset: 5). */
  @CoerceInteger()
  @ValidateIf((settings: LoggingSettings) => settings.file_max_files !== undefined)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 1000' })
  @Max(1000, { message: 'must be between 1 and 1000' })
  public file_max_files: number | undefined = undefined;
}
