/** A winston transport appending lines to a file that it rotates by size, losing none in a burst. */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import TransportStream from 'winston-transport';
import { rotationPlan } from './rotationPlan.js';

// winston's formatted line lives under this registered symbol (triple-beam's MESSAGE), not under `message`.
const MESSAGE = Symbol.for('message');

/** Options of {@link RotatingFileTransport}. */
export interface RotatingFileTransportOptions {
  /** The log file (absolute); its directory is created 0700 when missing. */
  readonly file: string;
  /** Size at which the file is rotated, in bytes. */
  readonly maxBytes: number;
  /** Files kept, the current one included (`file`, `file.1`, ... `file.<maxFiles-1>`). */
  readonly maxFiles: number;
  /** Minimum level of this sink (default: the logger's). */
  readonly level?: string;
}

/**
 * Appends each formatted line to `file` with a synchronous write, and before a line would take
 * the file past `maxBytes` renames it to `file.1` (shifting older ones, dropping the oldest).
 * winston's own File transport loses the lines logged before its stream opens when a rotation
 * is due, and lets a burst grow one file far past its size; a synchronous write keeps every
 * line, in order, within the size, at the cost of a system call per line. Files are 0600.
 */
export class RotatingFileTransport extends TransportStream {
  readonly #options: RotatingFileTransportOptions;
  #descriptor: number | undefined;
  #size = 0;
  #reportedFailure = false;

  public constructor(options: RotatingFileTransportOptions) {
    super(options.level === undefined ? {} : { level: options.level });
    this.#options = options;
  }

  /** Writes one line; called by winston with the formatted entry. */
  public override log(info: Record<string | symbol, unknown>, next: () => void): void {
    const line = Buffer.from(`${String(info[MESSAGE])}\n`);
    try {
      this.#append(line);
      this.#reportedFailure = false;
    } catch (error) {
      // A full or missing disk must not take the runtime down; say so once per failure spell.
      if (!this.#reportedFailure) {
        this.#reportedFailure = true;
        process.stderr.write(`oneiric: cannot write log file ${this.#options.file}: ${String(error)}\n`);
      }
      this.#closeFile();
    }
    next();
  }

  /** Closes the file; called by winston when the logger ends. */
  public override close(): void {
    this.#closeFile();
  }

  /** Closes the file when the transport's stream ends, before it emits `finish`. */
  public override _final(callback: (error?: Error | null) => void): void {
    this.#closeFile();
    callback();
  }

  #append(line: Buffer): void {
    if (this.#descriptor === undefined) {
      this.#open();
    }
    if (this.#size > 0 && this.#size + line.length > this.#options.maxBytes) {
      this.#rotate();
    }
    writeSync(this.#descriptor as number, line);
    this.#size += line.length;
  }

  #open(): void {
    mkdirSync(path.dirname(this.#options.file), { recursive: true, mode: 0o700 });
    this.#descriptor = openSync(this.#options.file, 'a', 0o600);
    this.#size = statSync(this.#options.file).size;
  }

  #rotate(): void {
    this.#closeFile();
    const plan = rotationPlan(this.#options.file, this.#options.maxFiles);
    rmSync(plan.remove, { force: true });
    for (const [from, to] of plan.renames) {
      try {
        renameSync(from, to);
      } catch (error) {
        // Older files may not exist yet: only a missing source is expected.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw error;
        }
      }
    }
    this.#open();
  }

  #closeFile(): void {
    if (this.#descriptor !== undefined) {
      const descriptor = this.#descriptor;
      this.#descriptor = undefined;
      closeSync(descriptor);
    }
  }
}
