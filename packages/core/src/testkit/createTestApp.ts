/** A test application: silent logging, a private temporary cache directory, one-call teardown. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Oneiric } from '../application/oneiric.js';
import type { OneiricOptions, Registrable } from '../application/oneiricOptions.js';

/** Options of {@link createTestApp}: every {@link OneiricOptions} except the cache directory. */
export interface TestAppOptions extends Omit<OneiricOptions, 'cacheDir'> {
  /** Classes or candidate inputs registered before the application is returned. */
  readonly providers?: readonly Registrable[];
  /** Call `start()` before returning (default false). */
  readonly start?: boolean;
}

/** What {@link createTestApp} returns. */
export interface TestApp {
  /** The application. */
  readonly app: Oneiric;
  /** Its cache directory: statuses are persisted there, as in production. */
  readonly cacheDir: string;
  /** Closes the application (every instance cleaned up) and deletes the cache directory. */
  dispose(): Promise<void>;
}

/**
 * Builds an application for a test, as `@nestjs/testing` does for Nest: the logger is silent
 * unless one is given, statuses go to a fresh temporary directory that `dispose()` removes,
 * and providers can be registered (and the application started) in the same call.
 * @example
 * ```ts
 * const { app, dispose } = await createTestApp({ providers: [MemoryCache], start: true });
 * try { expect(app.use(cacheKey).get('x')).toBeUndefined(); } finally { await dispose(); }
 * ```
 * @category Testing
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'oneiric-test-'));
  const { providers, start, ...appOptions } = options;
  const app = new Oneiric({ ...appOptions, cacheDir });
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> => {
    disposed ??= app.close().finally(() => rm(cacheDir, { recursive: true, force: true }));
    return disposed;
  };
  try {
    if (providers !== undefined && providers.length > 0) {
      app.register(...providers);
    }
    if (start === true) {
      await app.start();
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { app, cacheDir, dispose };
}
