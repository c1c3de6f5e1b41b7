// A stand-in for Sentry's ingestion endpoint (the envelope endpoint, `POST
// /api/{project_id}/envelope/`, envelope format version 7), for the tests of SentryMonitoring.
// It is not Sentry: it checks the DSN's public key, decodes each envelope (gzip or not) into
// its items, keeps error events, transactions and streamed spans (span items, version 2), and
// answers 200 without rate limits.
import { gunzipSync } from 'node:zlib';
import { startStandIn, type StandIn } from './standInServer.js';

/** One envelope item the stand-in received. */
export interface SentryItem {
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/** One streamed span (from a `span` item). */
export interface SentrySpan {
  readonly name: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  /** True for the root span of its segment (what a transaction was). */
  readonly isSegment: boolean;
}

/** A running stand-in, its DSN and what it received. */
export interface SentryStandIn extends StandIn {
  /** `http://<key>@127.0.0.1:<port>/<project>` */
  readonly dsn: string;
  readonly items: SentryItem[];
  /** The spans of every `span` item, in the order received. */
  readonly spans: SentrySpan[];
}

interface SpanV2 { readonly name?: string; readonly span_id?: string; readonly parent_span_id?: string; readonly is_segment?: boolean }

/** Splits an envelope: a header line, then per item a header line and a payload (of `length` bytes, or to the end of the line). */
function parseEnvelope(body: Buffer): SentryItem[] {
  const items: SentryItem[] = [];
  let offset = body.indexOf(0x0a) + 1;
  while (offset > 0 && offset < body.length) {
    const headerEnd = body.indexOf(0x0a, offset);
    if (headerEnd < 0) break;
    const header = JSON.parse(body.subarray(offset, headerEnd).toString('utf8')) as { type: string; length?: number };
    const start = headerEnd + 1;
    const lineEnd = body.indexOf(0x0a, start);
    const end = header.length ?? (lineEnd < 0 ? body.length : lineEnd);
    const text = body.subarray(start, header.length === undefined ? end : start + end).toString('utf8');
    items.push({ type: header.type, payload: text.startsWith('{') ? JSON.parse(text) as Record<string, unknown> : {} });
    offset = (header.length === undefined ? end : start + end) + 1;
  }
  return items;
}

/** Starts the stand-in for project `projectId` and public key `publicKey`. */
export async function startSentryStandIn(projectId = '42', publicKey = 'publickey'): Promise<SentryStandIn> {
  const items: SentryItem[] = [];
  const spans: SentrySpan[] = [];
  const standIn = await startStandIn((request) => {
    if (request.method !== 'POST' || request.url.pathname !== `/api/${projectId}/envelope/`) {
      return { status: 404, body: { detail: 'not found' } };
    }
    const auth = `${String(request.headers['x-sentry-auth'] ?? '')} ${request.url.search}`;
    if (!auth.includes(`sentry_key=${publicKey}`)) {
      return { status: 401, body: { detail: 'bad key' } };
    }
    const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(request.body) : request.body;
    const received = parseEnvelope(body);
    items.push(...received);
    for (const item of received.filter((each) => each.type === 'span')) {
      for (const span of (item.payload['items'] ?? []) as SpanV2[]) {
        spans.push({ name: span.name ?? '', spanId: span.span_id ?? '', parentSpanId: span.parent_span_id, isSegment: span.is_segment === true });
      }
    }
    return { status: 200, body: {} };
  });
  return { ...standIn, dsn: `http://${publicKey}@127.0.0.1:${standIn.port}/${projectId}`, items, spans };
}
