// Test helper: the OpenTelemetry SDK with an in-memory exporter, an async-hooks context manager
// and the W3C propagator registered globally, as an application that traces would have them.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Finished spans and how to remove the SDK again. */
export interface InMemoryTracing {
  /** Every span ended since the install (or the last `reset`), in end order. */
  spans(): ReadableSpan[];
  /** The ended spans named `name`. */
  named(name: string): ReadableSpan[];
  /** The one ended span named `name` (throws when there is none or more than one). */
  only(name: string): ReadableSpan;
  /** Forgets the spans recorded so far. */
  reset(): void;
  /** Unregisters provider, context manager and propagator. */
  uninstall(): Promise<void>;
}

/** Registers the SDK globally; call `uninstall()` in `afterAll`. */
export function installInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const named = (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.name === name);
  return {
    spans: () => exporter.getFinishedSpans(),
    named,
    only(name) {
      const found = named(name);
      if (found.length !== 1) {
        throw new Error(`expected one span named ${name}, found ${found.length}: ${exporter.getFinishedSpans().map((span) => span.name).join(', ')}`);
      }
      return found[0]!;
    },
    reset: () => exporter.reset(),
    async uninstall() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Installs the SDK for the surrounding suite (`beforeAll`), forgets the spans before each test
 * and uninstalls it after the suite.
 */
export function useInMemoryTracing(): InMemoryTracing {
  let installed: InMemoryTracing | undefined;
  const current = (): InMemoryTracing => {
    if (installed === undefined) throw new Error('useInMemoryTracing: read in a test, not while the suite is being declared');
    return installed;
  };
  beforeAll(() => {
    installed = installInMemoryTracing();
  });
  beforeEach(() => current().reset());
  afterAll(async () => {
    await current().uninstall();
  });
  return {
    spans: () => current().spans(),
    named: (name) => current().named(name),
    only: (name) => current().only(name),
    reset: () => current().reset(),
    uninstall: async () => current().uninstall(),
  };
}

/** True when `child`'s parent is `parent`, in the same trace. */
export function isChildOf(child: ReadableSpan, parent: ReadableSpan): boolean {
  return child.spanContext().traceId === parent.spanContext().traceId && child.parentSpanContext?.spanId === parent.spanContext().spanId;
}
