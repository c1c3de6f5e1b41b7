/** The span of one event handler's run: a child of the span that emitted the event (its envelope's `traceparent`). */
import { failSpan, inSpan, SpanAttribute } from '@oneiric/core';
import type { Context } from '@oneiric/core/internal';
import type { HandlerSpec } from '../calculations/readHandlerMetadata.js';
import type { EventEnvelope } from '../models/eventEnvelope.js';
import type { HandlerResult } from '../models/handlerResult.js';

/**
 * Runs `start` (one handler's run, which reports failure as a result, never a throw) inside an
 * `oneiric.event.handle` span whose parent is `parent`; a failed result marks the span failed.
 */
export function traceHandlerRun(
  handler: HandlerSpec,
  envelope: EventEnvelope,
  parent: Context,
  start: () => HandlerResult | Promise<HandlerResult>,
): HandlerResult | Promise<HandlerResult> {
  const attributes = {
    [SpanAttribute.domain]: 'event',
    [SpanAttribute.key]: handler.candidate.key,
    [SpanAttribute.provider]: handler.candidate.provider,
    [SpanAttribute.topic]: envelope.topic,
    [SpanAttribute.eventId]: envelope.headers.eventId,
  };
  return inSpan('oneiric.event.handle', { kind: 'consumer', parent, attributes }, (span) => {
    const annotate = (result: HandlerResult): HandlerResult => {
      span.setAttribute(SpanAttribute.attempts, result.attempts);
      if (!result.success) {
        failSpan(span, result.error ?? 'handler failed');
      }
      return result;
    };
    const result = start();
    return result instanceof Promise ? result.then(annotate) : annotate(result);
  });
}
