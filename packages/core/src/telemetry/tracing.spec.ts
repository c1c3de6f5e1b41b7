import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { isChildOf, useInMemoryTracing } from '../testing/inMemoryTracing.js';
import { SpanAttribute } from './spanAttributes.js';
import { contextFromHeaders, traceHeaders } from './traceCarrier.js';
import { inSpan, isTracing } from './tracing.js';

describe('inSpan', () => {
  describe('without a tracer provider', () => {
    it('runs the work with a non-recording span and reports tracing off', () => {
      expect(isTracing()).toBe(false);
      const recorded = inSpan('oneiric.test', {}, (span) => span.isRecording());
      expect(recorded).toBe(false);
      expect(traceHeaders()).toEqual({});
    });
  });

  describe('having the SDK installed', () => {
    const tracing = useInMemoryTracing();

    it('makes the span active so that spans started inside are its children', async () => {
      expect(isTracing()).toBe(true);
      await inSpan('outer', { attributes: { [SpanAttribute.key]: 'report' } }, async () => {
        await Promise.resolve();
        inSpan('inner', { kind: 'producer' }, () => undefined);
      });
      const outer = tracing.only('outer');
      const inner = tracing.only('inner');
      expect(isChildOf(inner, outer)).toBe(true);
      expect(inner.kind).toBe(SpanKind.PRODUCER);
      expect(outer.attributes[SpanAttribute.key]).toBe('report');
    });

    it('records a rejection as an exception with error status and passes it on', async () => {
      const failure = new Error('disk full');
      await expect(inSpan('failing', {}, () => Promise.reject(failure))).rejects.toBe(failure);
      const span = tracing.only('failing');
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'disk full' });
      expect(span.events.map((event) => event.name)).toEqual(['exception']);
      expect(span.ended).toBe(true);
    });

    it('records a synchronous throw the same way', () => {
      expect(() => inSpan('throwing', {}, () => {
        throw new TypeError('bad input');
      })).toThrow('bad input');
      expect(tracing.only('throwing').status.code).toBe(SpanStatusCode.ERROR);
    });

    it('carries the context through headers: a span started from them is a child of the sender', () => {
      let headers: Record<string, string> = {};
      inSpan('sender', {}, () => {
        headers = traceHeaders();
      });
      expect(headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      // Received elsewhere: no active span, only the headers (other header values are ignored).
      const parent = contextFromHeaders({ ...headers, eventId: 7 }, context.active());
      inSpan('receiver', { parent }, () => undefined);
      expect(isChildOf(tracing.only('receiver'), tracing.only('sender'))).toBe(true);
      expect(trace.getSpan(contextFromHeaders(undefined))).toBeUndefined();
    });
  });
});
