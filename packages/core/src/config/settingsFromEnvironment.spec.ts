// Tests of settingsFromEnvironment: which variables count, how names nest, aliases and conflicts.
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { expectThrown } from '../testing/expectThrown.js';
import { settingsFromEnvironment } from './settingsFromEnvironment.js';

/** Runs `action`, which must throw a ConfigError, and returns it. */
function configErrorOf(action: () => unknown): ConfigError {
  return expectThrown(action, ConfigError);
}

describe('settingsFromEnvironment', () => {
  describe('settingsFromEnvironment(env)', () => {
    describe('with double-underscore names', () => {
      it('nests on "__", lower-cases every segment and keeps values as strings', () => {
        const layer = settingsFromEnvironment({
          ONEIRIC_ADAPTERS__SELECTIONS__CACHE: 'Memory',
          ONEIRIC_LIFECYCLE__HEALTH_TIMEOUT_MS: '200',
          ONEIRIC_ADAPTERS__PROVIDER_SETTINGS__REDIS__HOST: 'db.local',
        });
        expect(layer?.source).toBe('environment');
        expect(layer?.values).toEqual({
          adapters: { selections: { cache: 'Memory' }, provider_settings: { redis: { host: 'db.local' } } },
          lifecycle: { health_timeout_ms: '200' },
        });
      });

      it('leaves comma-separated values whole', () => {
        expect(settingsFromEnvironment({ ONEIRIC_TASKS__OPTIONS__QUEUES: 'a,b,c' })?.values).toEqual({ tasks: { options: { queues: 'a,b,c' } } });
      });

      it('reports the variable behind each path it set', () => {
        const layer = settingsFromEnvironment({ ONEIRIC_APP__NAME: 'x' });
        expect(layer?.variableAt?.(['app', 'name'])).toBe('ONEIRIC_APP__NAME');
        expect(layer?.variableAt?.(['app'])).toBeUndefined();
      });
    });

    describe('with aliases', () => {
      it('maps ONEIRIC_LOG_LEVEL, ONEIRIC_CACHE_DIR and ONEIRIC_CONFIG_DIR to their fields', () => {
        const layer = settingsFromEnvironment({ ONEIRIC_LOG_LEVEL: 'debug', ONEIRIC_CACHE_DIR: '/c', ONEIRIC_CONFIG_DIR: 'conf' });
        expect(layer?.values).toEqual({ logging: { level: 'debug' }, cache_dir: '/c', config_dir: 'conf' });
        expect(layer?.variableAt?.(['logging', 'level'])).toBe('ONEIRIC_LOG_LEVEL');
      });

      it('lets the nested spelling win over the alias for the same field', () => {
        const layer = settingsFromEnvironment({ ONEIRIC_LOG_LEVEL: 'debug', ONEIRIC_LOGGING__LEVEL: 'error' });
        expect(layer?.values).toEqual({ logging: { level: 'error' } });
        expect(layer?.variableAt?.(['logging', 'level'])).toBe('ONEIRIC_LOGGING__LEVEL');
      });
    });

    describe('with variables that are not settings', () => {
      it('returns undefined when nothing contributes', () => {
        expect(settingsFromEnvironment({
          ONEIRIC_CONFIG: 'x.yaml', ONEIRIC_STACK_ORDER: 'a,b', ONEIRIC_PROFILE: 'serverless',
          HOME: '/root', oneiric_app__name: 'lower-case prefix', MY_ONEIRIC_APP__NAME: 'x', ONEIRIC_APP__NAME: '',
        })).toBeUndefined();
      });
    });

    describe('with malformed or conflicting names', () => {
      it('fails with invalidEnvironment for an empty segment, because the intended path cannot be known', () => {
        const error = configErrorOf(() => settingsFromEnvironment({ ONEIRIC_APP__: 'x' }));
        expect(error.kind).toBe(ConfigErrorKind.invalidEnvironment);
        expect(error.context.field).toBe('ONEIRIC_APP__');
      });

      it('fails with invalidEnvironment when one variable sets a field and another a field inside it, because both cannot hold', () => {
        const error = configErrorOf(() => settingsFromEnvironment({ ONEIRIC_APP__NAME: 'x', ONEIRIC_APP__NAME__FIRST: 'y' }));
        expect(error.kind).toBe(ConfigErrorKind.invalidEnvironment);
        expect(error.message).toContain('ONEIRIC_APP__NAME');
        expect(error.message).toContain('ONEIRIC_APP__NAME__FIRST');
      });

      it('fails with invalidEnvironment when two spellings differ only in case, because lower-casing makes them the same path', () => {
        const error = configErrorOf(() => settingsFromEnvironment({ ONEIRIC_APP__NAME: 'x', ONEIRIC_App__Name: 'y' }));
        expect(error.kind).toBe(ConfigErrorKind.invalidEnvironment);
        expect(error.message).toContain('app.name');
      });
    });
  });
});
