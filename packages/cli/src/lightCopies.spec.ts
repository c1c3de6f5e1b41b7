// The CLI keeps light copies of a few core facts so its client path never loads core: they must agree with core.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMAINS, loadSettings, optionsFromSettings } from '@oneiric/core';
import { percentile } from '@oneiric/core/internal';
import { DOMAIN_NAMES } from './domainNames.js';
import { samplePercentile } from './samplePercentile.js';
import { settingsCacheDir } from './settingsCacheDir.js';

describe('light copies of core', () => {
  it('DOMAIN_NAMES is core\'s DOMAINS', () => {
    expect(DOMAIN_NAMES).toEqual([...DOMAINS]);
  });

  it('samplePercentile is core\'s percentile', () => {
    const samples = [[], [5], [3, 1, 2], [10, 40, 20, 30, 0.5, 7, 7, 99]];
    for (const values of samples) {
      for (const p of [0, 1, 50, 95, 99, 100]) {
        expect(samplePercentile(values, p)).toBe(percentile(values, p));
      }
    }
  });

  describe('settingsCacheDir finds the cache_dir core\'s loader finds', () => {
    let cwd: string;
    beforeEach(() => {
      cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-cli-cachedir-'));
      mkdirSync(path.join(cwd, 'settings'));
    });
    afterEach(() => rmSync(cwd, { recursive: true, force: true }));

    const expectAgreement = async (env: Record<string, string>, explicit?: string): Promise<void> => {
      const { settings } = await loadSettings({ cwd, env, ...(explicit === undefined ? {} : { explicitPath: explicit }) });
      const expected = optionsFromSettings(settings, { cwd }).cacheDir;
      expect(await settingsCacheDir({ cwd, env, stdout: process.stdout, stderr: process.stderr }, explicit)).toBe(expected);
    };

    it('with defaults only', async () => {
      await expectAgreement({});
    });

    it('with the project file, the local file, the environment and an explicit file, each winning over the last', async () => {
      writeFileSync(path.join(cwd, 'settings', 'oneiric.yaml'), 'cache_dir: from-project\n');
      await expectAgreement({});
      writeFileSync(path.join(cwd, 'settings', 'local.json'), '{"cache_dir": "from-local"}');
      await expectAgreement({});
      await expectAgreement({ ONEIRIC_CACHE_DIR: '/abs/from-env' });
      writeFileSync(path.join(cwd, 'explicit.yml'), 'cache_dir: from-explicit\n');
      await expectAgreement({ ONEIRIC_CACHE_DIR: '/abs/from-env' }, 'explicit.yml');
      await expectAgreement({ ONEIRIC_CONFIG: 'explicit.yml' });
    });

    it('with ONEIRIC_CONFIG_DIR', async () => {
      mkdirSync(path.join(cwd, 'conf'));
      writeFileSync(path.join(cwd, 'conf', 'oneiric.yml'), 'cache_dir: from-conf\n');
      await expectAgreement({ ONEIRIC_CONFIG_DIR: 'conf' });
    });

    it('and gives up (undefined) on a broken file, leaving the error to core', async () => {
      writeFileSync(path.join(cwd, 'settings', 'oneiric.yaml'), 'cache_dir: [unclosed\n');
      expect(await settingsCacheDir({ cwd, env: {}, stdout: process.stdout, stderr: process.stderr }, undefined)).toBeUndefined();
    });
  });
});
