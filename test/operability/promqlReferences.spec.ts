import { catalogueProblems, type MetricCatalogue } from './metricCatalogue.js';
import { promqlReferences } from './promqlReferences.js';

const sorted = (values: ReadonlySet<string>): string[] => [...values].sort();

describe('promqlReferences', () => {
  it('finds metric names and leaves out functions, aggregations, numbers and keywords', () => {
    const found = promqlReferences('sum by (job, instance) (increase(a_total[15m])) > 0 and on (job) (time() - max(b_seconds) > 900) unless c offset 5m');
    expect(sorted(found.metrics)).toEqual(['a_total', 'b_seconds', 'c']);
    expect(sorted(found.labels)).toEqual(['instance', 'job']);
  });

  it('reads label names from matchers but not from their values', () => {
    const found = promqlReferences('x{outcome="refused", instance=~"$instance", job!="by (key)"}');
    expect(sorted(found.metrics)).toEqual(['x']);
    expect(sorted(found.labels)).toEqual(['instance', 'job', 'outcome']);
    expect(found.matchers).toEqual([
      { label: 'outcome', operator: '=', value: 'refused' },
      { label: 'instance', operator: '=~', value: '$instance' },
      { label: 'job', operator: '!=', value: 'by (key)' },
    ]);
  });

  it('skips ranges, subqueries, Grafana variables and bool', () => {
    const found = promqlReferences('avg_over_time((time() - ts < bool 900)[30d:1m]) + rate(y[$__rate_interval]) * $factor');
    expect(sorted(found.metrics)).toEqual(['ts', 'y']);
  });

  it('reads grouping written after the aggregation too', () => {
    const found = promqlReferences('histogram_quantile(0.99, sum(rate(h_bucket[5m])) by (le, domain))');
    expect(sorted(found.metrics)).toEqual(['h_bucket']);
    expect(sorted(found.labels)).toEqual(['domain', 'le']);
  });
});

describe('catalogueProblems', () => {
  const catalogue: MetricCatalogue = {
    fleet: {},
    metrics: {
      swaps_total: { type: 'counter', labels: ['domain', 'key'], meaning: 'swaps' },
      syncs_total: { type: 'counter', labels: ['outcome'], meaning: 'syncs', values: { outcome: ['success', 'failure'] } },
      swap_seconds: { type: 'histogram', labels: ['domain'], meaning: 'durations' },
    },
    scrape: { up: { type: 'gauge', labels: [], meaning: 'scraped' } },
  };

  it('accepts listed names, histogram suffixes and the labels their metrics carry', () => {
    expect(catalogueProblems(catalogue, 'sum by (domain, key, instance) (rate(swaps_total{job="a"}[5m]))')).toEqual([]);
    expect(catalogueProblems(catalogue, 'histogram_quantile(0.5, sum by (le, domain) (rate(swap_seconds_bucket[5m])))')).toEqual([]);
    expect(catalogueProblems(catalogue, 'up == 0')).toEqual([]);
  });

  it('names an unlisted metric, a bare histogram and a label no metric carries', () => {
    expect(catalogueProblems(catalogue, 'rate(swapz_total[5m])')).toEqual(['unknown metric swapz_total']);
    expect(catalogueProblems(catalogue, 'swap_seconds')).toEqual(['unknown metric swap_seconds']);
    expect(catalogueProblems(catalogue, 'sum by (provider) (swaps_total)')).toEqual(['label provider is not a label of swaps_total']);
    expect(catalogueProblems(catalogue, 'sum by (le) (rate(swap_seconds_sum[5m]))')).toEqual(['label le is not a label of swap_seconds_sum']);
  });

  it('holds exact matchers on enumerated labels to the listed values', () => {
    expect(catalogueProblems(catalogue, 'syncs_total{outcome="failure"} + syncs_total{outcome=~"fail.*"}')).toEqual([]);
    expect(catalogueProblems(catalogue, 'syncs_total{outcome="failed"}')).toEqual(['outcome="failed" is not a listed value (success, failure)']);
  });

  it('refuses an expression that refers to no metric', () => {
    expect(catalogueProblems(catalogue, 'vector(1)')).toEqual(['refers to no metric']);
  });
});
