import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { TimeoutError } from '../errors/timeoutError.js';
import { toLifecycleError } from './toLifecycleError.js';

const context = { domain: 'adapter', key: 'cache', provider: 'redis' };
const label = 'adapter:cache (redis)';

describe('toLifecycleError', () => {
  describe('given a LifecycleError', () => {
    it('returns the very same error (its kind already names the step)', () => {
      const error = new LifecycleError(LifecycleErrorKind.initFailed, 'init failed', context);
      expect(toLifecycleError(error, label, context)).toBe(error);
    });
  });

  describe('given a TimeoutError', () => {
    it('is kind timeout with the timeout message and the original as cause', () => {
      const timeout = new TimeoutError('init of adapter:cache (redis)', 50);
      const result = toLifecycleError(timeout, label, context);
      expect(result.kind).toBe(LifecycleErrorKind.timeout);
      expect(result.message).toBe('init of adapter:cache (redis) timed out after 50 ms');
      expect(result.cause).toBe(timeout);
    });
  });

  describe('given another Oneiric error (invalid settings)', () => {
    it('is kind buildFailed naming the swap and keeping the cause', () => {
      const invalid = new ConfigError(ConfigErrorKind.invalidField, 'adapters.provider_settings.redis.url must be a URL', {});
      const result = toLifecycleError(invalid, label, context);
      expect(result.kind).toBe(LifecycleErrorKind.buildFailed);
      expect(result.message).toBe('Swap failed for adapter:cache (redis): adapters.provider_settings.redis.url must be a URL');
      expect(result.cause).toBe(invalid);
      expect(result.context).toMatchObject(context);
    });
  });

  describe('given something that is not an Error', () => {
    it('is kind buildFailed with its text', () => {
      const result = toLifecycleError('boom', label, context);
      expect(result.kind).toBe(LifecycleErrorKind.buildFailed);
      expect(result.message).toBe('Swap failed for adapter:cache (redis): boom');
    });
  });
});
