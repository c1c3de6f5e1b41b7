// A stand-in for an OpenTelemetry collector's OTLP/HTTP receiver (OTLP 1.x, JSON encoding:
// POST /v1/traces and /v1/metrics with `application/json` bodies), for the monitoring tests. It
// is not a collector: it decodes the JSON export requests it is sent, keeps the span names and
// metric names with the headers they came with, and answers an empty success.
import { startStandIn, type StandIn } from './standInServer.js';

/** A received span: its name, its service, and the export request's headers. */
export interface ReceivedSpan {
  readonly name: string;
  readonly service: string | undefined;
  readonly authorization: string | undefined;
  /** Exception events recorded on it (their `exception.message`). */
  readonly exceptions: string[];
}

/** A running stand-in and what it received. */
export interface OtlpCollectorStandIn extends StandIn {
  readonly spans: ReceivedSpan[];
  readonly metrics: string[];
}

interface AnyValue { readonly stringValue?: string }
interface KeyValue { readonly key: string; readonly value?: AnyValue }
interface ExportSpan { readonly name: string; readonly events?: Array<{ readonly name: string; readonly attributes?: KeyValue[] }> }
interface TraceExport {
  readonly resourceSpans?: Array<{ readonly resource?: { readonly attributes?: KeyValue[] }; readonly scopeSpans?: Array<{ readonly spans?: ExportSpan[] }> }>;
}
interface MetricExport {
  readonly resourceMetrics?: Array<{ readonly scopeMetrics?: Array<{ readonly metrics?: Array<{ readonly name: string }> }> }>;
}

function attribute(attributes: KeyValue[] | undefined, key: string): string | undefined {
  return attributes?.find((each) => each.key === key)?.value?.stringValue;
}

/** Starts the stand-in on a free port. */
export async function startOtlpCollectorStandIn(): Promise<OtlpCollectorStandIn> {
  const spans: ReceivedSpan[] = [];
  const metrics: string[] = [];
  const standIn = await startStandIn((request) => {
    if (request.method !== 'POST' || !String(request.headers['content-type']).startsWith('application/json')) {
      return { status: 415, body: { message: 'the stand-in takes OTLP/HTTP JSON only' } };
    }
    const authorization = request.headers['authorization'];
    if (request.url.pathname === '/v1/traces') {
      const payload = JSON.parse(request.body.toString('utf8')) as TraceExport;
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const service = attribute(resourceSpans.resource?.attributes, 'service.name');
        for (const span of (resourceSpans.scopeSpans ?? []).flatMap((scope) => scope.spans ?? [])) {
          const exceptions = (span.events ?? []).filter((event) => event.name === 'exception').map((event) => attribute(event.attributes, 'exception.message') ?? '');
          spans.push({ name: span.name, service, authorization, exceptions });
        }
      }
      return { status: 200, body: {} };
    }
    if (request.url.pathname === '/v1/metrics') {
      const payload = JSON.parse(request.body.toString('utf8')) as MetricExport;
      metrics.push(...(payload.resourceMetrics ?? []).flatMap((resource) => resource.scopeMetrics ?? []).flatMap((scope) => scope.metrics ?? []).map((metric) => metric.name));
      return { status: 200, body: {} };
    }
    return { status: 404, body: { message: `no route ${request.url.pathname}` } };
  });
  return { ...standIn, spans, metrics };
}
