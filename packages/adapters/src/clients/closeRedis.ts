/** Closes an ioredis connection so that nothing it holds keeps the process alive. */
import type { Redis } from 'ioredis';
import { withTimeout } from '@oneiric/core';

/**
 * Closes a connection for good: QUIT when it is up (bounded by `timeoutMs`), then a hard
 * disconnect that also stops reconnection, so no socket or timer keeps the process alive.
 */
export async function closeRedis(client: Redis, timeoutMs: number): Promise<void> {
  try {
    if (client.status === 'ready') {
      await withTimeout(client.quit(), timeoutMs, 'redis quit');
    }
  } catch {
    // The server is gone or slow: the hard disconnect below is all that is left to do.
  } finally {
    client.disconnect(false);
  }
}
