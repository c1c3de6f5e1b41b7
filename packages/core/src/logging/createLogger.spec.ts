import { Resolver } from '../services/resolver.js';
import { captureLogger as capture } from '../testing/captureLogger.js';

describe('createLogger', () => {
  describe('when the resolver decides a key', () => {
    it('writes JSON lines carrying domain, key and provider as fields', () => {
      const { logger, lines } = capture();
      const resolver = new Resolver({ logger, stackOrder: new Map() });
      resolver.register({ domain: 'adapter', key: 'cache', provider: 'redis', priority: 1, factory: { kind: 'class', target: class {} } });
      resolver.resolve('adapter', 'cache');
      expect(lines()).toContainEqual(expect.objectContaining({
        level: 'debug', message: 'resolved', component: 'oneiric', domain: 'adapter', key: 'cache', provider: 'redis',
      }));
    });

    it('warns when a selection names a provider that is not registered', () => {
      const { logger, lines } = capture('warn');
      const resolver = new Resolver({ logger, stackOrder: new Map() });
      resolver.register({ domain: 'adapter', key: 'cache', provider: 'redis', factory: { kind: 'class', target: class {} } });
      resolver.setSelection('adapter', 'cache', 'memcached');
      expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      expect(lines()).toEqual([expect.objectContaining({ level: 'warn', domain: 'adapter', key: 'cache', provider: 'redis', selection: 'memcached' })]);
    });
  });
});
