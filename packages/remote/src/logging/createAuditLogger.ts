/** Builds the audit logger: a winston logger of its own for security decisions, one JSON line each. */
import winston from 'winston';

/**
 * Options of {@link createAuditLogger}.
 * @category Audit
 */
export interface CreateAuditLoggerOptions {
  /** Also append to this file. */
  readonly file?: string;
  /** Write nothing to stderr (the file, when given, still receives every line). */
  readonly quiet?: boolean;
}

/**
 * A winston logger, separate from the application's, so security decisions can go to their
 * own file and be kept longer. Lines are JSON with `component: 'oneiric-audit'`, the `event`
 * (`signature.accepted`, `digest.mismatch`, ...), the `decision` and its `reason`. Callers never
 * pass secrets (auth headers, keys) to it.
 * @category Audit
 */
export function createAuditLogger(options: CreateAuditLoggerOptions = {}): winston.Logger {
  const transports: winston.transport[] = [];
  if (options.quiet !== true) {
    transports.push(new winston.transports.Console({ stderrLevels: Object.keys(winston.config.npm.levels) }));
  }
  if (options.file !== undefined) {
    transports.push(new winston.transports.File({ filename: options.file, options: { flags: 'a', mode: 0o600 } }));
  }
  return winston.createLogger({
    level: 'info',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    defaultMeta: { component: 'oneiric-audit' },
    silent: transports.length === 0,
    transports: transports.length === 0 ? [new winston.transports.Console({ silent: true })] : transports,
  });
}
