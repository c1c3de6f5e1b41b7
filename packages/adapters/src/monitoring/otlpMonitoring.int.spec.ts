import { metrics, trace } from '@opentelemetry/api';
import { Oneiric } from '@oneiric/core';
import { startOtlpCollectorStandIn, type OtlpCollectorStandIn } from '../testing/otlpCollectorStandIn.js';
import { LogfireMonitoring, logfireBaseUrl } from './logfireMonitoring.js';
import { LogfireMonitoringSettings } from './logfireMonitoringSettings.js';
import type { Monitoring } from './monitoring.js';
import { OtlpMonitoring } from './otlpMonitoring.js';
import { OtlpMonitoringSettings } from './otlpMonitoringSettings.js';

// Long enough that no batch leaves on its own during a test: what arrives was flushed.
const NEVER_MS = 600_000;

describe('OTLP and Logfire monitoring against OTLP/HTTP collector stand-ins', () => {
  let collector: OtlpCollectorStandIn;
  let logfire: OtlpCollectorStandIn;
  beforeAll(async () => {
    [collector, logfire] = await Promise.all([startOtlpCollectorStandIn(), startOtlpCollectorStandIn()]);
  });
  afterAll(async () => {
    await Promise.all([collector.stop(), logfire.stop()]);
  });
  beforeEach(() => {
    collector.spans.length = 0;
    logfire.spans.length = 0;
  });

  const otlpSettings = (): OtlpMonitoringSettings => Object.assign(new OtlpMonitoringSettings(), {
    endpoint: collector.url, serviceName: 'otlp-test', batchDelayMs: NEVER_MS, metricIntervalMs: NEVER_MS, exportTimeoutMs: 5_000,
  });

  it('installs the SDK behind the global API: spans and metrics reach the collector, errors as exception events', async () => {
    const monitoring = new OtlpMonitoring(otlpSettings());
    await monitoring.init();
    try {
      trace.getTracer('orders').startSpan('checkout').end();
      metrics.getMeter('orders').createCounter('orders_placed').add(1);
      monitoring.captureError(new Error('card declined'), { order: 42 });
      expect(await monitoring.flush()).toBe(true);
      expect(collector.spans.map((span) => span.name)).toEqual(expect.arrayContaining(['checkout', 'exception']));
      expect(collector.spans.find((span) => span.name === 'exception')?.exceptions).toEqual(['card declined']);
      expect(collector.spans[0]?.service).toBe('otlp-test');
      expect(collector.metrics).toContain('orders_placed');
      expect(await monitoring.health()).toBe(true);
    } finally {
      await monitoring.cleanup();
    }
    // Uninstalled: spans go nowhere, and nothing more reaches the collector.
    const before = collector.spans.length;
    trace.getTracer('orders').startSpan('after-cleanup').end();
    expect(trace.getTracer('x').startSpan('probe').isRecording()).toBe(false);
    expect(collector.spans.length).toBe(before);
  });

  it('is unhealthy when the collector does not answer', async () => {
    const monitoring = new OtlpMonitoring(Object.assign(otlpSettings(), { endpoint: 'http://127.0.0.1:1', exportTimeoutMs: 1_000, flushTimeoutMs: 1_000 }));
    await monitoring.init();
    expect(await monitoring.health()).toBe(false);
    await monitoring.cleanup();
  });

  it('derives Logfire\'s endpoint from the token\'s region', () => {
    expect(logfireBaseUrl('pylf_v1_eu_abc')).toBe('https://logfire-eu.pydantic.dev');
    expect(logfireBaseUrl('pylf_v1_us_abc')).toBe('https://logfire-us.pydantic.dev');
    expect(logfireBaseUrl('legacy-token')).toBe('https://logfire-api.pydantic.dev');
  });

  it('swaps otlp for logfire at run time in an app: every span finished before the swap reaches the old backend, later ones the new', async () => {
    const app = new Oneiric({
      providerSettings: (candidate) => ({
        plain: candidate.provider === 'otlp'
          ? { endpoint: collector.url, serviceName: 'swap-test', batchDelayMs: NEVER_MS, metricIntervalMs: NEVER_MS }
          : { token: 'pylf_v1_eu_test-token', baseUrl: logfire.url, serviceName: 'swap-test', batchDelayMs: NEVER_MS, metricIntervalMs: NEVER_MS },
        path: `adapters.provider_settings.${candidate.provider}`,
      }),
    });
    app.register(OtlpMonitoring, LogfireMonitoring);
    await app.start();
    try {
      expect(app.active('adapter', 'monitoring')?.provider).toBe('otlp');
      // One tracer for the whole test, taken before the swap, as a library keeps its own.
      const tracer = trace.getTracer('swap-test');
      const before = Array.from({ length: 200 }, (_, index) => `before-${index}`);
      for (const name of before) tracer.startSpan(name).end();
      // The batch delay is ten minutes: these spans are still held by the otlp backend.
      expect(collector.spans).toEqual([]);
      await app.select('adapter', 'monitoring', 'logfire');
      expect(app.active('adapter', 'monitoring')?.provider).toBe('logfire');
      tracer.startSpan('after-swap').end();
      expect(await app.use<Monitoring>('adapter', 'monitoring').flush()).toBe(true);
      expect(collector.spans.map((span) => span.name).sort()).toEqual([...before].sort());
      expect(logfire.spans.map((span) => span.name)).toEqual(['after-swap']);
      expect(logfire.spans[0]?.authorization).toBe('pylf_v1_eu_test-token');
    } finally {
      await app.close();
    }
  });
});
