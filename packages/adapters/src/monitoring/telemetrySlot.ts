/**
 * The one place monitoring backends are installed into the process's OpenTelemetry API. The
 * global tracer provider is a switching provider whose tracers resolve the active backend at
 * each span, so tracers obtained before a swap (Oneiric keeps its own) follow it; the backend
 * installed last is active, and releasing it hands over to the one before, or uninstalls the
 * globals when none is left.
 */
import {
  context, metrics, propagation, ProxyTracerProvider, trace,
  type Context, type ContextManager, type MeterProvider, type Span, type SpanOptions, type TextMapPropagator, type Tracer, type TracerOptions, type TracerProvider,
} from '@opentelemetry/api';

/**
 * What a monitoring provider installs.
 * @category Monitoring
 */
export interface TelemetryBackend {
  readonly tracerProvider: TracerProvider;
  /** Installed as the global meter provider while the backend is active. */
  readonly meterProvider?: MeterProvider;
  /**
   * Installed as the global propagator while the backend is active: it writes and reads the
   * `traceparent` that event envelopes and queue messages carry (W3C trace context for OTLP).
   */
  readonly propagator?: TextMapPropagator;
}

const installed: TelemetryBackend[] = [];
// Tracers of the provider that is not installed: no-ops.
const noBackend = new ProxyTracerProvider();
const tracers = new WeakMap<TracerProvider, Map<string, Tracer>>();
let globalsInstalled = false;
let installedPropagator: TextMapPropagator | undefined;

function activeTracer(name: string, version: string | undefined, options: TracerOptions | undefined): Tracer {
  const provider = installed.at(-1)?.tracerProvider ?? noBackend;
  let byName = tracers.get(provider);
  if (byName === undefined) {
    byName = new Map();
    tracers.set(provider, byName);
  }
  const id = `${name}@${version ?? ''}`;
  let tracer = byName.get(id);
  if (tracer === undefined) {
    tracer = provider.getTracer(name, version, options);
    byName.set(id, tracer);
  }
  return tracer;
}

/** A tracer that starts each span on the backend active at that moment. */
class SwitchingTracer implements Tracer {
  public constructor(private readonly name: string, private readonly version?: string, private readonly options?: TracerOptions) {}

  public startSpan(name: string, options?: SpanOptions, parent?: Context): Span {
    return activeTracer(this.name, this.version, this.options).startSpan(name, options, parent);
  }

  public startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const tracer = activeTracer(this.name, this.version, this.options);
    return (tracer.startActiveSpan as (name: string, ...args: unknown[]) => ReturnType<F>).call(tracer, name, ...rest);
  }
}

const switchingProvider: TracerProvider = {
  getTracer: (name, version, options) => new SwitchingTracer(name, version, options),
};

function installMeterProvider(backend: TelemetryBackend | undefined): void {
  metrics.disable();
  if (backend?.meterProvider !== undefined) {
    metrics.setGlobalMeterProvider(backend.meterProvider);
  }
  installPropagator();
}

// The propagator of the latest installed backend that has one, whichever is active (trace
// context keeps travelling while a backend without one exports); a propagator someone else
// registered stays until a backend brings its own.
function installPropagator(): void {
  const wanted = installed.findLast((entry) => entry.propagator !== undefined)?.propagator;
  if (wanted === installedPropagator) {
    return;
  }
  propagation.disable();
  installedPropagator = wanted !== undefined && propagation.setGlobalPropagator(wanted) ? wanted : undefined;
}

/**
 * Makes `backend` the active one, installing the global tracer provider (and `contextManager`,
 * which keeps the active span across awaits) the first time.
 * @returns the release function: it deactivates the backend (the one installed before it, if
 *   any is still installed, becomes active again) and uninstalls the globals after the last one
 * @category Monitoring
 */
export function installBackend(backend: TelemetryBackend, contextManager: () => ContextManager): () => void {
  if (!globalsInstalled) {
    // Registered on the API's existing proxy, so tracers taken before (Oneiric's own) follow.
    // Only a provider someone else registered is displaced, and then its tracers are lost.
    if (!trace.setGlobalTracerProvider(switchingProvider)) {
      trace.disable();
      trace.setGlobalTracerProvider(switchingProvider);
    }
    const manager = contextManager().enable();
    if (!context.setGlobalContextManager(manager)) {
      context.disable();
      context.setGlobalContextManager(manager);
    }
    globalsInstalled = true;
  }
  installed.push(backend);
  installMeterProvider(backend);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const index = installed.indexOf(backend);
    const wasActive = index === installed.length - 1;
    installed.splice(index, 1);
    if (installed.length === 0) {
      trace.disable();
      context.disable();
      metrics.disable();
      installPropagator();
      globalsInstalled = false;
    } else if (wasActive) {
      installMeterProvider(installed.at(-1));
    } else {
      installPropagator();
    }
  };
}

/**
 * The active backend, if any.
 * @category Monitoring
 */
export function activeBackend(): TelemetryBackend | undefined {
  return installed.at(-1);
}
