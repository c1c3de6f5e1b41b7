/** `event.dispatch`: builds an event envelope, hands it to local handlers, and posts it to webhooks (dry run by default). */
import { createHmac, randomUUID } from 'node:crypto';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Optional } from '../models/optional.js';
import { checkOutboundUrl, redactUrl } from '../calculations/checkOutboundUrl.js';
import { sendHttp } from '../codecs/sendHttp.js';
import type { ActionContext } from '../models/actionContext.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';
import { SIGNATURE_HEADER } from './securitySignature.js';

const KEY = 'event.dispatch';
const MAX_WEBHOOKS = 10;
const WEBHOOK_CONCURRENCY = 5;

/**
 * Settings of `event.dispatch`.
 * @category Action kits
 */
export class EventDispatchSettings {
  /** Per-webhook timeout, ms. */
  @IsInt() @Min(1) @Max(120_000) public webhookTimeoutMs = 5_000;
  /** The envelope's `source` header. */
  @IsString() @MinLength(1) public source = 'oneiric.actions';
}

/**
 * One webhook.
 * @category Action kits
 */
export class WebhookTarget {
  /** http(s) URL without credentials. */
  @IsString() @MaxLength(8192) public url = '';
  /** Extra headers. */
  @Optional() @IsObject() public headers?: Record<string, string>;
  /** When set, the body's HMAC-SHA256 (hex) goes in `X-Oneiric-Signature` with `t=<unix seconds>`. Never echoed. */
  @Optional() @IsString() @MaxLength(4096) public secret?: string;
}

/**
 * Payload of `event.dispatch`.
 * @category Action kits
 */
export class EventDispatchPayload {
  /** Topic (`order.created`). */
  @IsString() @MinLength(1) @MaxLength(256) public topic = '';
  /** Event payload. */
  @Allow() public payload: unknown = null;
  /** Extra headers merged into the envelope's (yours win). */
  @Optional() @IsObject() public headers?: Record<string, unknown>;
  /** Webhooks to post the envelope to (at most 10, 5 at a time). */
  @Optional() @IsArray() @ArrayMaxSize(MAX_WEBHOOKS) @ValidateNested({ each: true }) @Type(() => WebhookTarget) public webhooks?: WebhookTarget[];
  /** Plan only: build the envelope, list what would be called, send nothing (default true). */
  @Optional() @IsBoolean() public dryRun?: boolean;
}

/**
 * What happened at one webhook.
 * @category Action kits
 */
export interface WebhookOutcome {
  /** URL without query string. */
  readonly url: string;
  readonly status: 'planned' | 'delivered' | 'failed';
  readonly statusCode?: number;
  readonly error?: string;
}

/**
 * Result of `event.dispatch`.
 * @category Action kits
 */
export interface EventDispatchResult {
  readonly status: 'planned' | 'dispatched';
  readonly envelope: { readonly topic: string; readonly payload: unknown; readonly headers: Readonly<Record<string, unknown>> };
  /** Local handlers' results (empty without an event sink, or on a dry run). */
  readonly handlers: readonly unknown[];
  readonly webhooks: readonly WebhookOutcome[];
}

/**
 * Dispatches an event.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke event.dispatch --payload '{"topic":"order.created","payload":{"id":7}}' --json
 * ```
 * @category Action kits
 */
export class EventDispatch implements BuiltinAction<EventDispatchPayload, EventDispatchResult> {
  /** The payload class. */
  public readonly payloadType = EventDispatchPayload;

  /** @param context - the event sink and application; @param settings - webhook timeout and source */
  public constructor(private readonly context: ActionContext, private readonly settings: EventDispatchSettings = new EventDispatchSettings()) {}

  /** @throws ActionError `invalidPayload` for a bad webhook URL (checked before anything is sent) */
  public async execute(payload: EventDispatchPayload): Promise<EventDispatchResult> {
    const targets = (payload.webhooks ?? []).map((hook, index) => ({ hook, url: checkOutboundUrl(hook.url, KEY, `webhooks.${index}.url`) }));
    const headers = { eventId: randomUUID(), timestamp: new Date().toISOString(), source: this.settings.source, version: '1.0.0', ...(payload.headers ?? {}) };
    const envelope = { topic: payload.topic, payload: payload.payload ?? null, headers };
    if (payload.dryRun !== false) {
      return { status: 'planned', envelope, handlers: [], webhooks: targets.map(({ url }) => ({ url: redactUrl(url), status: 'planned' })) };
    }
    const handlers = this.context.events === undefined ? [] : await this.context.events.dispatch(payload.topic, envelope.payload, payload.headers ?? {});
    const body = JSON.stringify(envelope);
    const webhooks = await mapLimited(targets, WEBHOOK_CONCURRENCY, ({ hook, url }) => this.#post(url, hook, body));
    return { status: 'dispatched', envelope, handlers, webhooks };
  }

  async #post(url: URL, hook: WebhookTarget, body: string): Promise<WebhookOutcome> {
    const headers: Record<string, string> = { ...(hook.headers ?? {}), 'content-type': 'application/json' };
    if (hook.secret !== undefined) {
      const timestamp = Math.floor(Date.now() / 1000);
      headers[SIGNATURE_HEADER] = `t=${timestamp},v1=${createHmac('sha256', hook.secret).update(`${timestamp}.${body}`).digest('hex')}`;
    }
    try {
      const response = await sendHttp(this.context.app, { url: url.href, method: 'POST', headers, body, timeoutMs: this.settings.webhookTimeoutMs, retries: 0, maxResponseBytes: 64 * 1024 });
      const isOk = response.status >= 200 && response.status < 300;
      return { url: redactUrl(url), status: isOk ? 'delivered' : 'failed', statusCode: response.status };
    } catch (error) {
      return { url: redactUrl(url), status: 'failed', error: error instanceof Error ? error.name : 'error' };
    }
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Registration entry of `event.dispatch`. */
export const eventDispatchKit: ActionKitDefinition = {
  key: KEY,
  description: 'build an event envelope, dispatch it locally and to at most 10 signed webhooks (dry run by default)',
  settingsClass: EventDispatchSettings,
  build: (context, settings) => new EventDispatch(context, settings as EventDispatchSettings),
};
