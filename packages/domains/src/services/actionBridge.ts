/** The bridge of the `action` domain: validates a payload against the action's payload class, then executes. */
import { inSpan, LifecycleError, SpanAttribute, type Oneiric } from '@oneiric/core';
import { validateProviderSettings } from '@oneiric/core/internal';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { ActionKit } from '../models/actionKit.js';
import type { UseOptions } from '../models/useOptions.js';
import type { ActivityStore } from './activityStore.js';
import { DomainBridge } from './domainBridge.js';

/**
 * Executes actions: `execute(key, payload)` takes the key's live action (pause and drain
 * apply), validates the raw payload against its `payloadType` (class-validator rules, unknown
 * fields rejected) and calls `execute` with the validated instance through the key's live
 * reference, so a swap during the call drains it before cleaning the old instance up.
 * @category Bridges and services
 */
export class ActionBridge extends DomainBridge {
  /** @param app - the application; @param activity - the shared pause/drain store */
  public constructor(app: Oneiric, activity: ActivityStore) {
    super('action', app, activity);
  }

  /**
   * Validates `payload` and executes the action.
   * @throws DomainError `invalidPayload` naming the field; `missingMethod` when the provider
   *   lacks `execute` or `payloadType`; `paused`/`draining`; whatever `execute` throws
   */
  public execute<R = unknown>(key: string, payload: unknown, options: UseOptions = {}): Promise<R> {
    // One span per invocation, failed when validation or the action fails; the payload stays out of it (it may hold secrets).
    return inSpan('oneiric.action.invoke', { attributes: { [SpanAttribute.domain]: 'action', [SpanAttribute.key]: key } }, async (span) => {
      await this.use(key, options);
      span.setAttribute(SpanAttribute.provider, this.app.active('action', key)?.provider ?? '');
      return this.#execute<R>(key, payload);
    });
  }

  async #execute<R>(key: string, payload: unknown): Promise<R> {
    // The payload class from the instance itself: the live reference binds functions, and a bound class cannot be constructed.
    const action = this.app.current<ActionKit<object, R>>('action', key)!;
    const candidate = this.app.active('action', key)!;
    const context = { domain: 'action', key, provider: candidate.provider };
    if (typeof action.execute !== 'function' || typeof action.payloadType !== 'function') {
      throw new DomainError(DomainErrorKind.missingMethod, `Action ${key} (${candidate.provider}) must have execute() and payloadType`, context);
    }
    let validated: object;
    try {
      // The settings validator is the same job: plain object in, validated class instance out, unknown fields rejected.
      validated = validateProviderSettings({ ...candidate, settingsClass: action.payloadType }, payload, 'payload');
    } catch (error) {
      if (error instanceof LifecycleError) {
        throw new DomainError(DomainErrorKind.invalidPayload, error.message, { ...context, ...(error.context.field === undefined ? {} : { field: error.context.field }) }, error);
      }
      throw error;
    }
    // Called through the live reference: a swap during the call waits for it before cleaning this instance up.
    return this.app.use<ActionKit<object, R>>('action', key).execute(validated);
  }
}
