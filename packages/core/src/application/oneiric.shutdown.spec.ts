// Shutdown order of an application: dependents (services) before the adapters they inject, whatever the activation order.
import { Container } from 'inversify';
import { InjectAdapter, InjectService } from '../container/injectDecorators.js';
import { Adapter } from '../decorators/adapter.js';
import { Service } from '../decorators/service.js';
import { Oneiric } from './oneiric.js';

// What each cleanup saw: its own name, and whether what it depends on still answered.
let cleanups: string[] = [];

@Adapter('cache', 'memory')
class MemoryCache {
  #isClosed = false;
  name(): string {
    if (this.#isClosed) {
      throw new Error('cache already cleaned up');
    }
    return 'memory';
  }
  cleanup(): void {
    this.#isClosed = true;
    cleanups.push('adapter:cache');
  }
}

@Service('repository', 'default')
class Repository {
  constructor(@InjectAdapter('cache') readonly cache: MemoryCache) {}
  // A cleanup that still needs its adapter (flushing to the cache, say).
  cleanup(): void {
    cleanups.push(`service:repository (cache ${this.cache.name()})`);
  }
}

@Service('checkout', 'default')
class Checkout {
  constructor(@InjectService('repository') readonly repository: Repository, @InjectAdapter('cache') readonly cache: MemoryCache) {}
  close(): void {
    cleanups.push(`service:checkout (cache ${this.cache.name()})`);
  }
}

function newApp(): Oneiric {
  const app = new Oneiric({ container: new Container() });
  app.register(MemoryCache, Repository, Checkout);
  return app;
}

beforeEach(() => {
  cleanups = [];
});

describe('Oneiric', () => {
  describe('close', () => {
    describe('having services activated before the adapter they inject', () => {
      it('cleans the services up first, while the adapter still works', async () => {
        const app = newApp();
        // The adapter's live reference exists (to be injected) before its instance is activated.
        app.use('adapter', 'cache');
        await app.swap('service', 'repository');
        await app.swap('service', 'checkout');
        await app.swap('adapter', 'cache');

        await app.close();

        expect(cleanups).toEqual(['service:checkout (cache memory)', 'service:repository (cache memory)', 'adapter:cache']);
      });
    });

    describe('having swapped the adapter after its dependents were activated', () => {
      it('still cleans the dependents first', async () => {
        const app = newApp();
        await app.start();
        await app.swap('adapter', 'cache');
        cleanups = [];

        await app.close();

        expect(cleanups).toEqual(['service:checkout (cache memory)', 'service:repository (cache memory)', 'adapter:cache']);
      });
    });
  });
});
