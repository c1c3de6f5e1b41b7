import { Oneiric } from '../application/oneiric.js';
import { Adapter } from '../decorators/adapter.js';
import { installMetricsReader } from '../testing/metricsReader.js';

@Adapter('cache', 'memory')
class MemoryCache {
  public get(): string {
    return 'memory';
  }
}

describe('instrumentApplication, having a meter provider registered after the application was created', () => {
  it('records to that provider from start() on', async () => {
    const app = new Oneiric();
    app.register(MemoryCache);
    // As a runtime may do: the application first, the metrics exporter second.
    const reader = installMetricsReader();
    try {
      await app.start();
      await app.swap('adapter', 'cache');
      expect(await reader.points('oneiric_swaps_total')).toEqual([
        expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache', provider: 'memory' }, value: 2 }),
      ]);
      expect(await reader.points('oneiric_calls_in_flight')).toEqual([expect.objectContaining({ attributes: { domain: 'adapter', key: 'cache' }, value: 0 })]);
      await app.close();
    } finally {
      await reader.uninstall();
    }
  });
});
