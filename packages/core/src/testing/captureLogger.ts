// Test helper: an Oneiric logger whose JSON lines are captured in memory through a PassThrough stream.
import { PassThrough } from 'node:stream';
import winston from 'winston';
import { createLogger, type OneiricLogger } from '../logging/createLogger.js';

/**
 * Builds a logger with {@link createLogger}, replaces its transports with a single stream
 * transport writing into memory, and exposes what was written as parsed JSON lines.
 *
 * @param level - The minimum level to log; `debug` by default.
 * @returns The logger, and `lines()`, which parses every line written so far.
 */
export function captureLogger(level = 'debug'): { logger: OneiricLogger; lines: () => Array<Record<string, unknown>> } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const logger = createLogger({ level });
  logger.clear().add(new winston.transports.Stream({ stream }));
  return {
    logger,
    lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
