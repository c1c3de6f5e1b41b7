// Runs Prometheus' own checker on the rules, their unit tests and the example configuration.
// CI installs promtool (.ci/run); elsewhere a missing promtool skips this file with the reason.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { repositoryRoot } from './metricCatalogue.js';
import { dashboardQueries, markdownQueries, withGrafanaIntervals } from './queries.js';

const run = promisify(execFile);
const PROMTOOL_TIMEOUT_MS = 60_000;
const directory = `${repositoryRoot}deploy/prometheus`;

function promtoolMissing(): string | undefined {
  const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error !== undefined) {
    return probe.error.message;
  }
  return probe.status === 0 ? undefined : `promtool --version exited ${String(probe.status)}`;
}

async function promtool(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('promtool', args, { cwd: directory, timeout: PROMTOOL_TIMEOUT_MS, killSignal: 'SIGKILL' });
  return `${stdout}${stderr}`;
}

const missing = promtoolMissing();
const onCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

if (missing === undefined) {
  describe('promtool', () => {
    it('accepts the alert rules', async () => {
      await expect(promtool('check', 'rules', 'alerts.yml')).resolves.toContain('SUCCESS: 11 rules found');
    });

    it('passes the rules\' unit tests (alerts.test.yml)', async () => {
      await expect(promtool('test', 'rules', 'alerts.test.yml')).resolves.toContain('SUCCESS');
    });

    it('accepts the example scrape configuration and the rule file it loads', async () => {
      await expect(promtool('check', 'config', 'prometheus.yml')).resolves.toContain('is valid prometheus config file syntax');
    });

    it('parses every dashboard and SLO query (checked as recording rules)', async () => {
      const queries = [...dashboardQueries(), ...markdownQueries('docs/slo.md')];
      const rules = queries.map((query, index) => ({ record: `oneiric:query_${String(index)}`, expr: withGrafanaIntervals(query.expr) }));
      const scratch = await mkdtemp(join(tmpdir(), 'oneiric-promql-'));
      try {
        await writeFile(join(scratch, 'queries.yml'), yaml.dump({ groups: [{ name: 'queries', rules }] }));
        await expect(promtool('check', 'rules', join(scratch, 'queries.yml'))).resolves.toContain(`SUCCESS: ${String(rules.length)} rules found`);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    });
  });
} else if (onCi) {
  describe('promtool', () => {
    it('is installed (.ci/run installs Debian\'s prometheus package)', () => {
      throw new Error(`promtool is missing on CI: ${missing}`);
    });
  });
} else {
  console.log(`test/operability/promtool.int.spec.ts skipped: promtool is not installed (${missing}); apt-get install prometheus to run it`);
  describe.skip('promtool', () => {
    it('checks the rules', () => undefined);
  });
}
