/** Opens an ioredis connection that fails fast when the server is away and never hangs a call. */
import type { Redis } from 'ioredis';
import { withTimeout } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency, type DependencyUser } from '../loading/loadOptionalDependency.js';
import { redactUrl } from './redactUrl.js';
import type { RedisConnectionSettings } from './redisConnectionSettings.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * Loads ioredis on first use and connects. Commands issued while the connection is down are
 * rejected at once (no offline queue), so a circuit breaker sees the outage immediately
 * instead of calls piling up; the client keeps reconnecting in the background.
 * @throws AdapterError `missingDependency` without ioredis, `connectionFailed` when the server
 *   does not answer within `connectTimeoutMs`
 */
export async function connectRedis(settings: RedisConnectionSettings, user: DependencyUser): Promise<Redis> {
  const { Redis: RedisClient } = await loadOptionalDependency('ioredis', user, () => import('ioredis'));
  const client = new RedisClient(settings.url, {
    lazyConnect: true,
    connectTimeout: settings.connectTimeoutMs,
    ...(settings.commandTimeoutMs > 0 ? { commandTimeout: settings.commandTimeoutMs } : {}),
    enableOfflineQueue: false,
    // A command caught in flight by a disconnect fails at once rather than waiting for a reconnection.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(attempt * 50, 1_000),
  });
  // Without a listener ioredis prints every reconnection error; the calls report them instead.
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), settings.connectTimeoutMs + 500, `connect to ${redactUrl(settings.url)}`);
    return client;
  } catch (error) {
    client.disconnect();
    throw new AdapterError(
      AdapterErrorKind.connectionFailed,
      `adapter:${user.category} (${user.provider}): cannot connect to ${redactUrl(settings.url)}: ${messageOf(error)}`,
      { domain: 'adapter', key: user.category, provider: user.provider },
      error,
    );
  }
}
