// Writes any error the CLI meets as one stderr line (text or JSON) and picks its exit code.
import { CommandError } from './commandError.js';
import { ExitCode } from './exitCode.js';
import { ModuleImportError } from './moduleImportError.js';
import { UsageError } from './usageError.js';

/** Options of {@link reportError}. */
export interface ReportErrorOptions {
  /** Write `{"error": {...}}` as one JSON line instead of `oneiric: <message>`. */
  readonly json: boolean;
  /** Also write the stack trace (and causes'): set by `ONEIRIC_DEBUG=1`. */
  readonly debug: boolean;
  /** Where to write. */
  readonly stderr: { write(chunk: string): unknown };
}

interface ErrorPayload {
  readonly name: string;
  readonly family: string;
  readonly kind: string;
  readonly message: string;
  readonly context: object;
}

/**
 * Reports `error` on stderr and returns the exit code it maps to: 2 for {@link UsageError},
 * 1 for everything else (Oneiric errors of any family, the runtime's answers, {@link
 * ModuleImportError}, {@link CommandError}, unexpected errors). Text output is exactly one line, `oneiric: <message>`; JSON output is exactly one
 * line, `{"error": <toJSON()>}` (unexpected errors get family `Error` and kind `unexpected`).
 * Stack traces are written only in debug mode, because users of a CLI need the message, not
 * its internals.
 */
export function reportError(error: unknown, options: ReportErrorOptions): ExitCode {
  const payload = payloadOf(error);
  if (options.json) {
    const body = options.debug ? { ...payload, stack: stackOf(error) } : payload;
    options.stderr.write(`${JSON.stringify({ error: body })}\n`);
  } else {
    options.stderr.write(`oneiric: ${textMessage(payload)}\n`);
    if (options.debug) {
      options.stderr.write(`${stackOf(error)}\n`);
    }
  }
  return error instanceof UsageError ? ExitCode.usage : ExitCode.failure;
}

// Oneiric errors carry this brand (core's OneiricError, the runtime client's ControlError): checked
// rather than `instanceof OneiricError` so reporting an error never loads core.
const ONEIRIC_ERROR_BRAND = Symbol.for('oneiric.error');

interface BrandedError extends Error {
  readonly kind?: unknown;
  readonly family?: unknown;
  readonly context?: unknown;
  readonly details?: unknown;
  toJSON?: () => ErrorPayload;
}

function payloadOf(error: unknown): ErrorPayload {
  if (error instanceof UsageError || error instanceof ModuleImportError || error instanceof CommandError) {
    return error.toJSON();
  }
  if (error instanceof Error && (error as unknown as Record<symbol, unknown>)[ONEIRIC_ERROR_BRAND] === true) {
    const branded = error as BrandedError;
    if (typeof branded.toJSON === 'function') {
      return branded.toJSON();
    }
    // A ControlError: the runtime's answer, with its kind and the details it sent.
    const context = typeof branded.details === 'object' && branded.details !== null ? branded.details : {};
    return { name: error.name, family: typeof branded.family === 'string' ? branded.family : error.name, kind: String(branded.kind ?? 'unexpected'), message: error.message, context };
  }
  if (error instanceof Error) {
    return { name: error.name, family: 'Error', kind: 'unexpected', message: error.message, context: {} };
  }
  return { name: 'Error', family: 'Error', kind: 'unexpected', message: String(error), context: {} };
}

function textMessage(payload: ErrorPayload): string {
  let message = oneLine(payload.message);
  // Configuration errors must name the file; add it when a message forgot to.
  const file = 'file' in payload.context ? payload.context.file : undefined;
  if (typeof file === 'string' && file !== '' && !message.includes(file)) {
    message = `${message} (${file})`;
  }
  return message;
}

// Parser messages (YAML) carry a multi-line excerpt; the contract is one line per error.
function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ').trim();
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  // Causes are followed a few levels deep: enough for wrapped errors, safe against cycles.
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    const text = current instanceof Error ? current.stack ?? `${current.name}: ${current.message}` : String(current);
    parts.push(depth === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}
