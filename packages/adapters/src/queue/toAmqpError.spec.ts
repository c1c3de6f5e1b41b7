import { TimeoutError } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { toAmqpError } from './toAmqpError.js';

describe('toAmqpError', () => {
  it('maps a core TimeoutError to timeout, keeping it as cause', () => {
    const cause = new TimeoutError('confirm of a publish to x', 2_000);
    const error = toAmqpError('publish to orders', cause);
    expect(error).toMatchObject({ kind: AdapterErrorKind.timeout, cause });
    expect(error.message).toContain('publish to orders');
  });

  it('maps refused and lost connections, a broker shutting down (320) and a closed channel to connectionFailed', () => {
    expect(toAmqpError('x', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' })).kind).toBe(AdapterErrorKind.connectionFailed);
    expect(toAmqpError('x', Object.assign(new Error('Connection closed: 320 (CONNECTION-FORCED)'), { code: 320 })).kind).toBe(AdapterErrorKind.connectionFailed);
    expect(toAmqpError('x', Object.assign(new Error('Channel closed'), { name: 'IllegalOperationError' })).kind).toBe(AdapterErrorKind.connectionFailed);
    expect(toAmqpError('x', new Error('channel closed')).kind).toBe(AdapterErrorKind.connectionFailed);
  });

  // A refusal by the broker is the caller's problem (a queue redeclared with other arguments),
  // not an outage: a circuit breaker must not fail over because of it.
  it('maps what the broker refused (404 NOT_FOUND, 406 PRECONDITION_FAILED) to queryFailed', () => {
    expect(toAmqpError('x', Object.assign(new Error('Channel closed by server: 406 (PRECONDITION-FAILED) with message "inequivalent arg"'), { code: 406 })).kind).toBe(AdapterErrorKind.queryFailed);
    expect(toAmqpError('x', Object.assign(new Error('Channel closed by server: 404 (NOT-FOUND)'), { code: 404 })).kind).toBe(AdapterErrorKind.queryFailed);
  });

  it('returns an AdapterError unchanged', () => {
    const original = new AdapterError(AdapterErrorKind.queryFailed, 'no group');
    expect(toAmqpError('x', original)).toBe(original);
  });
});
