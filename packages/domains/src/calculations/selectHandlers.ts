/** Picks and orders the handlers of one envelope (a pure calculation). */
import type { EventEnvelope } from '../models/eventEnvelope.js';
import type { HandlerSpec } from './readHandlerMetadata.js';

/**
 * Handlers of the envelope's topic whose filters hold, highest priority first (stable, so
 * equal priorities keep registration order). When any of them is exclusive, only the first
 * exclusive one is returned.
 * @param handlers - the handlers of the topic, already sorted by priority
 * @category Calculations
 */
export function selectHandlers(handlers: readonly HandlerSpec[], envelope: EventEnvelope): HandlerSpec[] {
  const accepted: HandlerSpec[] = [];
  for (const handler of handlers) {
    if (handler.accepts(envelope)) {
      if (handler.fanout === 'exclusive') {
        return [handler];
      }
      accepted.push(handler);
    }
  }
  return accepted;
}
