// Tests of parseSettings: defaults, per-field coercion, unknown fields and error wording.
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { expectThrown } from '../testing/expectThrown.js';
import { LayerSettings } from './layerSettings.js';
import { OneiricSettings } from './oneiricSettings.js';
import { parseSettings } from './parseSettings.js';

/** Runs `action`, which must throw a ConfigError, and returns it. */
function configErrorOf(action: () => unknown): ConfigError {
  return expectThrown(action, ConfigError);
}

describe('parseSettings', () => {
  describe('parseSettings(plain, origin)', () => {
    describe('with a partial object', () => {
      it('fills every missing field with its default and builds the settings classes', () => {
        const settings = parseSettings({ app: { name: 'shop' }, adapters: { selections: { cache: 'redis' } } });
        expect(settings).toBeInstanceOf(OneiricSettings);
        expect(settings.adapters).toBeInstanceOf(LayerSettings);
        expect(settings.app).toEqual({ name: 'shop', environment: 'development', debug: false });
        expect(settings.adapters.selections).toEqual({ cache: 'redis' });
        expect(settings.services.selections).toEqual({});
      });

      it('keeps the contents of open maps as given, including nested values', () => {
        const settings = parseSettings({
          events: { provider_settings: { kafka: { brokers: ['a:9092'], tls: { enabled: true } } }, options: { anything: 1 } },
        });
        expect(settings.events.provider_settings).toEqual({ kafka: { brokers: ['a:9092'], tls: { enabled: true } } });
        expect(settings.events.options).toEqual({ anything: 1 });
      });
    });

    describe('with numbers and booleans written as strings', () => {
      it('coerces integer strings and the boolean spellings true/false/1/0 per field', () => {
        const settings = parseSettings({
          app: { debug: 'TRUE' },
          logging: { json: '0', level: ' Info ' },
          lifecycle: { activation_timeout_ms: '45000', hook_timeout_ms: ' 42 ' },
        });
        expect(settings.app.debug).toBe(true);
        expect(settings.logging.json).toBe(false);
        expect(settings.logging.level).toBe('info');
        expect(settings.lifecycle.activation_timeout_ms).toBe(45000);
        expect(settings.lifecycle.hook_timeout_ms).toBe(42);
      });

      it('does not coerce strings inside open maps or split them on commas', () => {
        const settings = parseSettings({ tasks: { options: { retries: '3', hosts: 'a,b' } } });
        expect(settings.tasks.options).toEqual({ retries: '3', hosts: 'a,b' });
      });
    });

    describe('with invalid values', () => {
      it('fails with invalidField for a boolean spelled "yes", because only true/false/1/0 are accepted', () => {
        const error = configErrorOf(() => parseSettings({ app: { debug: 'yes' } }, 'ops.yaml'));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('app.debug');
        expect(error.message).toBe('ops.yaml: app.debug must be true or false (got "yes")');
      });

      it('fails with invalidField for a fractional timeout, because timeouts are whole milliseconds', () => {
        const error = configErrorOf(() => parseSettings({ lifecycle: { drain_timeout_ms: 1.5 } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('lifecycle.drain_timeout_ms');
        expect(error.message).toBe('inline settings: lifecycle.drain_timeout_ms must be a positive integer (got 1.5)');
      });

      it('fails with invalidField for a timeout beyond 2^31-1 ms, because Node.js timers would fire at once', () => {
        const error = configErrorOf(() => parseSettings({ lifecycle: { cleanup_timeout_ms: 2 ** 31 } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('lifecycle.cleanup_timeout_ms');
        expect(error.message).toContain('must be at most 2147483647');
      });

      it('fails with invalidField for an unknown log level, listing the accepted ones', () => {
        const error = configErrorOf(() => parseSettings({ logging: { level: 'loud' } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('logging.level');
        expect(error.message).toContain('must be one of error, warn, info, http, verbose, debug, silly');
      });

      it('fails with invalidField for an empty application name, because logs and telemetry need one', () => {
        const error = configErrorOf(() => parseSettings({ app: { name: '' } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('app.name');
      });

      it('fails with invalidField when a section is not a mapping, without reporting its insides', () => {
        const error = configErrorOf(() => parseSettings({ lifecycle: [1, 2] }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('lifecycle');
        expect(error.message).toBe('inline settings: lifecycle must be a mapping (got a list)');
      });

      it('fails with invalidField when the whole input is not a mapping', () => {
        const error = configErrorOf(() => parseSettings('debug=true', 'cli'));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.file).toBe('cli');
      });
    });

    describe('with unknown fields', () => {
      it('fails with invalidField for an unknown top-level field, because typos must not be ignored', () => {
        const error = configErrorOf(() => parseSettings({ adapter: { selections: {} } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('adapter');
        expect(error.message).toContain('adapter is not a known setting (known: config_dir, cache_dir, app,');
      });

      it('fails with invalidField for an unknown field inside a section, giving the dotted path', () => {
        const error = configErrorOf(() => parseSettings({ services: { selection: { checkout: 'default' } } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('services.selection');
      });

      it('lists every problem in the message and points context at the first', () => {
        const error = configErrorOf(() => parseSettings({ bogus: 1, app: { debug: 'x' } }));
        expect(error.context.field).toBe('bogus');
        expect(error.message).toContain('inline settings: bogus is not a known setting');
        expect(error.message).toContain('; inline settings: app.debug must be true or false (got "x")');
      });
    });

    describe('with layer maps', () => {
      it('fails with invalidField for a selection key that breaks the key rules, naming the key', () => {
        const error = configErrorOf(() => parseSettings({ adapters: { selections: { '.cache': 'redis' } } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('adapters.selections..cache');
        expect(error.message).toContain('is not a valid key');
      });

      it('fails with invalidField for a provider name containing "..", because names with ".." are reserved', () => {
        const error = configErrorOf(() => parseSettings({ workflows: { selections: { nightly: 'a..b' } } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('workflows.selections.nightly');
        expect(error.message).toContain('must be a provider name');
      });

      it('fails with invalidField for provider settings that are not a mapping, without echoing the value', () => {
        const error = configErrorOf(() => parseSettings({ adapters: { provider_settings: { redis: 'hunter2' } } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('adapters.provider_settings.redis');
        expect(error.message).not.toContain('hunter2');
        expect(error.message).toContain('got a string');
      });

      it('fails with invalidField for a "constructor" key, because it would otherwise vanish silently', () => {
        const error = configErrorOf(() => parseSettings({ adapters: { selections: { constructor: 'redis' } } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('adapters.selections.constructor');
      });

      it('fails with invalidField for a "__proto__" key, because it must never reach an object prototype', () => {
        const error = configErrorOf(() => parseSettings(JSON.parse('{"actions": {"options": {"__proto__": {"x": 1}}}}')));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('actions.options.__proto__');
        expect(({} as Record<string, unknown>)['x']).toBeUndefined();
      });
    });
  });
});
