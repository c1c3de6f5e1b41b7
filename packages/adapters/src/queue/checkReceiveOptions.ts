/** The one check of a receive's options, shared by every queue provider. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkQueueName } from './checkQueueName.js';
import type { ReceiveOptions } from './queue.js';

/** Receive options after defaults and checks. */
export interface CheckedReceiveOptions {
  /** The consumer group. */
  readonly group: string;
  /** The consumer inside the group. */
  readonly consumer: string;
  /** Most messages to return. */
  readonly max: number;
  /** How long to wait for the first message, in milliseconds. */
  readonly waitMs: number;
}

/**
 * Applies the defaults (10 messages, 1000 ms) and checks names and bounds.
 * @throws AdapterError `invalidArgument` for a bad group or consumer name, a `max` that is not a
 *   positive integer, or a `waitMs` outside 0..`maxWaitMs`
 */
export function checkReceiveOptions(options: ReceiveOptions, maxWaitMs: number, provider: string): CheckedReceiveOptions {
  const group = checkQueueName(options.group, 'group', provider);
  const consumer = checkQueueName(options.consumer, 'consumer', provider);
  const max = options.max ?? 10;
  const waitMs = options.waitMs ?? 1_000;
  if (!Number.isSafeInteger(max) || max < 1 || !Number.isSafeInteger(waitMs) || waitMs < 0 || waitMs > maxWaitMs) {
    throw new AdapterError(
      AdapterErrorKind.invalidArgument,
      `adapter:queue (${provider}): max must be a positive integer and waitMs an integer from 0 to maxWaitMs (${maxWaitMs})`,
      { domain: 'adapter', key: 'queue', provider },
    );
  }
  return { group, consumer, max, waitMs };
}
