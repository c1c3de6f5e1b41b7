// A winston logger whose JSON lines the tests read back, as the audit log's readers would.
import { Writable } from 'node:stream';
import winston from 'winston';

/** A logger and the lines it wrote, parsed. */
export interface CapturedLogger {
  readonly logger: winston.Logger;
  readonly lines: Record<string, unknown>[];
}

/** A JSON logger at `debug` level that keeps every line in `lines`. */
export function captureLogger(): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream: sink })] });
  return { logger, lines };
}
