/** The OpenTelemetry tracer Oneiric's spans go to; a no-op unless the application installs an SDK. */
import { trace, type Tracer } from '@opentelemetry/api';

/** Instrumentation scope name of Oneiric's spans. */
export const TRACER_NAME = '@oneiric/core';

/** Returns the tracer for Oneiric spans from the globally registered provider. */
export function getTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}
