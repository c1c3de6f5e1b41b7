/** `debug.console`: writes one structured log line with secrets scrubbed and hands the line back. */
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, MaxLength } from 'class-validator';
import { Optional } from '../models/optional.js';
import { redactSecrets } from '../calculations/redactSecrets.js';
import type { ActionContext } from '../models/actionContext.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'debug.console';

/**
 * Settings of `debug.console`.
 * @category Action kits
 */
export class DebugConsoleSettings {
  /** Field names always scrubbed besides the secret-looking ones. */
  @IsArray() @IsString({ each: true }) public scrubFields: string[] = [];
}

/**
 * Payload of `debug.console`.
 * @category Action kits
 */
export class DebugConsolePayload {
  /** The line's message. */
  @IsString() @MaxLength(10_000) public message = '';
  /** debug, info (default), warn or error. */
  @Optional() @IsIn(['debug', 'info', 'warn', 'error']) public level?: 'debug' | 'info' | 'warn' | 'error';
  /** Structured fields, scrubbed. */
  @Optional() @IsObject() public data?: Record<string, unknown>;
  /** More field names to scrub. */
  @Optional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) public scrubFields?: string[];
}

/**
 * Result of `debug.console`: the line as logged.
 * @category Action kits
 */
export interface DebugConsoleResult {
  readonly status: 'logged';
  readonly level: string;
  readonly message: string;
  readonly data: Record<string, unknown>;
  readonly timestamp: string;
}

/**
 * Logs a structured line.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke debug.console --payload '{"message":"checkpoint","data":{"step":3,"apiKey":"abc"}}'
 * ```
 * @category Action kits
 */
export class DebugConsole implements BuiltinAction<DebugConsolePayload, DebugConsoleResult> {
  /** The payload class. */
  public readonly payloadType = DebugConsolePayload;

  /** @param context - the logger; @param settings - fields always scrubbed */
  public constructor(private readonly context: ActionContext, private readonly settings: DebugConsoleSettings = new DebugConsoleSettings()) {}

  /** Never throws for a validated payload. */
  public async execute(payload: DebugConsolePayload): Promise<DebugConsoleResult> {
    const level = payload.level ?? 'info';
    const data = redactSecrets(payload.data ?? {}, [...this.settings.scrubFields, ...(payload.scrubFields ?? [])]) as Record<string, unknown>;
    const line: DebugConsoleResult = { status: 'logged', level, message: payload.message, data, timestamp: new Date().toISOString() };
    this.context.logger[level](payload.message, { action: KEY, ...data });
    return line;
  }
}

/** Registration entry of `debug.console`. */
export const debugConsoleKit: ActionKitDefinition = {
  key: KEY,
  description: 'one structured log line, secrets scrubbed',
  settingsClass: DebugConsoleSettings,
  build: (context, settings) => new DebugConsole(context, settings as DebugConsoleSettings),
};
