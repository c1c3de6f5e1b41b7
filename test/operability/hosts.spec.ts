// The Dockerfile and the systemd unit agree with the ConfigMap's settings (port, host, shutdown
// timeout, cache directory) and with the Deployment (settings path, command, user).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dockerInstructions, envPairs, objectOf, parseSettingsText, readRepositoryFile, systemdSeconds, timingsOf, unitDirectives, type DockerInstruction } from './deployFiles.js';
import { repositoryRoot } from './metricCatalogue.js';

const configMap = objectOf('ConfigMap') as unknown as { data: Record<string, string> };
const timings = timingsOf(parseSettingsText(configMap.data['oneiric.yaml'] ?? ''));
const deployment = objectOf('Deployment') as unknown as { spec: { template: { spec: { containers: { args: string[]; env: { name: string; value?: string }[] }[] } } } };
const container = deployment.spec.template.spec.containers[0];

describe('Dockerfile', () => {
  const instructions = dockerInstructions(readRepositoryFile('deploy/docker/Dockerfile'));
  const all = (name: string): DockerInstruction[] => instructions.filter((instruction) => instruction.instruction === name);
  const last = (name: string): string => all(name).at(-1)?.args ?? '';
  const env = Object.assign({}, ...all('ENV').map((instruction) => envPairs(instruction.args))) as Record<string, string>;
  const bakedSettings = timingsOf(parseSettingsText(readRepositoryFile('deploy/docker/oneiric.yaml')));

  it('builds in stages from node:20-bookworm-slim', () => {
    expect(instructions[0]).toEqual({ instruction: 'ARG', args: 'NODE_IMAGE=node:20-bookworm-slim' });
    expect(all('FROM').map((instruction) => instruction.args)).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE}']);
  });

  it('runs as a non-root user', () => {
    expect(last('USER')).not.toMatch(/^(root|0)(:|$)/);
    expect(last('USER')).toBe('node');
  });

  it('bakes default settings equal to the ConfigMap\'s where they overlap, at the path the ConfigMap replaces', () => {
    expect(bakedSettings).toEqual(timings);
    expect(all('COPY').map((instruction) => instruction.args)).toContain(`deploy/docker/oneiric.yaml ${env['ONEIRIC_CONFIG'] ?? ''}`);
    expect(container?.env.find((variable) => variable.name === 'ONEIRIC_CONFIG')?.value).toBe(env['ONEIRIC_CONFIG']);
  });

  it('exposes the settings\' port and checks health on /healthz there, with a timeout', () => {
    expect(last('EXPOSE')).toBe(String(timings.port));
    const healthcheck = last('HEALTHCHECK');
    expect(healthcheck).toMatch(/--timeout=\d+s/);
    expect(healthcheck).toContain(`http://127.0.0.1:${String(timings.port)}/healthz`);
    expect(healthcheck).toContain('AbortSignal.timeout(');
  });

  it('creates cache_dir 0700 for the runtime user', () => {
    const run = all('RUN').map((instruction) => instruction.args).find((args) => args.includes(timings.cacheDir));
    expect(run).toContain(`chmod 0700 ${timings.cacheDir}`);
    expect(run).toContain(`chown ${last('USER')}:${last('USER')} ${timings.cacheDir}`);
  });

  it('stops with SIGTERM and runs the CLI\'s orchestrate command, as the Deployment does', () => {
    expect(last('STOPSIGNAL')).toBe('SIGTERM');
    const entrypoint = JSON.parse(last('ENTRYPOINT')) as string[];
    expect(entrypoint[0]).toBe('node');
    expect(entrypoint[1]).toBe('/app/packages/cli/bin/oneiric.js');
    expect(existsSync(`${repositoryRoot}packages/cli/bin/oneiric.js`)).toBe(true);
    expect(JSON.parse(last('CMD'))).toEqual(container?.args);
  });

  it('keeps the build context small (BuildKit reads Dockerfile.dockerignore beside the Dockerfile)', () => {
    const ignored = readRepositoryFile('deploy/docker/Dockerfile.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', '**/node_modules', '**/dist']));
  });
});

describe('systemd unit', () => {
  const unit = unitDirectives(readRepositoryFile('deploy/systemd/oneiric.service'));
  const one = (key: string): string => (unit.get(key) ?? []).at(-1) ?? '';
  const environment = Object.fromEntries((unit.get('Service.Environment') ?? []).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));

  it('restarts on failure and stops with SIGTERM', () => {
    expect(one('Service.Restart')).toBe('on-failure');
    expect(one('Service.KillSignal')).toBe('SIGTERM');
  });

  it('waits longer than the runtime\'s shutdown timeout before killing', () => {
    expect(systemdSeconds(one('Service.TimeoutStopSec')) * 1000).toBeGreaterThan(timings.shutdownTimeoutMs);
  });

  it('runs orchestrate as a non-root user with cache_dir created 0700', () => {
    expect(one('Service.ExecStart')).toMatch(/^\/usr\/bin\/node \/opt\/oneiric\/packages\/cli\/bin\/oneiric\.js orchestrate$/);
    expect(one('Service.User')).not.toMatch(/^(root|0)?$/);
    expect(`/var/cache/${one('Service.CacheDirectory')}`).toBe(timings.cacheDir);
    expect(environment['ONEIRIC_CACHE_DIR']).toBe(timings.cacheDir);
    expect(one('Service.CacheDirectoryMode')).toBe('0700');
    expect(environment['ONEIRIC_CONFIG']).toMatch(/^\/etc\/oneiric\/.+\.yaml$/);
  });

  it('is wanted by the multi-user target after the network is up', () => {
    expect(one('Install.WantedBy')).toBe('multi-user.target');
    expect(one('Unit.After')).toContain('network-online.target');
  });

  const analyzer = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  (analyzer.status === 0 ? it : it.skip)('passes systemd-analyze verify without unknown or invalid directives (skipped without systemd-analyze)', () => {
    const verified = spawnSync('systemd-analyze', ['verify', `${repositoryRoot}deploy/systemd/oneiric.service`], { encoding: 'utf8', timeout: 60_000 });
    expect(verified.stderr.split('\n').filter((line) => /unknown|invalid|failed to parse|ignoring/i.test(line))).toEqual([]);
  });

  it('parses time spans as systemd does for the forms used', () => {
    expect([systemdSeconds('30'), systemdSeconds('45s'), systemdSeconds('2min'), systemdSeconds('1min 30s')]).toEqual([30, 45, 120, 90]);
    expect(() => systemdSeconds('soon')).toThrow('not a time span');
  });
});
