/** The name rule of topics, groups and consumers: plain names every broker accepts. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

const NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Returns the name when it matches `[A-Za-z0-9_-]{1,128}`.
 * @throws AdapterError `invalidArgument` otherwise (NATS forbids `.`, `*`, `>` and spaces in stream names)
 * @category Queue
 */
export function checkQueueName(name: unknown, what: 'topic' | 'group' | 'consumer', provider: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new AdapterError(
      AdapterErrorKind.invalidArgument,
      `adapter:queue (${provider}): invalid ${what} ${JSON.stringify(name) ?? String(name)}: use [A-Za-z0-9_-], 1 to 128 characters`,
      { domain: 'adapter', key: 'queue', provider },
    );
  }
  return name;
}
