/** Records an error as an OpenTelemetry span with an exception event, for OTLP backends. */
import { SpanStatusCode, type TracerProvider } from '@opentelemetry/api';
import type { MonitoringAttributes } from './monitoring.js';

/** Starts and ends one `exception` span on `provider` carrying the error, its type and message; never throws. */
export function recordError(provider: TracerProvider, error: unknown, attributes: MonitoringAttributes = {}): void {
  try {
    const span = provider.getTracer('@oneiric/adapters').startSpan('exception', { attributes });
    const exception = error instanceof Error ? error : new Error(String(error));
    span.recordException(exception);
    span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
    span.end();
  } catch {
    // Monitoring must never break the caller.
  }
}
