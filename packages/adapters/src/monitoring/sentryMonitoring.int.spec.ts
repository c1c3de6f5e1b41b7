import { trace } from '@opentelemetry/api';
import { startOtlpCollectorStandIn, type OtlpCollectorStandIn } from '../testing/otlpCollectorStandIn.js';
import { startSentryStandIn, type SentryStandIn } from '../testing/sentryStandIn.js';
import { OtlpMonitoring } from './otlpMonitoring.js';
import { OtlpMonitoringSettings } from './otlpMonitoringSettings.js';
import { SentryMonitoring } from './sentryMonitoring.js';
import { SentryMonitoringSettings } from './sentryMonitoringSettings.js';

describe('SentryMonitoring against a Sentry envelope endpoint stand-in (the official SDK)', () => {
  let sentry: SentryStandIn;
  let collector: OtlpCollectorStandIn;
  beforeAll(async () => {
    [sentry, collector] = await Promise.all([startSentryStandIn(), startOtlpCollectorStandIn()]);
  });
  afterAll(async () => {
    await Promise.all([sentry.stop(), collector.stop()]);
  });
  beforeEach(() => {
    sentry.items.length = 0;
    sentry.spans.length = 0;
  });
  const settings = (): SentryMonitoringSettings => Object.assign(new SentryMonitoringSettings(), { dsn: sentry.dsn, environment: 'test', release: 'oneiric@0.1.0' });

  it('sends captured errors with their attributes as tags, and OpenTelemetry spans as Sentry spans with their parents', async () => {
    const monitoring = new SentryMonitoring(settings());
    await monitoring.init();
    try {
      expect(await monitoring.health()).toBe(true);
      monitoring.captureError(new Error('card declined'), { order: 42 });
      const tracer = trace.getTracer('orders');
      tracer.startActiveSpan('checkout', (root) => {
        tracer.startSpan('charge').end();
        root.end();
      });
      expect(await monitoring.flush(5_000)).toBe(true);
      const event = sentry.items.find((item) => item.type === 'event')?.payload as { exception?: { values?: Array<{ value?: string }> }; tags?: Record<string, unknown>; environment?: string; release?: string } | undefined;
      expect(event?.exception?.values?.[0]?.value).toBe('card declined');
      expect(event?.tags).toMatchObject({ order: 42 });
      expect(event).toMatchObject({ environment: 'test', release: 'oneiric@0.1.0' });
      // Sentry 11 streams spans (span items) instead of sending transactions.
      const root = sentry.spans.find((span) => span.name === 'checkout');
      expect(root?.isSegment).toBe(true);
      expect(sentry.spans.find((span) => span.name === 'charge')?.parentSpanId).toBe(root?.spanId);
    } finally {
      await monitoring.cleanup();
    }
    expect(await monitoring.health()).toBe(false);
  });

  it('hands over to an OTLP backend: what Sentry got before the swap arrives, later spans go to the collector', async () => {
    const first = new SentryMonitoring(settings());
    await first.init();
    trace.getTracer('swap').startSpan('before-swap').end();
    first.captureError(new Error('before swap'));
    // The new backend is installed before the old one is cleaned up, as an app's swap does.
    const second = new OtlpMonitoring(Object.assign(new OtlpMonitoringSettings(), { endpoint: collector.url, batchDelayMs: 600_000, metricIntervalMs: 600_000 }));
    await second.init();
    await first.cleanup();
    trace.getTracer('swap').startSpan('after-swap').end();
    expect(await second.flush()).toBe(true);
    await second.cleanup();
    expect(sentry.spans.map((span) => span.name)).toEqual(['before-swap']);
    expect(sentry.items.some((item) => item.type === 'event')).toBe(true);
    expect(collector.spans.map((span) => span.name)).toEqual(['after-swap']);
  });
});
