import { installMetricsReader } from '../testing/metricsReader.js';
import { followMeterProvider } from './meter.js';

describe('followMeterProvider', () => {
  it('makes the instruments again for a provider registered after the getter was created, and only then', async () => {
    let made = 0;
    const instruments = followMeterProvider('@oneiric/test', (meter) => {
      made += 1;
      return meter.createCounter('oneiric_test_total');
    });
    instruments().add(1);
    instruments().add(1);
    expect(made).toBe(1);

    const reader = installMetricsReader();
    try {
      instruments().add(5);
      instruments().add(2);
      expect(made).toBe(2);
      expect(await reader.points('oneiric_test_total')).toEqual([expect.objectContaining({ value: 7 })]);
    } finally {
      await reader.uninstall();
    }
  });
});
