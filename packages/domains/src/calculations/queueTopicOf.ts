/** The queue topic of a task's or workflow's queued work (a pure calculation). */
import { createHash } from 'node:crypto';

// What every queue provider accepts in a topic name.
const SAFE_TOPIC_PART = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * `oneiric-task-<key>` or `oneiric-workflow-<key>`: one topic per key, so the consumer of a
 * paused or draining key simply stops receiving from it while the work waits in the queue.
 * A key with characters queue names forbid (`.`, `:`) or longer than 100 characters gets
 * them replaced by `_` and a short hash of the key appended, so two keys never share a topic.
 * @category Calculations
 */
export function queueTopicOf(domain: 'task' | 'workflow', key: string): string {
  if (SAFE_TOPIC_PART.test(key)) {
    return `oneiric-${domain}-${key}`;
  }
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `oneiric-${domain}-${key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 90)}-${digest}`;
}
