/** `workflow.notify`: sends a notification through the active `notifier` adapter, or logs it when none is active. */
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../models/optional.js';
import { redactSecrets } from '../calculations/redactSecrets.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionContext } from '../models/actionContext.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';
import { messageOf } from '@oneiric/core/internal';

const KEY = 'workflow.notify';

/**
 * Levels of a notification.
 * @category Action kits
 */
export type NotifyLevel = 'info' | 'warning' | 'error' | 'critical';

/**
 * What a notifier adapter receives (the `notifier` category's contract, structurally).
 * @category Action kits
 */
export interface Notification {
  readonly message: string;
  readonly channel: string;
  readonly level: NotifyLevel;
  readonly recipients: readonly string[];
  readonly metadata: Record<string, unknown>;
}

/**
 * Payload of `workflow.notify`.
 * @category Action kits
 */
export class WorkflowNotifyPayload {
  /** The text. */
  @IsString() @MinLength(1) @MaxLength(10_000) public message = '';
  /** Channel (default `default`). */
  @Optional() @IsString() @MaxLength(128) public channel?: string;
  /** info (default), warning, error or critical. */
  @Optional() @IsIn(['info', 'warning', 'error', 'critical']) public level?: NotifyLevel;
  /** Who receives it. */
  @Optional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(320, { each: true }) public recipients?: string[];
  /** Extra data, secrets redacted. */
  @Optional() @IsObject() public metadata?: Record<string, unknown>;
}

/**
 * Result of `workflow.notify`.
 * @category Action kits
 */
export interface WorkflowNotifyResult {
  /** `sent` through a notifier adapter, `logged` when none is active. */
  readonly status: 'sent' | 'logged';
  /** `adapter:<provider>` or `log`. */
  readonly via: string;
  readonly notification: Notification;
}

/**
 * Sends a notification.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke workflow.notify --payload '{"message":"deploy done","level":"info"}'
 * ```
 * @category Action kits
 */
export class WorkflowNotify implements BuiltinAction<WorkflowNotifyPayload, WorkflowNotifyResult> {
  /** The payload class. */
  public readonly payloadType = WorkflowNotifyPayload;

  /** @param context - the application (its notifier) and logger */
  public constructor(private readonly context: ActionContext) {}

  /** @throws ActionError `requestFailed` when the notifier adapter fails */
  public async execute(payload: WorkflowNotifyPayload): Promise<WorkflowNotifyResult> {
    const notification: Notification = {
      message: payload.message, channel: payload.channel ?? 'default', level: payload.level ?? 'info',
      recipients: payload.recipients ?? [], metadata: redactSecrets(payload.metadata ?? {}) as Record<string, unknown>,
    };
    const active = this.context.app.active('adapter', 'notifier');
    if (active === undefined) {
      const level = notification.level === 'critical' ? 'error' : notification.level === 'warning' ? 'warn' : notification.level;
      this.context.logger[level]('notification', { ...notification });
      return { status: 'logged', via: 'log', notification };
    }
    try {
      await this.context.app.use<{ send(notification: Notification): unknown }>('adapter', 'notifier').send(notification);
    } catch (error) {
      throw actionError(ActionErrorKind.requestFailed, KEY, `notifier ${active.provider} failed: ${messageOf(error)}`, undefined, error);
    }
    return { status: 'sent', via: `adapter:${active.provider}`, notification };
  }
}

/** Registration entry of `workflow.notify`. */
export const workflowNotifyKit: ActionKitDefinition = {
  key: KEY,
  description: 'notify through the active notifier adapter, else the log',
  build: (context) => new WorkflowNotify(context),
};
