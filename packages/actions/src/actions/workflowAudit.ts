/** `workflow.audit`: records an audit event with secrets redacted at any depth, and logs it. */
import { ArrayMaxSize, IsArray, IsObject, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../models/optional.js';
import { redactSecrets } from '../calculations/redactSecrets.js';
import type { ActionContext } from '../models/actionContext.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'workflow.audit';

/**
 * Settings of `workflow.audit`.
 * @category Action kits
 */
export class WorkflowAuditSettings {
  /** Field names always redacted besides the secret-looking ones. */
  @IsArray() @IsString({ each: true }) public redactFields: string[] = [];
}

/**
 * Payload of `workflow.audit`.
 * @category Action kits
 */
export class WorkflowAuditPayload {
  /** What happened (`order.refunded`). */
  @IsString() @MinLength(1) @MaxLength(256) public event = '';
  /** Audit channel (default `audit`). */
  @Optional() @IsString() @MaxLength(128) public channel?: string;
  /** Details, redacted before recording. */
  @Optional() @IsObject() public details?: Record<string, unknown>;
  /** More field names to redact for this record. */
  @Optional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) public redactFields?: string[];
}

/**
 * Result of `workflow.audit`: the record as logged.
 * @category Action kits
 */
export interface WorkflowAuditResult {
  readonly status: 'recorded';
  readonly event: string;
  readonly channel: string;
  readonly details: Record<string, unknown>;
  readonly timestamp: string;
}

/**
 * Records an audit event.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke workflow.audit --payload '{"event":"login","details":{"user":"ann","password":"x"}}' --json
 * ```
 * @category Action kits
 */
export class WorkflowAudit implements BuiltinAction<WorkflowAuditPayload, WorkflowAuditResult> {
  /** The payload class. */
  public readonly payloadType = WorkflowAuditPayload;

  /** @param context - the logger; @param settings - fields always redacted */
  public constructor(private readonly context: ActionContext, private readonly settings: WorkflowAuditSettings = new WorkflowAuditSettings()) {}

  /** Never throws for a validated payload. */
  public async execute(payload: WorkflowAuditPayload): Promise<WorkflowAuditResult> {
    const details = redactSecrets(payload.details ?? {}, [...this.settings.redactFields, ...(payload.redactFields ?? [])]) as Record<string, unknown>;
    const record: WorkflowAuditResult = { status: 'recorded', event: payload.event, channel: payload.channel ?? 'audit', details, timestamp: new Date().toISOString() };
    this.context.logger.info('audit', { ...record });
    return record;
  }
}

/** Registration entry of `workflow.audit`. */
export const workflowAuditKit: ActionKitDefinition = {
  key: KEY,
  description: 'record an audit event, secret/token/password/key fields redacted at any depth',
  settingsClass: WorkflowAuditSettings,
  build: (context, settings) => new WorkflowAudit(context, settings as WorkflowAuditSettings),
};
