// Traces across an event hop: the dispatch span is the emitter's child, each handler span is a
// child of the dispatch span named by the envelope's `traceparent` (also after the envelope was
// serialised and dispatched by another bridge), a handler that emits continues the same trace,
// and a failing handler's span carries the exception and error status.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Oneiric, SpanAttribute, type CandidateInput } from '@oneiric/core';
import { createDomainBridges, type DomainBridges, type EventEnvelope } from '@oneiric/domains';
import { isChildOf, useInMemoryTracing } from '../../packages/core/src/testing/inMemoryTracing.js';

const tracing = useInMemoryTracing();
let app: Oneiric;
let bridges: DomainBridges;
const received: EventEnvelope[] = [];

function handler(key: string, topic: string, handle: (envelope: EventEnvelope) => unknown): CandidateInput {
  return { domain: 'event', key, provider: 'default', factory: { kind: 'function', build: () => ({ handle }) }, metadata: { topics: [topic], retry: { attempts: 1 } } };
}

beforeAll(async () => {
  app = new Oneiric();
  app.register(
    // Emits a second event while it handles the first: the next hop of the same trace.
    handler('billing', 'order.paid', async (envelope) => {
      received.push(envelope);
      await bridges.events.dispatch('receipt.sent', { order: 7 });
    }),
    handler('ledger', 'order.paid', () => {
      throw new Error('ledger offline');
    }),
    handler('mailer', 'receipt.sent', (envelope) => {
      received.push(envelope);
    }),
  );
  await app.start();
  bridges = await createDomainBridges(app, { watchActivity: false });
});

afterAll(async () => {
  await bridges.close();
  await app.close();
});

beforeEach(() => {
  received.length = 0;
});

describe('EventBridge tracing', () => {
  it('chains emitter -> dispatch -> handler -> dispatch -> handler in one trace, through the envelope headers', async () => {
    await trace.getTracer('test').startActiveSpan('checkout', async (root) => {
      await bridges.events.dispatch('order.paid', { order: 7 });
      root.end();
    });
    const checkout = tracing.only('checkout');
    const [paid, receipt] = ['order.paid', 'receipt.sent'].map((topic) => tracing.named('oneiric.event.dispatch').find((span) => span.attributes[SpanAttribute.topic] === topic)!);
    const handles = tracing.named('oneiric.event.handle');
    const billing = handles.find((span) => span.attributes[SpanAttribute.key] === 'billing')!;
    const mailer = handles.find((span) => span.attributes[SpanAttribute.key] === 'mailer')!;
    expect(isChildOf(paid!, checkout)).toBe(true);
    expect(isChildOf(billing, paid!)).toBe(true);
    expect(isChildOf(receipt!, billing)).toBe(true);
    expect(isChildOf(mailer, receipt!)).toBe(true);
    expect(new Set(tracing.spans().map((span) => span.spanContext().traceId))).toEqual(new Set([checkout.spanContext().traceId]));
    // What travelled: the envelope names the dispatch span as the parent.
    expect(received[0]?.headers.traceparent).toBe(`00-${paid!.spanContext().traceId}-${paid!.spanContext().spanId}-01`);
    expect(paid!.kind).toBe(SpanKind.PRODUCER);
    expect(billing.kind).toBe(SpanKind.CONSUMER);
    expect(billing.attributes).toMatchObject({ [SpanAttribute.domain]: 'event', [SpanAttribute.provider]: 'default', [SpanAttribute.topic]: 'order.paid', [SpanAttribute.attempts]: 1 });
    expect(billing.attributes[SpanAttribute.eventId]).toBe(received[0]?.headers.eventId);
  });

  it('marks the span of a failing handler with the exception and error status, and leaves the others ok', async () => {
    const results = await bridges.events.dispatch('order.paid', { order: 8 });
    expect(results.find((result) => result.handler === 'ledger:default')?.success).toBe(false);
    const handles = tracing.named('oneiric.event.handle');
    const ledger = handles.find((span) => span.attributes[SpanAttribute.key] === 'ledger')!;
    expect(ledger.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ledger offline' });
    expect(ledger.events[0]?.name).toBe('exception');
    expect(handles.find((span) => span.attributes[SpanAttribute.key] === 'billing')?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('parents handler spans on the traceparent of an envelope dispatched elsewhere (serialised, no active span)', async () => {
    let wire = '';
    await trace.getTracer('test').startActiveSpan('remote-emitter', async (emitter) => {
      // Another process would build this envelope; here the bridge builds it and it crosses as JSON.
      wire = JSON.stringify(bridges.events.envelope('receipt.sent', { order: 9 }, { traceparent: `00-${emitter.spanContext().traceId}-${emitter.spanContext().spanId}-01` }));
      emitter.end();
    });
    tracing.reset();
    // Dispatched outside any span: only the header links the handler to the emitter.
    expect(trace.getActiveSpan()).toBeUndefined();
    const envelope = JSON.parse(wire) as EventEnvelope;
    await bridges.events.dispatchEnvelope(envelope);
    const mailer = tracing.only('oneiric.event.handle');
    expect(mailer.spanContext().traceId).toBe(envelope.headers.traceparent?.split('-')[1]);
    expect(mailer.parentSpanContext?.spanId).toBe(envelope.headers.traceparent?.split('-')[2]);
  });
});
