// deploy/metric-names.json against a real runtime: every catalogued metric, with its labels and
// listed label values, is what a runtime in this process serves on /metrics over TCP after it
// swapped, failed a swap, ran tasks, events and workflows, paused a key and synced a manifest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Adapter, EventHandler, Task, Workflow, type Oneiric } from '@oneiric/core';
import { RemoteMeters } from '@oneiric/remote';
import { createRuntime, type Runtime } from '@oneiric/runtime';
import { readMetricCatalogue } from './metricCatalogue.js';

let failing = false;

@Adapter('greeter', 'english', 20)
class EnglishGreeter {
  public greet(name: string): string {
    return `hello ${name}`;
  }
}

@Adapter('greeter', 'french', 10)
class FrenchGreeter {
  public greet(name: string): string {
    return `bonjour ${name}`;
  }
}

@Adapter('greeter', 'broken', 0)
class BrokenGreeter {
  public init(): void {
    throw new Error('cannot connect');
  }
}

@Task('report', 'default')
class Report {
  public run(): string {
    if (failing) {
      throw new Error('disk full');
    }
    return 'done';
  }
}

@EventHandler('notify', 'default', { metadata: { topics: ['user.created'] } })
class Notify {
  public handle(): string {
    if (failing) {
      throw new Error('smtp down');
    }
    return 'ok';
  }
}

@Workflow('nightly', 'default', { metadata: { nodes: [{ id: 'report', task: 'report' }] } })
class Nightly {}

function register(app: Oneiric): void {
  app.register(EnglishGreeter, FrenchGreeter, BrokenGreeter, Report, Notify, Nightly);
}

/** One sample line of the exposition: metric name and labels. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

// The Prometheus text format: `name{a="x",b="y"} value`; label values here hold no escaped quotes.
function samplesOf(text: string): Sample[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s/.exec(line);
    const labels = Object.fromEntries([...(match?.[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((pair) => [pair[1] as string, pair[2] as string]));
    return { name: match?.[1] ?? line, labels };
  });
}

// Names the exporter may add to any series besides the instrument's own attributes.
const EXPORTER_LABELS = /^otel_scope_/;

describe('metrics served by a running runtime', () => {
  const catalogue = readMetricCatalogue();
  let cwd = '';
  let runtime: Runtime | undefined;
  let samples: Sample[] = [];

  beforeAll(async () => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-live-metrics-'));
    runtime = await createRuntime({
      cwd,
      env: {},
      config: { logging: { level: 'error' }, runtime: { http: { port: 0 } }, lifecycle: { circuit_breaker: { enabled: true } } },
      register,
    });
    await runtime.start();
    const { app, bridges } = runtime;
    await app.swap('adapter', 'greeter', { provider: 'french' });
    await expect(app.swap('adapter', 'greeter', { provider: 'broken' })).rejects.toMatchObject({ kind: expect.any(String) });
    await bridges.tasks.run('report');
    await bridges.events.dispatch('user.created', {});
    await bridges.workflows.run('nightly');
    failing = true;
    await expect(bridges.tasks.run('report')).rejects.toThrow('disk full');
    await bridges.events.dispatch('user.created', {});
    await expect(bridges.workflows.run('nightly')).rejects.toMatchObject({ kind: 'workflowNodeFailed' });
    failing = false;
    await bridges.activity.setPaused('service', 'billing', true, 'maintenance');
    // Remote syncs need a manifest server; the runtime's own meters class records them here, so
    // names and labels are the ones a real sync writes.
    const remote = new RemoteMeters();
    remote.record({ outcome: 'success', offline: false, durationMs: 12, serial: 3 });
    remote.record({ outcome: 'failure', offline: false, durationMs: 5, kind: 'signatureInvalid' });
    const port = runtime.httpAddress?.port ?? 0;
    const response = await fetch(`http://127.0.0.1:${String(port)}/metrics`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(200);
    samples = samplesOf(await response.text());
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('serves every catalogued metric (a histogram as _bucket and _count series)', () => {
    const served = new Set(samples.map((sample) => sample.name));
    const missing = Object.entries(catalogue.metrics).flatMap(([name, entry]) => (entry.type === 'histogram' ? [`${name}_bucket`, `${name}_count`] : [name]))
      .filter((name) => !served.has(name));
    expect(missing).toEqual([]);
  });

  it('labels each series only with its catalogued labels, and enumerated labels only with listed values', () => {
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(catalogue.metrics)) {
      const names = entry.type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name];
      for (const sample of samples.filter((candidate) => names.includes(candidate.name))) {
        for (const [label, value] of Object.entries(sample.labels)) {
          const allowed = entry.labels.includes(label) || EXPORTER_LABELS.test(label) || (label === 'le' && sample.name.endsWith('_bucket'));
          if (!allowed) {
            problems.push(`${sample.name}: label ${label} not catalogued`);
          }
          const listed = entry.values?.[label];
          if (listed !== undefined && !listed.includes(value)) {
            problems.push(`${sample.name}: ${label}="${value}" not a listed value`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('reports what happened under the catalogued label values', () => {
    const has = (name: string, labels: Record<string, string>): boolean =>
      samples.some((sample) => sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value));
    expect({
      swapped: has('oneiric_swaps_total', { domain: 'adapter', key: 'greeter', provider: 'french' }),
      swapFailed: has('oneiric_swap_failures_total', { domain: 'adapter', key: 'greeter', provider: 'broken' }),
      running: has('oneiric_runtime_phase', { phase: 'running' }),
      paused: has('oneiric_runtime_paused_keys', { domain: 'service' }),
      admissionPaused: has('oneiric_admission_keys', { state: 'paused' }),
      refusal: has('oneiric_remote_syncs_total', { outcome: 'failure', offline: 'false', kind: 'signatureInvalid' }),
      taskFailed: has('oneiric_task_runs_total', { key: 'report', trigger: 'demand', status: 'failed' }),
    }).toEqual({ swapped: true, swapFailed: true, running: true, paused: true, admissionPaused: true, refusal: true, taskFailed: true });
  });
});
