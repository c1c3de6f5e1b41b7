// A real Prometheus scrapes a runtime started through the CLI: after `oneiric swap` the swap
// counter (its name from deploy/metric-names.json) is what Prometheus' own query API answers.
// CI installs Debian's prometheus (.ci/run); elsewhere a missing binary skips with the reason.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import yaml from 'js-yaml';
import { buildCli, describeWhenInstalled, freePort, missingBinary, pollUntil, startCliRuntime, stopProcess, type CliRuntime } from './cliRuntime.js';
import { readMetricCatalogue } from './metricCatalogue.js';

jest.setTimeout(180_000);

const SWAP_COUNTER = 'oneiric_swaps_total';
const missing = missingBinary('prometheus');

/** One sample of an instant query's vector answer. */
interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

/** A Prometheus server of the test's own, on a free port, storing into a temporary directory. */
interface PrometheusServer {
  readonly url: string;
  stop(): Promise<void>;
}

async function startPrometheus(targetHost: string): Promise<PrometheusServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oneiric-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: [{ job_name: 'oneiric', metrics_path: '/metrics', static_configs: [{ targets: [targetHost] }] }],
  };
  writeFileSync(path.join(dir, 'prometheus.yml'), yaml.dump(config));
  const address = `127.0.0.1:${String(await freePort())}`;
  const child: ChildProcess = spawn('prometheus', [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=${address}`,
  ], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => { log = `${log}${chunk.toString('utf8')}`.slice(-8_000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server = {
    url: `http://${address}`,
    async stop(): Promise<void> {
      await stopProcess(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await pollUntil('prometheus ready', async () => {
      if (child.exitCode !== null) {
        throw new Error(`prometheus exited ${String(child.exitCode)}: ${log}`);
      }
      return (await fetch(`${server.url}/-/ready`, { signal: AbortSignal.timeout(2_000) })).ok ? true : undefined;
    }, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function prometheusApi<T>(server: PrometheusServer, pathAndQuery: string): Promise<T> {
  const response = await fetch(`${server.url}${pathAndQuery}`, { signal: AbortSignal.timeout(5_000) });
  const body = await response.json() as { status: string; data: T; error?: string };
  if (body.status !== 'success') {
    throw new Error(`${pathAndQuery}: ${body.error ?? body.status}`);
  }
  return body.data;
}

async function query(server: PrometheusServer, promql: string): Promise<VectorSample[]> {
  const data = await prometheusApi<{ resultType: string; result: VectorSample[] }>(server, `/api/v1/query?query=${encodeURIComponent(promql)}`);
  return data.result;
}

describeWhenInstalled('a Prometheus server scraping a runtime started through the CLI', missing, 'prometheus', () => {
  let runtime: CliRuntime | undefined;
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    await buildCli();
    runtime = await startCliRuntime('onr-prom-');
    prometheus = await startPrometheus(new URL(runtime.httpBase).host);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await runtime?.stop();
  });

  it('uses the swap counter name the metric catalogue lists', () => {
    expect(readMetricCatalogue().metrics[SWAP_COUNTER]?.labels).toEqual(['domain', 'key', 'provider']);
  });

  it('sees the target up, then the swap made with `oneiric swap` in its query API', async () => {
    const server = prometheus as PrometheusServer;
    const cli = runtime as CliRuntime;
    const target = await pollUntil('the runtime target up', async () => {
      const data = await prometheusApi<{ activeTargets: Array<{ health: string; scrapeUrl: string; lastError: string }> }>(server, '/api/v1/targets');
      return data.activeTargets.find((each) => each.health === 'up');
    }, 30_000);
    expect(target.scrapeUrl).toBe(`${cli.httpBase}/metrics`);
    const french = `${SWAP_COUNTER}{job="oneiric",domain="adapter",key="greeter",provider="french"}`;
    // The first activation counted english; french has no series until the swap.
    const english = await pollUntil('the first activation scraped', async () => (await query(server, `${SWAP_COUNTER}{key="greeter",provider="english"}`))[0], 30_000);
    expect(Number(english.value[1])).toBe(1);
    expect(await query(server, french)).toEqual([]);

    const printed = await cli.oneiric('swap', 'greeter', '--provider', 'french', '--json');
    expect(JSON.parse(printed)).toMatchObject({ provider: 'french', previousProvider: 'english' });

    const swapped = await pollUntil('the swap in Prometheus', async () => {
      const samples = await query(server, french);
      return samples.find((sample) => Number(sample.value[1]) >= 1);
    }, 30_000);
    expect(swapped.metric).toMatchObject({ __name__: SWAP_COUNTER, job: 'oneiric', instance: new URL(cli.httpBase).host, domain: 'adapter', key: 'greeter', provider: 'french' });
    expect(Number(swapped.value[1])).toBe(1);
  });
});
