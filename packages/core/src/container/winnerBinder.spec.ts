import { Container, preDestroy } from 'inversify';
import { Resolver } from '../services/resolver.js';
import { WinnerBinder } from './winnerBinder.js';
import { adapterToken } from './domainToken.js';

const destroyed: string[] = [];

class RedisLike {
  readonly name = 'redis';
  @preDestroy()
  async close(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    destroyed.push('redis');
  }
}
class MemoryLike { readonly name = 'memory'; }

function setup(): { container: Container; resolver: Resolver; binder: WinnerBinder } {
  const container = new Container();
  const resolver = new Resolver({ stackOrder: new Map() });
  resolver.register({ domain: 'adapter', key: 'cache', provider: 'redis', priority: 400, factory: { kind: 'class', target: RedisLike } });
  resolver.register({ domain: 'adapter', key: 'cache', provider: 'memory', priority: 100, factory: { kind: 'class', target: MemoryLike } });
  return { container, resolver, binder: new WinnerBinder(container, resolver) };
}

describe('WinnerBinder', () => {
  describe('.sync()', () => {
    it('binds the winner only, under a private token, and the live reference under the public one', async () => {
      const { container, binder } = setup();
      await binder.sync('adapter', 'cache');
      expect(binder.boundCandidate('adapter', 'cache')?.provider).toBe('redis');
      expect(container.getAll(adapterToken('cache'))).toHaveLength(1);
      expect(container.isBound(RedisLike)).toBe(false);
      expect(container.isBound(MemoryLike)).toBe(false);
    });

    describe('when the winner changes', () => {
      it('unbinds the old winner with the async API, so its async pre-destroy hook completes first', async () => {
        destroyed.length = 0;
        const { resolver, binder } = setup();
        await binder.sync('adapter', 'cache');
        expect(binder.current<RedisLike>('adapter', 'cache').name).toBe('redis');
        resolver.setSelection('adapter', 'cache', 'memory');
        await binder.sync('adapter', 'cache');
        expect(destroyed).toEqual(['redis']);
        expect(binder.current<MemoryLike>('adapter', 'cache').name).toBe('memory');
      });

      it('runs concurrent syncs of one key one after the other, ending on the last winner', async () => {
        const { resolver, binder } = setup();
        const syncs: Array<Promise<unknown>> = [];
        for (let i = 0; i < 10; i += 1) {
          resolver.setSelection('adapter', 'cache', i % 2 === 0 ? 'memory' : 'redis');
          syncs.push(binder.sync('adapter', 'cache'));
        }
        await Promise.all(syncs);
        expect(binder.boundCandidate('adapter', 'cache')?.provider).toBe('redis');
        expect(binder.current<RedisLike>('adapter', 'cache').name).toBe('redis');
      });
    });

    describe('when the last candidate is unregistered', () => {
      it('leaves nothing bound for the key', async () => {
        const { container, resolver, binder } = setup();
        await binder.sync('adapter', 'cache');
        resolver.unregister('adapter', 'cache', 'redis');
        resolver.unregister('adapter', 'cache', 'memory');
        await binder.sync('adapter', 'cache');
        expect(binder.boundCandidate('adapter', 'cache')).toBeUndefined();
        expect(container.isBound(adapterToken('cache'))).toBe(true);
      });
    });
  });
});
