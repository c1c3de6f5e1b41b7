import { metrics } from '@opentelemetry/api';
import { createRuntimeMetrics, type RuntimeMetrics } from './runtimeMetrics.js';

describe('createRuntimeMetrics', () => {
  let runtimeMetrics: RuntimeMetrics | undefined;

  afterEach(async () => {
    await runtimeMetrics?.shutdown();
    runtimeMetrics = undefined;
  });

  it('exports a counter made through @opentelemetry/api with Prometheus naming', async () => {
    runtimeMetrics = createRuntimeMetrics();
    const swaps = metrics.getMeter('@oneiric/core').createCounter('oneiric.swaps', { description: 'Swaps that flipped' });
    swaps.add(2, { key: 'cache', provider: 'memory' });

    const text = await runtimeMetrics.text();

    expect(text).toContain('# TYPE oneiric_swaps_total counter');
    expect(text).toMatch(/^oneiric_swaps_total\{[^}]*key="cache",provider="memory"[^}]*\} 2$/m);
  });

  it('reports the runtime phase and paused and draining keys per domain from its sources', async () => {
    runtimeMetrics = createRuntimeMetrics();
    let phase: 'starting' | 'running' = 'starting';
    runtimeMetrics.observeRuntime({
      phase: () => phase,
      activity: () => [
        { domain: 'adapter', paused: true, draining: false },
        { domain: 'adapter', paused: true, draining: true },
        { domain: 'task', paused: false, draining: false },
      ],
    });
    phase = 'running';

    const text = await runtimeMetrics.text();

    expect(text).toMatch(/^oneiric_runtime_phase\{[^}]*phase="running"[^}]*\} 1$/m);
    expect(text).toMatch(/^oneiric_runtime_phase\{[^}]*phase="starting"[^}]*\} 0$/m);
    expect(text).toMatch(/^oneiric_runtime_paused_keys\{[^}]*domain="adapter"[^}]*\} 2$/m);
    expect(text).toMatch(/^oneiric_runtime_draining_keys\{[^}]*domain="adapter"[^}]*\} 1$/m);
    expect(text).toMatch(/^oneiric_runtime_paused_keys\{[^}]*domain="task"[^}]*\} 0$/m);
  });

  it('lets a later runtime in the same process register its own provider after shutdown', async () => {
    const first = createRuntimeMetrics();
    const second = createRuntimeMetrics();
    expect([first.registered, second.registered]).toEqual([true, false]);
    await second.shutdown();
    await first.shutdown();
    await first.shutdown();
    runtimeMetrics = createRuntimeMetrics();
    metrics.getMeter('later').createCounter('oneiric.later.calls').add(1);

    expect(await runtimeMetrics.text()).toContain('oneiric_later_calls_total');
  });
});
