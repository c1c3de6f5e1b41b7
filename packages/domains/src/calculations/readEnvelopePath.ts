/** Reads a dotted path of an event envelope, as filters name it (a pure calculation). */
import type { EventEnvelope } from '../models/eventEnvelope.js';
import { compileEnvelopePath } from './compileEnvelopePath.js';

/**
 * The value at `path` (`topic`, `payload.a.b`, `headers.x`, or a bare payload path), or
 * {@link readEnvelopePath.missing} when a segment is absent.
 * @category Calculations
 */
export function readEnvelopePath(envelope: EventEnvelope, path: string): unknown {
  return compileEnvelopePath(path)(envelope);
}

/** The marker {@link readEnvelopePath} returns for an absent path. */
readEnvelopePath.missing = compileEnvelopePath.missing;
