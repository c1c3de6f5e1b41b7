/** Carrying a trace across a hop (event envelope, queue message): W3C `traceparent`/`tracestate` headers through the API's propagator. */
import { context, propagation, type Context, type TextMapGetter } from '@opentelemetry/api';

/**
 * Headers of a message that may carry trace context: only string values are read.
 * @category Telemetry
 */
export type TraceCarrier = Readonly<Record<string, unknown>>;

// Reads only string-valued headers: an envelope's headers hold other values too.
const carrierGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

/**
 * The trace context of `from` (default: the active one) as headers (`traceparent`, and
 * `tracestate` when there is one), through the globally registered propagator. Empty when no
 * propagator is registered (e.g. no OpenTelemetry SDK) or there is no span to carry.
 * @category Telemetry
 */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

/**
 * The context carried by `headers` on top of `base` (default: the active one): spans started
 * in it are children of the span that sent the headers. `base` unchanged when the headers
 * carry no trace context.
 * @category Telemetry
 */
export function contextFromHeaders(headers: TraceCarrier | undefined, base: Context = context.active()): Context {
  return headers === undefined ? base : propagation.extract(base, headers, carrierGetter);
}
