import { ConfigError } from '@oneiric/core';
import { chooseProfile } from './chooseProfile.js';

describe('chooseProfile', () => {
  describe('when several sources name a profile', () => {
    it('takes --profile over ONEIRIC_PROFILE over profile.name', () => {
      const declared = { lite: {}, heavy: {} };
      expect(chooseProfile({ explicit: 'lite', environment: 'heavy', settings: 'serverless' }, declared).name).toBe('lite');
      expect(chooseProfile({ environment: 'heavy', settings: 'serverless' }, declared).name).toBe('heavy');
      expect(chooseProfile({ environment: '', settings: 'serverless' }, declared).name).toBe('serverless');
      expect(chooseProfile({}, declared).name).toBe('default');
    });
  });

  describe('having a declared profile named like a built-in one', () => {
    it('lays the declared overlay over the built-in one', () => {
      const chosen = chooseProfile({ explicit: 'serverless' }, { serverless: { logging: { level: 'debug' } } });
      expect(chosen.overlays).toEqual([
        expect.objectContaining({ runtime: expect.objectContaining({ watchers_enabled: false }) }),
        { logging: { level: 'debug' } },
      ]);
    });
  });

  describe('given an unknown name', () => {
    it('is a ConfigError naming the profiles that exist', () => {
      let thrown: unknown;
      try {
        chooseProfile({ explicit: 'turbo' }, { lite: {} });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect(thrown).toMatchObject({ kind: 'invalidField', context: { field: 'profile.name' } });
      expect((thrown as Error).message).toBe('unknown runtime profile "turbo"; profiles that exist: default, lite, serverless');
    });

    it('does not take a name inherited from Object.prototype for a declared profile', () => {
      expect(() => chooseProfile({ explicit: 'toString' }, {})).toThrow(ConfigError);
    });
  });
});
