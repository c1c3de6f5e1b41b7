import { PassThrough } from 'node:stream';
import winston from 'winston';
import { Resolver } from '../services/resolver.js';
import { createLogger } from './createLogger.js';

function capture(level = 'debug'): { logger: winston.Logger; lines: () => Array<Record<string, unknown>> } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const logger = createLogger({ level });
  logger.clear().add(new winston.transports.Stream({ stream }));
  return { logger, lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

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
