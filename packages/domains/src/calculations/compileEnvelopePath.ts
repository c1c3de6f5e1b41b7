/** Turns a filter path into a reader of envelopes, splitting the path once (a pure calculation). */
import type { EventEnvelope } from '../models/eventEnvelope.js';

const MISSING: unknown = Symbol('missing');

/**
 * A function reading `path` from an envelope: `topic`, `payload.a.b`, `headers.x`, or a bare
 * path read from the payload. It returns {@link compileEnvelopePath.missing} when a segment is
 * absent, so `exists` can tell an absent field from one holding undefined or null.
 * @category Calculations
 */
export function compileEnvelopePath(path: string): (envelope: EventEnvelope) => unknown {
  if (path === 'topic') {
    return (envelope) => envelope.topic;
  }
  const segments = path.split('.');
  const fromHeaders = segments[0] === 'headers';
  if (fromHeaders || segments[0] === 'payload') {
    segments.shift();
  }
  return (envelope) => {
    let current: unknown = fromHeaders ? envelope.headers : envelope.payload;
    for (const segment of segments) {
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
        return MISSING;
      }
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  };
}

/** The marker a compiled reader returns for an absent path. */
compileEnvelopePath.missing = MISSING;
