// The logging section's sink settings: accepted values, coercion from the environment, refusals.
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { parseSettings } from './parseSettings.js';
import { settingsFromEnvironment } from './settingsFromEnvironment.js';

function configErrorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('LoggingSettings sinks', () => {
  it('leaves the sinks unset by default, so the runtime logs to stderr', () => {
    const settings = parseSettings({});
    expect(settings.logging.sinks).toBeUndefined();
    expect(settings.logging.file_path).toBeUndefined();
    expect(settings.logging).toEqual({ level: 'warn', json: true });
  });

  it('accepts a file sink with its path, size and file count', () => {
    const settings = parseSettings({ logging: { sinks: ['stdout', 'file'], file_path: 'logs/app.log', file_max_bytes: 2048, file_max_files: 3 } });
    expect(settings.logging).toMatchObject({ sinks: ['stdout', 'file'], file_path: 'logs/app.log', file_max_bytes: 2048, file_max_files: 3 });
  });

  it('reads a comma list and integers from the environment', () => {
    const layer = settingsFromEnvironment({
      ONEIRIC_LOGGING__SINKS: 'STDERR, file',
      ONEIRIC_LOGGING__FILE_PATH: '/var/log/oneiric.log',
      ONEIRIC_LOGGING__FILE_MAX_BYTES: '1048576',
    });
    const settings = parseSettings(layer?.values ?? {}, 'environment');
    expect(settings.logging.sinks).toEqual(['stderr', 'file']);
    expect(settings.logging.file_max_bytes).toBe(1_048_576);
  });

  it.each([
    [{ sinks: ['syslog'] }, 'logging.sinks', 'entries must be one of stdout, stderr, file'],
    [{ sinks: [] }, 'logging.sinks', 'must name at least one sink'],
    [{ sinks: ['stderr', 'stderr'] }, 'logging.sinks', 'must not name a sink twice'],
    [{ sinks: ['file'] }, 'logging.file_path', 'the file sink needs one'],
    [{ file_max_bytes: 10 }, 'logging.file_max_bytes', 'must be at least 1024 bytes'],
    [{ file_max_files: 0 }, 'logging.file_max_files', 'must be between 1 and 1000'],
    [{ file_max_files: 'many' }, 'logging.file_max_files', 'must be an integer'],
  ])('refuses %j naming the field', (logging, field, complaint) => {
    const error = configErrorOf(() => parseSettings({ logging }));
    expect(error.kind).toBe(ConfigErrorKind.invalidField);
    expect(error.context.field).toBe(field);
    expect(error.message).toContain(complaint);
  });
});
