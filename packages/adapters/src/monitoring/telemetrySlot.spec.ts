import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { traceHeaders } from '@oneiric/core';
import { activeBackend, installBackend } from './telemetrySlot.js';

function backend(): { exporter: InMemorySpanExporter; tracerProvider: BasicTracerProvider; meterProvider: MeterProvider } {
  const exporter = new InMemorySpanExporter();
  return { exporter, tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }), meterProvider: new MeterProvider() };
}

const names = (exporter: InMemorySpanExporter): string[] => exporter.getFinishedSpans().map((span) => span.name);
const contextManager = (): AsyncLocalStorageContextManager => new AsyncLocalStorageContextManager();

describe('installBackend', () => {
  it('routes spans of a tracer taken before any install to whichever backend is active at each span', () => {
    const tracer = trace.getTracer('lib');
    tracer.startSpan('nowhere').end();
    const first = backend();
    const releaseFirst = installBackend(first, contextManager);
    tracer.startSpan('one').end();
    const second = backend();
    const releaseSecond = installBackend(second, contextManager);
    tracer.startSpan('two').end();
    releaseFirst();
    tracer.startSpan('three').end();
    releaseSecond();
    tracer.startSpan('gone').end();
    expect(names(first.exporter)).toEqual(['one']);
    expect(names(second.exporter)).toEqual(['two', 'three']);
    expect(activeBackend()).toBeUndefined();
  });

  it('hands back to the earlier backend when the later one is released first', () => {
    const first = backend();
    const second = backend();
    const releaseFirst = installBackend(first, contextManager);
    const releaseSecond = installBackend(second, contextManager);
    expect(activeBackend()).toBe(second);
    expect(metrics.getMeterProvider()).toBe(second.meterProvider);
    releaseSecond();
    expect(activeBackend()).toBe(first);
    expect(metrics.getMeterProvider()).toBe(first.meterProvider);
    trace.getTracer('lib').startSpan('back').end();
    expect(names(first.exporter)).toEqual(['back']);
    releaseFirst();
    // A second release is a no-op.
    releaseFirst();
    expect(activeBackend()).toBeUndefined();
  });

  it('keeps the active span across awaits while installed, and uninstalls the context manager after the last release', async () => {
    const only = backend();
    const release = installBackend(only, contextManager);
    await trace.getTracer('lib').startActiveSpan('outer', async (outer) => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(trace.getActiveSpan()).toBe(outer);
      trace.getTracer('lib').startSpan('inner').end();
      outer.end();
    });
    const [inner, outer] = only.exporter.getFinishedSpans();
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    release();
    const span = trace.getTracer('lib').startSpan('x');
    expect(context.with(trace.setSpan(context.active(), span), () => trace.getActiveSpan())).toBeUndefined();
  });

  it('installs a backend\'s propagator while it is active, so traceparent headers are written, and removes it after the last release', () => {
    const traced = { ...backend(), propagator: new W3CTraceContextPropagator() };
    const release = installBackend(traced, contextManager);
    const span = trace.getTracer('lib').startSpan('sender');
    const headers = traceHeaders(trace.setSpan(context.active(), span));
    expect(headers['traceparent']).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    span.end();
    // A backend without one (Sentry brings its own SDK setup) leaves the propagator as it is.
    const releasePlain = installBackend(backend(), contextManager);
    expect(Object.keys(propagation.fields())).not.toHaveLength(0);
    releasePlain();
    release();
    expect(propagation.fields()).toEqual([]);
  });
});
