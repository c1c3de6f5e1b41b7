/** Reads the work a queue message carries, checking it is what the topic's key expects (a pure calculation). */
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { QueuedWork } from '../models/queuedWork.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * The work in `data` (UTF-8 JSON written by an `enqueue`), which must be of `domain` and `key`.
 * @throws DomainError `invalidQueuedWork` when it is not JSON, not an object, or names another kind or key
 * @category Calculations
 */
export function parseQueuedWork(domain: 'task' | 'workflow', key: string, data: Uint8Array): QueuedWork {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(data));
  } catch (error) {
    throw new DomainError(DomainErrorKind.invalidQueuedWork, `A queued ${domain} message for ${key} is not JSON: ${messageOf(error)}`, { domain, key });
  }
  const work = parsed as Partial<QueuedWork> | null;
  if (typeof work !== 'object' || work === null || work.kind !== domain || work.key !== key) {
    throw new DomainError(DomainErrorKind.invalidQueuedWork, `A queued ${domain} message for ${key} does not describe a ${domain} run of ${key}`, { domain, key });
  }
  if (work.kind === 'workflow' && work.version !== undefined && typeof work.version !== 'string') {
    throw new DomainError(DomainErrorKind.invalidQueuedWork, `A queued workflow message for ${key} has a version that is not a string`, { domain, key });
  }
  return work as QueuedWork;
}
