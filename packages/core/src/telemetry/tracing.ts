/** Starting Oneiric's spans: active while the work runs, exceptions recorded, no cost when tracing is off. */
import { context, INVALID_SPAN_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TracerProvider } from '@opentelemetry/api';
import { getTracer, TRACER_NAME } from './tracer.js';

// What the API's global tracer provider (a proxy) offers to tell whether an SDK is behind it.
interface DelegatingProvider extends TracerProvider {
  getDelegateTracer?(name: string): unknown;
}

/**
 * True when an OpenTelemetry tracer provider is installed. Hot paths check this first so that,
 * without an SDK, they build no span, no attributes and no carrier (the API alone would still
 * allocate a non-recording span per call).
 * @category Telemetry
 */
export function isTracing(): boolean {
  const provider = trace.getTracerProvider() as DelegatingProvider;
  // The global provider is the API's proxy; it has a delegate tracer only once an SDK registered.
  return typeof provider.getDelegateTracer !== 'function' || provider.getDelegateTracer(TRACER_NAME) !== undefined;
}

/**
 * The kinds of span Oneiric starts, by name (callers need not import the API's enum).
 * @category Telemetry
 */
export type SpanKindName = 'internal' | 'producer' | 'consumer' | 'server' | 'client';

const SPAN_KINDS: Readonly<Record<SpanKindName, SpanKind>> = {
  internal: SpanKind.INTERNAL, producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER, server: SpanKind.SERVER, client: SpanKind.CLIENT,
};

/**
 * Options of {@link inSpan}.
 * @category Telemetry
 */
export interface InSpanOptions {
  /** Attributes set when the span starts (see {@link SpanAttribute}). */
  readonly attributes?: Attributes;
  /** The span's kind (default `internal`): `producer` sends across a hop, `consumer` receives, `server` answers a request. */
  readonly kind?: SpanKindName;
  /** The parent context (default: the active one), e.g. extracted from a message's headers. */
  readonly parent?: Context;
}

/**
 * Runs `work` inside a new span named `name`, active while it runs (so spans started inside
 * are its children), and ends it when `work` returns or settles. A throw or rejection is
 * recorded on the span as an exception with error status, then passed on unchanged. Without
 * a tracer provider it only calls `work` with a non-recording span.
 * @example
 * ```ts
 * const total = await inSpan('oneiric.task.run', { attributes: { [SpanAttribute.key]: 'report' } }, async () => 42);
 * ```
 * @category Telemetry
 */
export function inSpan<T>(name: string, options: InSpanOptions, work: (span: Span) => T): T {
  if (!isTracing()) {
    return work(NO_SPAN);
  }
  const parent = options.parent ?? context.active();
  const span = getTracer().startSpan(name, { ...(options.attributes === undefined ? {} : { attributes: options.attributes }), ...(options.kind === undefined ? {} : { kind: SPAN_KINDS[options.kind] }) }, parent);
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), work, undefined, span);
  } catch (error) {
    failSpan(span, error);
    span.end();
    throw error;
  }
  if (isThenable(result)) {
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        failSpan(span, error);
        span.end();
        throw error;
      },
    ) as T;
  }
  span.end();
  return result;
}

/**
 * Starts a span that the caller ends, for work that begins and ends in different callbacks (a
 * request's hooks); run the work inside it with {@link withSpan}. A non-recording span when
 * tracing is off.
 * @category Telemetry
 */
export function startSpan(name: string, options: InSpanOptions): Span {
  if (!isTracing()) {
    return NO_SPAN;
  }
  return getTracer().startSpan(name, { ...(options.attributes === undefined ? {} : { attributes: options.attributes }), ...(options.kind === undefined ? {} : { kind: SPAN_KINDS[options.kind] }) }, options.parent ?? context.active());
}

/**
 * Runs `work` with `span` active, so spans started inside are its children; ends nothing.
 * @category Telemetry
 */
export function withSpan<T>(span: Span, work: () => T): T {
  return span === NO_SPAN ? work() : context.with(trace.setSpan(context.active(), span), work);
}

/**
 * Marks `span` failed: records `error` as an exception event and sets error status with its
 * message. For work that reports failure as a value rather than a throw.
 * @category Telemetry
 */
export function failSpan(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    const message = typeof error === 'string' ? error : String(error);
    span.recordException(message);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
}

// One shared non-recording span for work run while tracing is off: every method is a no-op.
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
