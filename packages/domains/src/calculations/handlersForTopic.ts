/** The handlers that listen to a topic, best first (a pure calculation). */
import type { HandlerSpec } from './readHandlerMetadata.js';

/**
 * Handlers whose topics include `topic` (or that have none), sorted by priority descending, stable.
 * @category Calculations
 */
export function handlersForTopic(handlers: readonly HandlerSpec[], topic: string): HandlerSpec[] {
  return handlers
    .filter((handler) => handler.topics === undefined || handler.topics.has(topic))
    .map((handler, index) => ({ handler, index }))
    .sort((a, b) => b.handler.priority - a.handler.priority || a.index - b.index)
    .map(({ handler }) => handler);
}
