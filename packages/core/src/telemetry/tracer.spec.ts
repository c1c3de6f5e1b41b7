import { trace, type Span, type SpanOptions, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { Resolver } from '../services/resolver.js';
import { TRACER_NAME } from './tracer.js';

interface RecordedSpan { name: string; scope: string; attributes: Record<string, unknown>; ended: boolean }

// A minimal in-memory tracer provider: enough to see which spans Oneiric starts and ends.
function recordingProvider(spans: RecordedSpan[]): TracerProvider {
  return {
    getTracer(scope: string): Tracer {
      const startSpan = (name: string, options?: SpanOptions): Span => {
        const record: RecordedSpan = { name, scope, attributes: { ...(options?.attributes ?? {}) }, ended: false };
        spans.push(record);
        const span = {
          spanContext: () => ({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }),
          setAttribute: (key: string, value: unknown) => { record.attributes[key] = value; return span; },
          setAttributes: () => span,
          addEvent: () => span,
          addLink: () => span,
          addLinks: () => span,
          setStatus: () => span,
          updateName: () => span,
          end: () => { record.ended = true; },
          isRecording: () => true,
          recordException: () => undefined,
        } as unknown as Span;
        return span;
      };
      return { startSpan, startActiveSpan: (() => { throw new Error('unused'); }) as Tracer['startActiveSpan'] };
    },
  };
}

describe('Resolver telemetry', () => {
  const spans: RecordedSpan[] = [];
  beforeAll(() => {
    trace.setGlobalTracerProvider(recordingProvider(spans));
  });
  afterAll(() => {
    trace.disable();
  });

  describe('having a registered tracer provider', () => {
    it('emits one ended span per resolution decision, not per cached lookup', () => {
      spans.length = 0;
      const resolver = new Resolver({ stackOrder: new Map() });
      const target = class {};
      resolver.register({ domain: 'adapter', key: 'cache', provider: 'redis', priority: 400, factory: { kind: 'class', target } });
      resolver.register({ domain: 'adapter', key: 'cache', provider: 'memory', priority: 100, factory: { kind: 'class', target } });
      for (let i = 0; i < 5; i += 1) {
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      }
      expect(spans).toHaveLength(1);
      expect(spans[0]).toEqual({
        name: 'oneiric.resolve',
        scope: TRACER_NAME,
        ended: true,
        attributes: { 'oneiric.domain': 'adapter', 'oneiric.key': 'cache', 'oneiric.candidates': 2, 'oneiric.provider': 'redis' },
      });

      resolver.setSelection('adapter', 'cache', 'memory');
      expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
      expect(spans).toHaveLength(2);
      expect(spans[1]?.attributes).toMatchObject({ 'oneiric.provider': 'memory', 'oneiric.selection': 'memory' });
    });
  });
});
