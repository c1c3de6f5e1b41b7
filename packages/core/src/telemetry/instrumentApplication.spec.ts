import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { Oneiric } from '../application/oneiric.js';
import { Adapter } from '../decorators/adapter.js';
import { deferred } from '../testing/deferred.js';
import { installMetricsReader } from '../testing/metricsReader.js';

const gate = { pending: undefined as ReturnType<typeof deferred<void>> | undefined, failInit: false };

@Adapter('cache', 'redis', 200)
class RedisCache {
  public init(): void {
    if (gate.failInit) {
      throw new Error('redis unreachable');
    }
  }
  public async get(): Promise<string> {
    await gate.pending?.promise;
    return 'redis';
  }
}

@Adapter('cache', 'memory', 100)
class MemoryCache {
  public async get(): Promise<string> {
    return 'memory';
  }
}

const reader = installMetricsReader();

afterAll(async () => {
  await reader.uninstall();
});

afterEach(() => {
  gate.pending = undefined;
  gate.failInit = false;
});

describe('instrumentApplication', () => {
  it('counts swaps and swap failures by key and provider, and records swap durations in seconds', async () => {
    const app = new Oneiric();
    app.register(RedisCache, MemoryCache);
    await app.start();
    await app.swap('adapter', 'cache', { provider: 'memory' });
    gate.failInit = true;
    await expect(app.swap('adapter', 'cache', { provider: 'redis' })).rejects.toMatchObject({ kind: 'initFailed' });

    const swaps = await reader.points('oneiric_swaps_total');
    expect(swaps).toEqual(expect.arrayContaining([
      expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache', provider: 'redis' }, value: 1 }),
      expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache', provider: 'memory' }, value: 1 }),
    ]));
    expect(await reader.points('oneiric_swap_failures_total')).toEqual([
      expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache', provider: 'redis', kind: 'initFailed' }, value: 1 }),
    ]);
    const durations = await reader.points('oneiric_swap_duration_seconds');
    expect(durations.map((point) => point.unit)).toEqual(['s', 's']);
    expect(durations.every((point) => typeof point.value === 'object' && point.value.count === 1 && (point.value.sum ?? -1) >= 0)).toBe(true);
    await app.close();
  });

  it('observes calls in flight and the keys paused or draining', async () => {
    const app = new Oneiric();
    app.register(RedisCache, MemoryCache);
    await app.start();
    gate.pending = deferred();
    const running = app.use<RedisCache>('adapter', 'cache').get();
    app.setAdmission('adapter', 'cache', 'draining');
    app.setAdmission('service', 'checkout', 'paused');

    // (A gauge series of an earlier application keeps its last value in the SDK: only this key's matters.)
    expect(await reader.points('oneiric_calls_in_flight')).toEqual(expect.arrayContaining([
      expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache' }, value: 1 }),
    ]));
    const admission = await reader.points('oneiric_admission_keys');
    expect(admission.map((point) => [point.attributes['state'], point.value])).toEqual(expect.arrayContaining([['paused', 1], ['draining', 1]]));

    gate.pending.resolve();
    await running;
    app.setAdmission('adapter', 'cache', 'open');
    app.setAdmission('service', 'checkout', 'open');
    expect(await reader.points('oneiric_calls_in_flight')).toEqual(expect.arrayContaining([
      expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache' }, value: 0 }),
    ]));
    await app.close();
  });

  it('reports breaker states of guarded providers as numbers', async () => {
    const app = new Oneiric({ circuitBreaker: { guarded: (domain) => domain === 'adapter' } });
    app.register(RedisCache, MemoryCache);
    await app.start();
    expect(await reader.points('oneiric_breaker_state')).toEqual([
      expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache', provider: 'redis' }, value: 0 }),
      expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache', provider: 'memory' }, value: 0 }),
    ]);
    await app.close();
  });

  it('comes out of the Prometheus exporter with Prometheus names, units in them', async () => {
    const app = new Oneiric();
    app.register(RedisCache, MemoryCache);
    await app.start();
    const text = new PrometheusSerializer(undefined, false, undefined, true, true).serialize(await reader.collect());
    expect(text).toContain('# TYPE oneiric_swaps_total counter');
    expect(text).toMatch(/oneiric_swaps_total\{domain="adapter",key="cache",provider="redis"\} \d+/);
    expect(text).toContain('# TYPE oneiric_swap_duration_seconds histogram');
    expect(text).toContain('oneiric_swap_duration_seconds_bucket{domain="adapter",key="cache",provider="redis",le="0.001"}');
    expect(text).toContain('# TYPE oneiric_calls_in_flight gauge');
    await app.close();
  });
});
