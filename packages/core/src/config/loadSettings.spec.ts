// Tests of loadSettings: layer precedence, formats, environment variables and file-naming errors.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { expectRejected } from '../testing/expectRejected.js';
import { useTempDir } from '../testing/useTempDir.js';
import { loadSettings } from './loadSettings.js';

/** `cwd()` is a fresh directory per test; `write()` puts a file below it, creating folders. */
const { path: cwd, write } = useTempDir('oneiric-settings-');

/** Awaits `promise`, which must reject with a ConfigError, and returns it. */
function configErrorOf(promise: Promise<unknown>): Promise<ConfigError> {
  return expectRejected(promise, ConfigError);
}

describe('loadSettings', () => {
  describe('loadSettings(options)', () => {
    describe('with no files and an empty environment', () => {
      it('returns the built-in defaults and no sources', async () => {
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: {} });
        expect(sources).toEqual([]);
        expect(settings.config_dir).toBe('settings');
        expect(settings.cache_dir).toBe('.oneiric_cache');
        expect(settings.app).toEqual({ name: 'oneiric', environment: 'development', debug: false });
        expect(settings.logging).toEqual({ level: 'warn', json: true });
        expect(settings.lifecycle).toEqual({
          activation_timeout_ms: 30000, health_timeout_ms: 5000, cleanup_timeout_ms: 10000, hook_timeout_ms: 5000, drain_timeout_ms: 10000,
          circuit_breaker: {
            enabled: false, guarded: ['adapter'], call_timeout_ms: 10000, error_threshold_percentage: 50,
            volume_threshold: 5, rolling_count_timeout_ms: 10000, reset_timeout_ms: 30000,
          },
        });
        expect(settings.adapters).toEqual({ selections: {}, provider_settings: {}, options: {} });
      });
    });

    describe('with every layer setting the same field', () => {
      it('lets each layer override the one below it', async () => {
        await write('settings/oneiric.yaml', 'app:\n  name: from-project\n');
        await write('settings/local.yaml', 'app:\n  name: from-local\n');
        await write('explicit.yaml', 'app:\n  name: from-explicit\n');
        const env = { ONEIRIC_APP__NAME: 'from-env' };

        expect((await loadSettings({ cwd: cwd(), env: {} })).settings.app.name).toBe('from-local');
        expect((await loadSettings({ cwd: cwd(), env })).settings.app.name).toBe('from-env');
        const all = await loadSettings({ cwd: cwd(), env, explicitPath: join(cwd(), 'explicit.yaml') });
        expect(all.settings.app.name).toBe('from-explicit');
        expect(all.sources).toEqual([join('settings', 'oneiric.yaml'), join('settings', 'local.yaml'), 'environment', 'explicit.yaml']);
      });

      it('lets the project file override the defaults', async () => {
        await write('settings/oneiric.yaml', 'logging:\n  level: debug\n');
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: {} });
        expect(settings.logging.level).toBe('debug');
        expect(sources).toEqual([join('settings', 'oneiric.yaml')]);
      });
    });

    describe('with files in different formats', () => {
      it('reads a JSON project file and a YAML local file', async () => {
        await write('settings/oneiric.json', JSON.stringify({ adapters: { selections: { cache: 'redis', queue: 'sqs' } } }));
        await write('settings/local.yml', 'adapters:\n  selections:\n    cache: memory\n');
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: {} });
        expect(settings.adapters.selections).toEqual({ cache: 'memory', queue: 'sqs' });
        expect(sources).toEqual([join('settings', 'oneiric.json'), join('settings', 'local.yml')]);
      });

      it('uses only the first existing project file, .yaml before .yml before .json', async () => {
        await write('settings/oneiric.yaml', 'app:\n  name: yaml\n');
        await write('settings/oneiric.yml', 'app:\n  name: yml\n');
        await write('settings/oneiric.json', '{"app": {"name": "json"}}');
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: {} });
        expect(settings.app.name).toBe('yaml');
        expect(sources).toEqual([join('settings', 'oneiric.yaml')]);
      });

      it('reads a file with another extension as JSON when it starts with "{", else as YAML', async () => {
        await write('as-json.conf', '  {"app": {"name": "json-ish"}}');
        await write('as-yaml.conf', 'app:\n  name: yaml-ish\n');
        expect((await loadSettings({ cwd: cwd(), env: {}, explicitPath: join(cwd(), 'as-json.conf') })).settings.app.name).toBe('json-ish');
        expect((await loadSettings({ cwd: cwd(), env: {}, explicitPath: join(cwd(), 'as-yaml.conf') })).settings.app.name).toBe('yaml-ish');
      });

      it('treats a YAML file holding only comments as an empty layer', async () => {
        await write('settings/local.yaml', '# nothing overridden yet\n');
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: {} });
        expect(settings.app.name).toBe('oneiric');
        expect(sources).toEqual([join('settings', 'local.yaml')]);
      });
    });

    describe('with nested maps in several layers', () => {
      it('deep-merges mappings, keeping sibling keys the upper layer does not mention', async () => {
        await write('settings/oneiric.yaml', [
          'lifecycle:',
          '  health_timeout_ms: 100',
          '  hook_timeout_ms: 200',
          'adapters:',
          '  selections: { cache: redis, queue: sqs }',
          '  provider_settings:',
          '    redis: { host: db, port: 6379 }',
        ].join('\n'));
        await write('settings/local.yaml', [
          'lifecycle:',
          '  health_timeout_ms: 150',
          'adapters:',
          '  selections: { cache: memory }',
          '  provider_settings:',
          '    redis: { port: 6380 }',
        ].join('\n'));
        const { settings } = await loadSettings({ cwd: cwd(), env: {} });
        expect(settings.lifecycle.health_timeout_ms).toBe(150);
        expect(settings.lifecycle.hook_timeout_ms).toBe(200);
        expect(settings.lifecycle.cleanup_timeout_ms).toBe(10000);
        expect(settings.adapters.selections).toEqual({ cache: 'memory', queue: 'sqs' });
        expect(settings.adapters.provider_settings).toEqual({ redis: { host: 'db', port: 6380 } });
      });

      it('replaces lists instead of merging them', async () => {
        await write('settings/oneiric.yaml', 'services:\n  options:\n    hosts: [a, b, c]\n');
        await write('settings/local.yaml', 'services:\n  options:\n    hosts: [z]\n');
        const { settings } = await loadSettings({ cwd: cwd(), env: {} });
        expect(settings.services.options).toEqual({ hosts: ['z'] });
      });
    });

    describe('with ONEIRIC_* environment variables', () => {
      it('nests on double underscores, lower-cases names and coerces values per field', async () => {
        const { settings, sources } = await loadSettings({
          cwd: cwd(),
          env: {
            ONEIRIC_ADAPTERS__SELECTIONS__CACHE: 'memory',
            ONEIRIC_LIFECYCLE__HEALTH_TIMEOUT_MS: '200',
            ONEIRIC_LOGGING__JSON: 'false',
            ONEIRIC_APP__DEBUG: '1',
          },
        });
        expect(settings.adapters.selections).toEqual({ cache: 'memory' });
        expect(settings.lifecycle.health_timeout_ms).toBe(200);
        expect(settings.logging.json).toBe(false);
        expect(settings.app.debug).toBe(true);
        expect(sources).toEqual(['environment']);
      });

      it('honours the ONEIRIC_LOG_LEVEL and ONEIRIC_CACHE_DIR aliases', async () => {
        const { settings } = await loadSettings({ cwd: cwd(), env: { ONEIRIC_LOG_LEVEL: 'DEBUG', ONEIRIC_CACHE_DIR: '/var/cache/app' } });
        expect(settings.logging.level).toBe('debug');
        expect(settings.cache_dir).toBe('/var/cache/app');
      });

      it('ignores other ONEIRIC_* switches and variables of other programs', async () => {
        const { settings, sources } = await loadSettings({
          cwd: cwd(),
          env: { ONEIRIC_STACK_ORDER: 'a,b', ONEIRIC_DEBUG: '1', OTHER__APP__NAME: 'x', PATH: '/bin' },
        });
        expect(settings.app.name).toBe('oneiric');
        expect(sources).toEqual([]);
      });

      it('reads the layer files from ONEIRIC_CONFIG_DIR when it is set', async () => {
        await write('settings/oneiric.yaml', 'app:\n  name: default-dir\n');
        await write('conf/oneiric.yaml', 'app:\n  name: custom-dir\n');
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: { ONEIRIC_CONFIG_DIR: 'conf' } });
        expect(settings.app.name).toBe('custom-dir');
        expect(settings.config_dir).toBe('conf');
        expect(sources).toEqual([join('conf', 'oneiric.yaml'), 'environment']);
      });
    });

    describe('with an explicit file', () => {
      it('uses ONEIRIC_CONFIG when no explicitPath is given, resolved against cwd', async () => {
        await write('ops/override.yaml', 'app:\n  environment: production\n');
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: { ONEIRIC_CONFIG: 'ops/override.yaml', ONEIRIC_APP__ENVIRONMENT: 'staging' } });
        expect(settings.app.environment).toBe('production');
        expect(sources).toEqual(['environment', join('ops', 'override.yaml')]);
      });

      it('prefers explicitPath over ONEIRIC_CONFIG', async () => {
        await write('from-variable.yaml', 'app:\n  name: from-variable\n');
        const explicitPath = await write('from-option.yaml', 'app:\n  name: from-option\n');
        const { settings, sources } = await loadSettings({ cwd: cwd(), env: { ONEIRIC_CONFIG: 'from-variable.yaml' }, explicitPath });
        expect(settings.app.name).toBe('from-option');
        expect(sources).toEqual(['from-option.yaml']);
      });

      it('names a file outside cwd by its absolute path', async () => {
        const elsewhere = await mkdtemp(join(tmpdir(), 'oneiric-elsewhere-'));
        try {
          const explicitPath = join(elsewhere, 'settings.json');
          await writeFile(explicitPath, '{"app": {"name": "outside"}}');
          const { sources } = await loadSettings({ cwd: cwd(), env: {}, explicitPath });
          expect(sources).toEqual([explicitPath]);
        } finally {
          await rm(elsewhere, { recursive: true, force: true });
        }
      });
    });

    describe('with a file that cannot be used', () => {
      it('fails with missingExplicitFile when the explicit file does not exist, because the user asked for it by name', async () => {
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {}, explicitPath: join(cwd(), 'nope.yaml') }));
        expect(error.kind).toBe(ConfigErrorKind.missingExplicitFile);
        expect(error.context.file).toBe('nope.yaml');
      });

      it('fails with missingExplicitFile when the ONEIRIC_CONFIG file does not exist, because it is explicit too', async () => {
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: { ONEIRIC_CONFIG: 'missing.json' } }));
        expect(error.kind).toBe(ConfigErrorKind.missingExplicitFile);
        expect(error.context.file).toBe('missing.json');
      });

      it('fails with unparsableFile naming the file and line, because a broken project file must not be skipped silently', async () => {
        await write('settings/oneiric.yaml', 'app:\n  name: ok\n  bad: [unclosed\n');
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {} }));
        expect(error.kind).toBe(ConfigErrorKind.unparsableFile);
        expect(error.context.file).toBe(join('settings', 'oneiric.yaml'));
        expect(error.message).toMatch(/^settings.oneiric\.yaml: invalid YAML at line \d+/);
      });

      it('fails with unparsableFile for invalid JSON, because the local layer is not optional once it exists', async () => {
        await write('settings/local.json', '{"app": }');
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {} }));
        expect(error.kind).toBe(ConfigErrorKind.unparsableFile);
        expect(error.context.file).toBe(join('settings', 'local.json'));
        expect(error.message).toContain('invalid JSON');
      });

      it('fails with unparsableFile when the top level is a list, because settings are a mapping', async () => {
        await write('settings/oneiric.yaml', '- a\n- b\n');
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {} }));
        expect(error.kind).toBe(ConfigErrorKind.unparsableFile);
        expect(error.message).toContain('must be a mapping');
      });

      it('fails with unreadableFile when the explicit path is a directory, because it exists but cannot be read', async () => {
        await mkdir(join(cwd(), 'a-directory'));
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {}, explicitPath: join(cwd(), 'a-directory') }));
        expect(error.kind).toBe(ConfigErrorKind.unreadableFile);
        expect(error.context.file).toBe('a-directory');
      });
    });

    describe('with a value that fails validation', () => {
      it('fails with invalidField naming the file that set the bad value and its dotted path', async () => {
        await write('settings/oneiric.yaml', 'lifecycle:\n  health_timeout_ms: 100\n');
        await write('settings/local.yaml', 'lifecycle:\n  health_timeout_ms: abc\n');
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {} }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('lifecycle.health_timeout_ms');
        expect(error.context.file).toBe(join('settings', 'local.yaml'));
        expect(error.message).toBe(`${join('settings', 'local.yaml')}: lifecycle.health_timeout_ms must be a positive integer (got "abc")`);
      });

      it('blames the lower file when an upper layer only set a sibling, because provenance is tracked per field', async () => {
        await write('settings/oneiric.yaml', 'app:\n  debug: maybe\n');
        await write('settings/local.yaml', 'app:\n  name: mine\n');
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {} }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('app.debug');
        expect(error.context.file).toBe(join('settings', 'oneiric.yaml'));
      });

      it('accepts a bad value that an upper layer overrides, because only the merged result is validated', async () => {
        await write('settings/oneiric.yaml', 'lifecycle:\n  hook_timeout_ms: -1\n');
        const { settings } = await loadSettings({ cwd: cwd(), env: { ONEIRIC_LIFECYCLE__HOOK_TIMEOUT_MS: '750' } });
        expect(settings.lifecycle.hook_timeout_ms).toBe(750);
      });

      it('names the environment and the variable when a variable set the bad value, because there is no file to point at', async () => {
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: { ONEIRIC_LIFECYCLE__HEALTH_TIMEOUT_MS: 'soon' } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.file).toBe('environment');
        expect(error.context.field).toBe('lifecycle.health_timeout_ms');
        expect(error.message).toBe('environment (ONEIRIC_LIFECYCLE__HEALTH_TIMEOUT_MS): lifecycle.health_timeout_ms must be a positive integer (got "soon")');
      });

      it('fails with invalidField for an unknown field, giving its full path, because typos must not be ignored', async () => {
        await write('settings/oneiric.yaml', 'lifecycle:\n  health_timeout: 100\n');
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {} }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('lifecycle.health_timeout');
        expect(error.context.file).toBe(join('settings', 'oneiric.yaml'));
        expect(error.message).toContain('is not a known setting');
        expect(error.message).toContain('health_timeout_ms');
      });

      it('fails with invalidField for an unknown section set from the environment, because env names are checked like file keys', async () => {
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: { ONEIRIC_ADAPTER__SELECTIONS__CACHE: 'redis' } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('adapter');
        expect(error.context.file).toBe('environment');
      });

      it('fails with invalidField for an invalid selection provider name, naming the selection, because it could never match a provider', async () => {
        await write('settings/local.yaml', 'adapters:\n  selections:\n    cache: "redis cluster"\n');
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: {} }));
        expect(error.kind).toBe(ConfigErrorKind.invalidField);
        expect(error.context.field).toBe('adapters.selections.cache');
        expect(error.context.file).toBe(join('settings', 'local.yaml'));
        expect(error.message).toContain('must be a provider name');
        expect(error.message).toContain('"redis cluster"');
      });

      it('fails with invalidEnvironment for a variable name with an empty segment, because its path is ambiguous', async () => {
        const error = await configErrorOf(loadSettings({ cwd: cwd(), env: { ONEIRIC_APP____NAME: 'x' } }));
        expect(error.kind).toBe(ConfigErrorKind.invalidEnvironment);
        expect(error.context.field).toBe('ONEIRIC_APP____NAME');
      });
    });
  });
});
