import { setTimeout as sleep } from 'node:timers/promises';
import { Oneiric } from './oneiric.js';
import { Adapter } from '../decorators/adapter.js';
import { ResiliencyError, ResiliencyErrorKind } from '../errors/resiliencyError.js';

// A dependency both providers talk to; `primaryDown` simulates the primary's backend failing.
const backend = { primaryDown: false };

interface Fetcher { fetch(): Promise<string> }

@Adapter('fetcher', 'primary', 100)
class PrimaryFetcher implements Fetcher {
  async fetch(): Promise<string> {
    if (backend.primaryDown) throw new Error('primary backend unreachable');
    return 'primary';
  }
  health(): boolean { return !backend.primaryDown; }
}

@Adapter('fetcher', 'fallback', 10)
class FallbackFetcher implements Fetcher {
  async fetch(): Promise<string> { return 'fallback'; }
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function newApp(): Oneiric {
  const app = new Oneiric({
    circuitBreaker: {
      guarded: (domain) => domain === 'adapter',
      options: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 300, rollingCountTimeoutMs: 5000, callTimeoutMs: 1000 },
    },
  });
  app.register(PrimaryFetcher, FallbackFetcher);
  return app;
}

// Starts the app, takes the primary's backend down and waits until the key has failed over.
async function failedOverApp(): Promise<{ app: Oneiric; fetcher: Fetcher }> {
  const app = newApp();
  await app.start();
  const fetcher = app.use<Fetcher>('adapter', 'fetcher');
  backend.primaryDown = true;
  for (let i = 0; i < 3; i += 1) {
    await fetcher.fetch().catch(() => undefined);
  }
  await waitFor(() => app.active('adapter', 'fetcher')?.provider === 'fallback');
  return { app, fetcher };
}

describe('Circuit breaking through live references', () => {
  afterEach(() => {
    backend.primaryDown = false;
  });

  describe('when the primary provider keeps failing', () => {
    it('opens the circuit, fails over to the next healthy candidate, and explains why', async () => {
      const app = newApp();
      await app.start();
      const fetcher = app.use<Fetcher>('adapter', 'fetcher');
      expect(await fetcher.fetch()).toBe('primary');

      backend.primaryDown = true;
      for (let i = 0; i < 3; i += 1) {
        // The primary's own error while the circuit is still closed; then either it or circuitOpen.
        await expect(fetcher.fetch()).rejects.toThrow();
      }
      await waitFor(() => app.active('adapter', 'fetcher')?.provider === 'fallback');
      expect(await fetcher.fetch()).toBe('fallback');

      const explanation = app.explain('adapter', 'fetcher');
      expect(explanation.winner).toBe('fallback');
      expect(explanation.filtered).toEqual([
        expect.objectContaining({ provider: 'primary', cause: 'unhealthy', reason: expect.stringMatching(/^unhealthy: circuit open since/) }),
      ]);
      await app.close();
    });

    it('fails back once the circuit half-opens and the primary is healthy again', async () => {
      const { app, fetcher } = await failedOverApp();
      backend.primaryDown = false;
      await waitFor(() => app.active('adapter', 'fetcher')?.provider === 'primary');
      expect(await fetcher.fetch()).toBe('primary');
      expect(app.explain('adapter', 'fetcher').filtered).toEqual([]);
      expect(app.breakerState('adapter', 'fetcher', 'primary')).toBe('closed');
      await app.close();
    });

    it('stays on the fallback when the primary is still unhealthy at half-open', async () => {
      const { app, fetcher } = await failedOverApp();
      // Past one reset window: the fail-back's health check fails, so the circuit re-opens.
      await sleep(700);
      expect(app.active('adapter', 'fetcher')?.provider).toBe('fallback');
      expect(await fetcher.fetch()).toBe('fallback');
      expect(app.unhealthy('adapter', 'fetcher').has('primary')).toBe(true);
      await app.close();
    });
  });

  describe('when a guarded key has no other candidate', () => {
    it('refuses calls while open with ResiliencyError circuitOpen', async () => {
      const app = new Oneiric({
        circuitBreaker: { guarded: () => true, options: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeoutMs: 60_000 } },
      });
      app.register(PrimaryFetcher);
      await app.start();
      const fetcher = app.use<Fetcher>('adapter', 'fetcher');
      backend.primaryDown = true;
      await fetcher.fetch().catch(() => undefined);
      await waitFor(() => app.breakerState('adapter', 'fetcher', 'primary') === 'open');
      // The circuit is open and nothing else can serve: the call is refused without reaching the provider.
      const refused = await fetcher.fetch().catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ResiliencyError);
      expect((refused as ResiliencyError).kind).toBe(ResiliencyErrorKind.circuitOpen);
      await app.close();
    });
  });
});
