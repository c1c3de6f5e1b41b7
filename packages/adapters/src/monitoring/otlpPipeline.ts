/** The OpenTelemetry SDK pieces an OTLP/HTTP backend (a collector, Logfire) installs, loaded on first use. */
import type { ContextManager, MeterProvider, TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import { withTimeout } from '@oneiric/core';
import { loadOptionalDependency, type DependencyUser } from '../loading/loadOptionalDependency.js';

/** Where and how to export. */
export interface OtlpPipelineOptions {
  /** Base URL; traces go to `${endpoint}/v1/traces`, metrics to `${endpoint}/v1/metrics`. */
  readonly endpoint: string;
  /** Headers of every export request (an authorization token ...). */
  readonly headers: Readonly<Record<string, string>>;
  /** `service.name` of the resource. */
  readonly serviceName: string;
  /** Limit on one export request, in milliseconds. */
  readonly exportTimeoutMs: number;
  /** How long finished spans wait to be sent in a batch, in milliseconds. */
  readonly batchDelayMs: number;
  /** How often metrics are exported, in milliseconds. */
  readonly metricIntervalMs: number;
  /** Most finished spans held; more are dropped until a batch went out. */
  readonly maxQueuedSpans: number;
}

/** A tracer and meter provider exporting over OTLP/HTTP (JSON), and a context manager to install with them. */
export interface OtlpPipeline {
  readonly tracerProvider: TracerProvider;
  readonly meterProvider: MeterProvider;
  readonly contextManager: () => ContextManager;
  /** W3C trace context and baggage, so traces continue across event and queue hops. */
  readonly propagator: TextMapPropagator;
  /** Exports what is held; true when it went within `timeoutMs`. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Exports what is held and stops both providers; true when it went within `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<boolean>;
}

async function within(work: Promise<unknown>, timeoutMs: number, label: string): Promise<boolean> {
  try {
    await withTimeout(work, timeoutMs, label);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads the OpenTelemetry SDK packages (optional peer dependencies) and builds the providers.
 * @throws AdapterError `missingDependency` naming the first package that is not installed
 */
export async function createOtlpPipeline(user: DependencyUser, options: OtlpPipelineOptions): Promise<OtlpPipeline> {
  // One after the other: the packages share modules, and loading them at once trips Jest's ESM loader.
  const traceSdk = await loadOptionalDependency('@opentelemetry/sdk-trace-base', user, () => import('@opentelemetry/sdk-trace-base'));
  const traceExporter = await loadOptionalDependency('@opentelemetry/exporter-trace-otlp-http', user, () => import('@opentelemetry/exporter-trace-otlp-http'));
  const metricsSdk = await loadOptionalDependency('@opentelemetry/sdk-metrics', user, () => import('@opentelemetry/sdk-metrics'));
  const metricExporter = await loadOptionalDependency('@opentelemetry/exporter-metrics-otlp-http', user, () => import('@opentelemetry/exporter-metrics-otlp-http'));
  const resources = await loadOptionalDependency('@opentelemetry/resources', user, () => import('@opentelemetry/resources'));
  const asyncHooks = await loadOptionalDependency('@opentelemetry/context-async-hooks', user, () => import('@opentelemetry/context-async-hooks'));
  const otelCore = await loadOptionalDependency('@opentelemetry/core', user, () => import('@opentelemetry/core'));
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const headers = { ...options.headers };
  const resource = resources.resourceFromAttributes({ 'service.name': options.serviceName });
  const spanExporter = new traceExporter.OTLPTraceExporter({ url: `${endpoint}/v1/traces`, headers, timeoutMillis: options.exportTimeoutMs });
  const tracerProvider = new traceSdk.BasicTracerProvider({
    resource,
    spanProcessors: [new traceSdk.BatchSpanProcessor(spanExporter, {
      scheduledDelayMillis: options.batchDelayMs,
      exportTimeoutMillis: options.exportTimeoutMs,
      maxQueueSize: options.maxQueuedSpans,
      maxExportBatchSize: Math.min(512, options.maxQueuedSpans),
    })],
  });
  const meterProvider = new metricsSdk.MeterProvider({
    resource,
    readers: [new metricsSdk.PeriodicExportingMetricReader({
      exporter: new metricExporter.OTLPMetricExporter({ url: `${endpoint}/v1/metrics`, headers, timeoutMillis: options.exportTimeoutMs }),
      exportIntervalMillis: options.metricIntervalMs,
      exportTimeoutMillis: Math.min(options.exportTimeoutMs, options.metricIntervalMs),
    })],
  });
  return {
    tracerProvider,
    meterProvider,
    contextManager: () => new asyncHooks.AsyncLocalStorageContextManager(),
    propagator: new otelCore.CompositePropagator({ propagators: [new otelCore.W3CTraceContextPropagator(), new otelCore.W3CBaggagePropagator()] }),
    flush: async (timeoutMs) => within(Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]), timeoutMs, 'OTLP flush'),
    shutdown: async (timeoutMs) => within(Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]), timeoutMs, 'OTLP shutdown'),
  };
}
