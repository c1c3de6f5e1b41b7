// Unit tests of the bridges' metrics, read through an in-memory OpenTelemetry reader.
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { EventHandler, Oneiric, Task, Workflow } from '@oneiric/core';
import { createDomainBridges, type DomainBridges } from '../createDomainBridges.js';

class InMemoryReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const reader = new InMemoryReader();
const provider = new MeterProvider({ readers: [reader] });
metrics.setGlobalMeterProvider(provider);

// name -> [attributes, value (a number, or a histogram's count)] of every data point.
async function points(name: string): Promise<Array<[Record<string, unknown>, number]>> {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints.map((point): [Record<string, unknown>, number] => [
      { ...point.attributes }, typeof point.value === 'number' ? point.value : (point.value as { count: number }).count,
    ]));
}

let failing = false;

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

let app: Oneiric;
let bridges: DomainBridges;

beforeAll(async () => {
  app = new Oneiric();
  app.register(Report, Notify, Nightly);
  await app.start();
  bridges = await createDomainBridges(app);
});

afterAll(async () => {
  await bridges.close();
  await app.close();
  metrics.disable();
  await provider.shutdown();
});

afterEach(() => {
  failing = false;
});

describe('domain bridge metrics', () => {
  it('counts task runs by trigger and status, skipped ones included, with durations of the runs that ran', async () => {
    await bridges.tasks.run('report');
    failing = true;
    await expect(bridges.tasks.run('report')).rejects.toThrow('disk full');
    app.setAdmission('task', 'report', 'paused');
    await expect(bridges.tasks.run('report')).rejects.toMatchObject({ kind: 'paused' });
    app.setAdmission('task', 'report', 'open');

    expect(await points('oneiric_task_runs_total')).toEqual(expect.arrayContaining([
      [{ key: 'report', trigger: 'demand', status: 'succeeded' }, 1],
      [{ key: 'report', trigger: 'demand', status: 'failed' }, 1],
      [{ key: 'report', trigger: 'demand', status: 'skipped' }, 1],
    ]));
    expect(await points('oneiric_task_run_duration_seconds')).toEqual(expect.arrayContaining([
      [{ key: 'report', status: 'succeeded' }, 1],
      [{ key: 'report', status: 'failed' }, 1],
    ]));
  });

  it('counts events dispatched by topic and failed handler results', async () => {
    await bridges.events.dispatch('user.created', {});
    failing = true;
    await bridges.events.dispatch('user.created', {});
    await bridges.events.dispatch('order.placed', {});

    expect(await points('oneiric_events_dispatched_total')).toEqual(expect.arrayContaining([
      [{ topic: 'user.created' }, 2],
      [{ topic: 'order.placed' }, 1],
    ]));
    expect(await points('oneiric_event_handler_failures_total')).toEqual([[{ key: 'notify', topic: 'user.created' }, 1]]);
  });

  it('counts workflow runs by outcome: completed, failed, refused', async () => {
    await bridges.workflows.run('nightly');
    failing = true;
    await expect(bridges.workflows.run('nightly')).rejects.toMatchObject({ kind: 'workflowNodeFailed' });
    app.setAdmission('workflow', 'nightly', 'draining');
    await expect(bridges.workflows.run('nightly')).rejects.toMatchObject({ kind: 'draining' });
    app.setAdmission('workflow', 'nightly', 'open');

    expect(await points('oneiric_workflow_runs_total')).toEqual(expect.arrayContaining([
      [{ key: 'nightly', outcome: 'completed' }, 1],
      [{ key: 'nightly', outcome: 'failed' }, 1],
      [{ key: 'nightly', outcome: 'refused' }, 1],
    ]));
    expect(await points('oneiric_workflow_run_duration_seconds')).toEqual(expect.arrayContaining([
      [{ key: 'nightly', outcome: 'completed' }, 1],
    ]));
  });
});
