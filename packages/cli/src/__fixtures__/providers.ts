// Test fixture for `--import`: a module exporting `providers` (two cache adapters and a service).
import { Adapter, Service } from '@oneiric/core';

/** Wins `cache` on priority unless a selection says otherwise. */
@Adapter('cache', 'redis', 400)
export class RedisCache {}

/** Loses `cache` on priority; wins when selected. */
@Adapter('cache', 'memory', 100)
export class MemoryCache {}

/** The only `checkout` service, with a description to show in listings. */
@Service('checkout', 'default', { priority: 10, capabilities: ['payments'], description: 'checkout flow' })
export class CheckoutService {}

/** What the CLI registers. */
export const providers = [RedisCache, MemoryCache, CheckoutService];
