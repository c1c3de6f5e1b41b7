// The runtime logger honours the logging settings: level, format, file sink and its rotation.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseSettings } from '@oneiric/core/internal';
import { createRuntimeLogger } from './createRuntimeLogger.js';

describe('createRuntimeLogger', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'oneiric-logging-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function linesOf(file: string): Promise<string[]> {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  }

  it('writes JSON lines at the configured level and above to the file sink, 0600', async () => {
    const settings = parseSettings({ logging: { level: 'info', sinks: ['file'], file_path: 'logs/runtime.log' } });
    const logging = createRuntimeLogger(settings.logging, { cwd: directory, defaultMeta: { pid: 7 } });
    logging.logger.debug('too detailed');
    logging.logger.info('runtime started', { profile: 'default' });
    logging.logger.error('swap failed', { key: 'cache' });
    await logging.close();
    await logging.close();

    const file = path.join(directory, 'logs', 'runtime.log');
    expect(logging.file).toBe(file);
    const lines = (await linesOf(file)).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', message: 'runtime started', profile: 'default', pid: 7, component: 'oneiric', timestamp: expect.any(String) }),
      expect.objectContaining({ level: 'error', message: 'swap failed', key: 'cache' }),
    ]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('writes the text format when json is false', async () => {
    const settings = parseSettings({ logging: { level: 'warn', json: false, sinks: ['file'], file_path: 'runtime.log' } });
    const logging = createRuntimeLogger(settings.logging, { cwd: directory });
    logging.logger.warn('breaker opened', { key: 'db' });
    await logging.close();

    const [line] = await linesOf(path.join(directory, 'runtime.log'));
    expect(line).toMatch(/^warn: breaker opened /);
    expect(() => JSON.parse(line ?? '')).toThrow();
  });

  it('rotates the file sink by size and keeps at most file_max_files files', async () => {
    const settings = parseSettings({ logging: { level: 'info', sinks: ['file'], file_path: 'rotating.log', file_max_bytes: 1024, file_max_files: 3 } });
    const logging = createRuntimeLogger(settings.logging, { cwd: directory });
    // One burst, as at start-up: every line must land, none past the size.
    for (let index = 0; index < 60; index += 1) {
      logging.logger.info(`line ${index} ${'x'.repeat(80)}`);
    }
    await logging.close();

    const files = (await readdir(directory)).sort();
    expect(files).toEqual(['rotating.log', 'rotating.log.1', 'rotating.log.2']);
    for (const name of files) {
      expect((await stat(path.join(directory, name))).size).toBeLessThanOrEqual(1024);
    }
    const kept = [...await linesOf(path.join(directory, 'rotating.log.2')), ...await linesOf(path.join(directory, 'rotating.log.1')), ...await linesOf(path.join(directory, 'rotating.log'))]
      .map((line) => Number(/line (\d+)/.exec(line)?.[1]));
    // The newest lines, consecutive and in order, ending with the last one logged.
    expect(kept.at(-1)).toBe(59);
    expect(kept).toEqual(kept.map((_, index) => 60 - kept.length + index));
  });

  it('sends lines to the stdout or stderr sink chosen, and to every sink listed', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const written = { stdout: '', stderr: '' };
    stdout.on('data', (chunk: Buffer) => { written.stdout += chunk.toString(); });
    stderr.on('data', (chunk: Buffer) => { written.stderr += chunk.toString(); });
    const settings = parseSettings({ logging: { level: 'debug', sinks: ['stdout', 'file'], file_path: 'both.log' } });
    const logging = createRuntimeLogger(settings.logging, { cwd: directory, streams: { stdout, stderr } });
    logging.logger.debug('selection watcher started');
    await logging.close();

    expect(JSON.parse(written.stdout)).toEqual(expect.objectContaining({ level: 'debug', message: 'selection watcher started' }));
    expect(written.stderr).toBe('');
    expect(await linesOf(path.join(directory, 'both.log'))).toHaveLength(1);
    expect(stdout.writableEnded).toBe(false);
  });

  it('writes to stderr when no sink is configured', async () => {
    const stderr = new PassThrough();
    let written = '';
    stderr.on('data', (chunk: Buffer) => { written += chunk.toString(); });
    const logging = createRuntimeLogger(parseSettings({}).logging, { streams: { stderr } });
    logging.logger.warn('no manifest in cache');
    logging.logger.info('below the default level');
    await logging.close();

    expect(written.trim().split('\n').map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['no manifest in cache']);
  });

  it('needs a file path for the file sink', () => {
    expect(() => createRuntimeLogger({ level: 'info', json: true, sinks: ['file'], file_path: undefined, file_max_bytes: undefined, file_max_files: undefined })).toThrow(TypeError);
  });
});
