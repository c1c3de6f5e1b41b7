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

/**
 * The logging settings the runtime reads (`OneiricSettings.logging`).
 * @category Logging and metrics
 */
export type RuntimeLoggingSettings = Pick<LoggingSettings, 'level' | 'json' | 'sinks' | 'file_path' | 'file_max_bytes' | 'file_max_files'>;

/**
 * Options of {@link createRuntimeLogger}.
 * @category Logging and metrics
 */
export interface RuntimeLoggerOptions {
  /** Directory a relative `logging.file_path` is resolved against (default: the working directory). */
  readonly cwd?: string;
  /** Fields added to every line. */
  readonly defaultMeta?: Record<string, unknown>;
  /** The streams of the `stdout` and `stderr` sinks (default: the process's own; never ended). */
  readonly streams?: { readonly stdout?: NodeJS.WritableStream; readonly stderr?: NodeJS.WritableStream };
}

/**
 * A logger and the way to close its sinks.
 * @category Logging and metrics
 */
export interface RuntimeLogging {
  /** The winston logger; pass it to the application and the runtime's components. */
  readonly logger: OneiricLogger;
  /** Absolute path of the file sink, when there is one. */
  readonly file?: string;
  /**
   * Flushes and closes every sink: the file is complete, and stdout/stderr have taken every line
   * (so exiting next loses none), when it resolves; bounded to 5 s. Idempotent.
   */
  close(): Promise<void>;
}

function formatOf(json: boolean): winston.Logform.Format {
  return json
    ? winston.format.combine(winston.format.timestamp(), winston.format.json())
    : winston.format.combine(winston.format.timestamp(), winston.format.simple());
}

function streamOf(sink: 'stdout' | 'stderr', streams: RuntimeLoggerOptions['streams']): NodeJS.WritableStream {
  return sink === 'stdout' ? streams?.stdout ?? process.stdout : streams?.stderr ?? process.stderr;
}

function transportsOf(settings: RuntimeLoggingSettings, file: string | undefined, streams: RuntimeLoggerOptions['streams']): TransportStream[] {
  return (settings.sinks ?? ['stderr']).map((sink) => {
    if (sink === 'file') {
      return new RotatingFileTransport({
        file: file as string,
        maxBytes: settings.file_max_bytes ?? DEFAULT_LOG_FILE_MAX_BYTES,
        maxFiles: settings.file_max_files ?? DEFAULT_LOG_FILE_MAX_FILES,
      });
    }
    // A Stream transport writes to the stream given and never ends it: the process's streams outlive the logger.
    return new winston.transports.Stream({ stream: streamOf(sink, streams), eol: '\n' });
  });
}

// Lines still buffered for a pipe are lost if the process exits now: wait until the stream took them.
function drained(stream: NodeJS.WritableStream): Promise<void> {
  const writable = stream as NodeJS.WritableStream & { writableNeedDrain?: boolean };
  if (writable.writableNeedDrain !== true) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    stream.once('drain', () => resolve());
    stream.once('error', () => resolve());
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
 * @category Logging and metrics
 */
export function createRuntimeLogger(settings: RuntimeLoggingSettings, options: RuntimeLoggerOptions = {}): RuntimeLogging {
  const hasFileSink = settings.sinks?.includes('file') ?? false;
  if (hasFileSink && settings.file_path === undefined) {
    throw new TypeError('logging.sinks has file but logging.file_path is unset');
  }
  const file = hasFileSink ? path.resolve(options.cwd ?? process.cwd(), settings.file_path as string) : undefined;
  const transports = transportsOf(settings, file, options.streams);
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
        const streams = (settings.sinks ?? ['stderr']).filter((sink) => sink !== 'file').map((sink) => streamOf(sink as 'stdout' | 'stderr', options.streams));
        const done = Promise.all(transports.map(finished)).then(() => Promise.all(streams.map(drained)));
        logger.end();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([done, new Promise<void>((resolve) => { timer = setTimeout(resolve, CLOSE_TIMEOUT_MS); })]);
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
