// In-process test of `plugins` with no runtime running: discovery from the project's package.json files.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess } from './testing/runInProcess.js';

const cli = runInProcess('oneiric-cli-plugins-');

function writePackage(directory: string, manifest: object, files: Record<string, string> = {}): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(directory, name), text);
  }
}

describe('oneiric plugins without a runtime', () => {
  it('runs discovery here, says so, and reports loaded and failed packages', async () => {
    writePackage(cli.workDir, { name: 'app', dependencies: { 'acme-cache': '1.0.0', 'broken-plugin': '1.0.0' } });
    writePackage(path.join(cli.workDir, 'node_modules', 'acme-cache'), { name: 'acme-cache', type: 'module', oneiric: './providers.js' }, {
      'providers.js': "export const providers = [{ domain: 'adapter', key: 'cache', provider: 'acme', factory: { kind: 'function', build: () => ({}) } }];\n",
    });
    writePackage(path.join(cli.workDir, 'node_modules', 'broken-plugin'), { name: 'broken-plugin', type: 'module', oneiric: './providers.js' }, {
      'providers.js': 'throw new Error("plugin exploded");\n',
    });
    mkdirSync(path.join(cli.workDir, 'settings'));
    writeFileSync(path.join(cli.workDir, 'settings', 'runtime.yaml'), 'plugins:\n  auto_load: true\n');

    const result = await cli.run(['plugins', '--json']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('answering from the files');
    const report = JSON.parse(result.stdout) as { enabled: boolean; plugins: { packageName: string; loaded: boolean; candidates: string[]; error?: { message: string } }[] };
    expect(report.enabled).toBe(true);
    expect(report.plugins.find((plugin) => plugin.packageName === 'acme-cache')).toMatchObject({ loaded: true, candidates: ['adapter:cache:acme'] });
    expect(report.plugins.find((plugin) => plugin.packageName === 'broken-plugin')).toMatchObject({ loaded: false, error: { message: expect.stringContaining('plugin exploded') } });
  });

  it('reports discovery off by default', async () => {
    const result = await cli.run(['plugins']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Plugin discovery is off (plugins.auto_load false and no plugins.packages).\n');
  });
});
