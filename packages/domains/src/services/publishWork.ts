/** Puts a task or workflow run on the application's queue adapter. */
import { inSpan, SpanAttribute, traceHeaders, type Oneiric } from '@oneiric/core';
import { queueTopicOf } from '../calculations/queueTopicOf.js';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { QueuedWork } from '../models/queuedWork.js';
import type { WorkQueue } from '../models/workQueue.js';

/**
 * Key (in the `adapter` domain) of the queue work is put on when nothing else is configured.
 * @category Bridges and services
 */
export const DEFAULT_WORK_QUEUE_KEY = 'queue';

/**
 * The live reference of the queue adapter `queueKey`.
 * @throws DomainError `noQueue` when no provider of `adapter:<queueKey>` is registered
 * @category Bridges and services
 */
export function workQueueOf(app: Oneiric, queueKey: string): WorkQueue {
  if (app.keys('adapter').includes(queueKey)) {
    return app.use<WorkQueue>('adapter', queueKey);
  }
  throw new DomainError(DomainErrorKind.noQueue, `No queue adapter is registered under adapter:${queueKey}; register one (e.g. redis-streams or nats from @oneiric/adapters) to enqueue work`, { domain: 'adapter', key: queueKey });
}

/**
 * Publishes `work` (as JSON) on the topic of its key ({@link queueTopicOf}) through the queue
 * adapter's live reference, so pause, drain and swaps of the queue adapter apply. Traced as an
 * `oneiric.<kind>.enqueue` producer span whose context travels in the message headers, so the
 * run's span in the consuming process is its descendant.
 * @returns the message id
 * @category Bridges and services
 */
export function publishWork(app: Oneiric, queueKey: string, work: QueuedWork): Promise<string> {
  const queue = workQueueOf(app, queueKey);
  const topic = queueTopicOf(work.kind, work.key);
  const attributes = { [SpanAttribute.domain]: work.kind, [SpanAttribute.key]: work.key, [SpanAttribute.queueTopic]: topic };
  return inSpan(`oneiric.${work.kind}.enqueue`, { kind: 'producer', attributes }, async (span) => {
    const headers = traceHeaders();
    // Only a traced publish passes headers: a queue without header support sees the plain call.
    const id = await (Object.keys(headers).length === 0 ? queue.publish(topic, JSON.stringify(work)) : queue.publish(topic, JSON.stringify(work), { headers }));
    span.setAttribute(SpanAttribute.messageId, id);
    return id;
  });
}
