/** Builds Oneiric's structured winston logger. */
import winston from 'winston';

/**
 * The logger type Oneiric accepts: any winston logger.
 * @category Logging
 */
export type OneiricLogger = winston.Logger;

/**
 * Options of {@link createLogger}.
 * @category Logging
 */
export interface CreateLoggerOptions {
  /** Minimum level; defaults to `ONEIRIC_LOG_LEVEL`, else `warn`. */
  readonly level?: string;
  /** Write JSON lines (true, the default) or a short human format. */
  readonly json?: boolean;
  /** Fields added to every line. */
  readonly defaultMeta?: Record<string, unknown>;
}

/**
 * A winston logger writing to stderr (stdout stays free for command output), one line per
 * event, with `domain`, `key` and `provider` as structured fields when the caller passes them.
 * @category Logging
 */
export function createLogger(options: CreateLoggerOptions = {}): OneiricLogger {
  const level = options.level ?? process.env['ONEIRIC_LOG_LEVEL'] ?? 'warn';
  const format = options.json === false
    ? winston.format.combine(winston.format.timestamp(), winston.format.simple())
    : winston.format.combine(winston.format.timestamp(), winston.format.json());
  return winston.createLogger({
    level,
    format,
    defaultMeta: { component: 'oneiric', ...options.defaultMeta },
    transports: [
      new winston.transports.Console({
        stderrLevels: Object.keys(winston.config.npm.levels),
      }),
    ],
  });
}

/**
 * A logger that drops everything; for tests and embedding.
 * @category Logging
 */
export function createSilentLogger(): OneiricLogger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
