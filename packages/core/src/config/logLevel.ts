// The log levels the settings accept: winston's npm levels, which the core logger uses.

/**
 * Accepted values of `logging.level`, most severe first.
 * @category Configuration
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

/**
 * A log level name.
 * @category Configuration
 */
export type LogLevel = (typeof LOG_LEVELS)[number];
