/** The runtime's logger, built from the `logging` settings: level, format and sinks. */
import path from 'node:path';
import type { LoggingSettings, OneiricLogger } from '@oneiric/core';
import winston from 'winston';
import { RotatingFileTransport } from './rotatingFileTransport.js';

/** Rotation size of the file sink when `logging.file_max_bytes` is unset: 10 MiB. */
export const DEFAULT_LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Files kept by the file sink when `logging.file_max_files` is unset. */
export const DEFAULT_LOG_FILE_MAX_FILES = 5;

type TransportStream = winston.transport;

// Longest wait for the file sink to reach the disk on close: a stuck disk must not hold shutdown.
const CLOSE_TIMEOUT_MS = 5_000;

/** The logging settings the runtime reads (`OneiricSettings.logging`). */
export type RuntimeLoggingSettings = Pick<LoggingSettings, 'level' | 'json' | 'sinks' | 'file_path' | 'file_max_bytes' | 'file_max_files'>;

/** Options of {@link createRuntimeLogger}. */
export interface RuntimeLoggerOptions {
  /** Directory a relative `logging.file_path` is resolved against (default: the working directory). */
  readonly cwd?: string;
  /** Fields added to every line. */
  readonly defaultMeta?: Record<string, unknown>;
}

/** A logger and the way to close its sinks. */
export interface RuntimeLogging {
  /** The winston logger; pass it to the application and the runtime's components. */
  readonly logger: OneiricLogger;
  /** Absolute path of the file sink, when there is one. */
  readonly file?: string;
  /** Flushes and closes every sink (the file is complete when it resolves); idempotent. */
  close(): Promise<void>;
}

function formatOf(json: boolean): winston.Logform.Format {
  return json
    ? winston.format.combine(winston.format.timestamp(), winston.format.json())
    : winston.format.combine(winston.format.timestamp(), winston.format.simple());
}

function transportsOf(settings: RuntimeLoggingSettings, file: string | undefined): TransportStream[] {
  const allLevels = Object.keys(winston.config.npm.levels);
  return (settings.sinks ?? ['stderr']).map((sink) => {
    if (sink === 'file') {
      return new RotatingFileTransport({
        file: file as string,
        maxBytes: settings.file_max_bytes ?? DEFAULT_LOG_FILE_MAX_BYTES,
        maxFiles: settings.file_max_files ?? DEFAULT_LOG_FILE_MAX_FILES,
      });
    }
    return new winston.transports.Console({ stderrLevels: sink === 'stderr' ? allLevels : [], consoleWarnLevels: [] });
  });
}

function finished(transport: TransportStream): Promise<void> {
  if (transport.writableFinished) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    transport.once('finish', () => resolve());
    transport.once('error', () => resolve());
  });
}

/**
 * Builds the runtime's winston logger from the `logging` settings: minimum `level`, JSON lines
 * or a short text format (`json`), and each sink of `sinks` (`stdout`, `stderr` — the default —
 * and `file`, 0600, rotated before it passes `file_max_bytes` to `file.1`, `file.2`...,
 * keeping `file_max_files` files in all).
 * @throws TypeError when `file` is a sink without `file_path` (settings validation refuses that first)
 */
export function createRuntimeLogger(settings: RuntimeLoggingSettings, options: RuntimeLoggerOptions = {}): RuntimeLogging {
  const hasFileSink = settings.sinks?.includes('file') ?? false;
  if (hasFileSink && settings.file_path === undefined) {
    throw new TypeError('logging.sinks has file but logging.file_path is unset');
  }
  const file = hasFileSink ? path.resolve(options.cwd ?? process.cwd(), settings.file_path as string) : undefined;
  const transports = transportsOf(settings, file);
  const logger = winston.createLogger({
    level: settings.level,
    format: formatOf(settings.json),
    defaultMeta: { component: 'oneiric', ...options.defaultMeta },
    transports,
  });
  let closing: Promise<void> | undefined;
  return {
    logger,
    ...(file === undefined ? {} : { file }),
    close(): Promise<void> {
      closing ??= (async (): Promise<void> => {
        const done = Promise.all(transports.map(finished));
        logger.end();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([done, new Promise<void>((resolve) => { timer = setTimeout(resolve, CLOSE_TIMEOUT_MS); })]);
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
