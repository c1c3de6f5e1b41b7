// The light path against a real runtime process: the same output and exit code as the full program (needs the build, done in beforeAll).
import { jest } from '@jest/globals';
import type { CliIo } from './cliIo.js';
import { runCli } from './runCli.js';
import { runRoutedCommand } from './runRoutedCommand.js';
import { startRuntimeProject, stopRuntimeProject, withoutRunVariance, type RuntimeProject } from './testing/runtimeProcessFixture.js';

jest.setTimeout(120_000);

let project: RuntimeProject;

interface Captured {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

function capture(run: (io: CliIo) => Promise<number | undefined>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd: project.dir,
    env: { PATH: process.env['PATH'] ?? '' },
  };
  return run(io).then((code) => ({ code, stdout, stderr }));
}

beforeAll(async () => {
  project = await startRuntimeProject();
});

afterAll(() => stopRuntimeProject(project));

describe('runRoutedCommand', () => {
  describe('with a runtime running for the cache directory', () => {
    it.each([
      [['status']],
      [['status', '--json', '--domain', 'ADAPTER']],
      [['status', '--key', 'nosuch']],
      [['list', '--shadowed']],
      [['list', '--json', '--domain', 'event']],
      [['health']],
      [['health', '--json', '--domain', 'task']],
      [['--import', './providers.mjs', 'swap', 'greeter', '--provider', 'french']],
      [['swap', 'greeter', '--json']],
      [['swap', 'greter']],
      [['swap', 'greeter', '--provider', 'german', '--json']],
    ])('answers %j as the full program does', async (argv) => {
      const light = await capture((io) => runRoutedCommand(argv, io));
      const full = await capture((io) => runCli(argv, io));

      expect(light.code).toBe(full.code);
      expect(withoutRunVariance(light.stdout)).toBe(withoutRunVariance(full.stdout));
      expect(light.stderr).toBe(full.stderr);
      expect(light.stdout + light.stderr).not.toBe('');
    });

    it('leaves help, --local and unknown options to the full program', async () => {
      for (const argv of [['status', '--help'], ['--local', 'status'], ['status', '--nosuch'], ['pause', 'greeter']]) {
        expect(await capture((io) => runRoutedCommand(argv, io))).toEqual({ code: undefined, stdout: '', stderr: '' });
      }
    });
  });

  describe('with no runtime running', () => {
    it('leaves the command to the full program (which answers from the files or refuses)', async () => {
      await project.oneiric('stop', '--timeout', '10000');

      expect(await capture((io) => runRoutedCommand(['status', '--json'], io))).toEqual({ code: undefined, stdout: '', stderr: '' });
      expect(await capture((io) => runRoutedCommand(['swap', 'greeter'], io))).toEqual({ code: undefined, stdout: '', stderr: '' });
    });
  });
});
