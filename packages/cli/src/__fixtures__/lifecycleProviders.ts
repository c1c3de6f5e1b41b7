// Test fixture for swap/status/health: a healthy cache, an unhealthy one, and one whose init throws.
import { Adapter } from '@oneiric/core';

/** Healthy and preferred. */
@Adapter('cache', 'memory', 100)
export class MemoryCache {
  health(): boolean { return true; }
}

/** Builds fine, but reports itself unhealthy. */
@Adapter('cache', 'sick', 50)
export class SickCache {
  health(): boolean { return false; }
}

/** Cannot even initialise. */
@Adapter('cache', 'broken', 10)
export class BrokenCache {
  init(): void { throw new Error('cannot reach the backend'); }
}

/** What the CLI registers. */
export const providers = [MemoryCache, SickCache, BrokenCache];
