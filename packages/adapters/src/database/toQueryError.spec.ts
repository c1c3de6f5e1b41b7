import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { toQueryError } from './toQueryError.js';

function failure(message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), extra);
}

describe('toQueryError', () => {
  // Before the fix pg-pool's connect time-out (no code) came out queryFailed.
  it('maps pg-pool giving up on a pooled connection to timeout', () => {
    expect(toQueryError('postgres', failure('timeout exceeded when trying to connect')).kind).toBe(AdapterErrorKind.timeout);
  });

  it('maps pg\'s client-side query timeout to timeout', () => {
    expect(toQueryError('postgres', failure('Query read timeout')).kind).toBe(AdapterErrorKind.timeout);
  });

  // Before the fix these (no code) came out queryFailed although the connection is gone.
  it.each([
    ['pg after a connection error', failure('Client has encountered a connection error and is not queryable')],
    ['pg after the client closed', failure('Client was closed and is not queryable')],
    ['mysql2 on a dead connection', failure('Can\'t add new command when connection is in closed state', { fatal: true })],
    ['mysql2 fatal error without a code', failure('something fatal', { fatal: true })],
    ['pg socket end', failure('Connection terminated unexpectedly')],
  ])('maps %s to connectionFailed', (_, error) => {
    expect(toQueryError('postgres', error).kind).toBe(AdapterErrorKind.connectionFailed);
  });

  it('keeps a timeout code ahead of a fatal flag', () => {
    expect(toQueryError('mysql', failure('Query inactivity timeout', { code: 'PROTOCOL_SEQUENCE_TIMEOUT', fatal: true })).kind).toBe(AdapterErrorKind.timeout);
  });

  it('maps anything else to queryFailed with the error as cause, and returns an AdapterError unchanged', () => {
    const error = failure('syntax error', { code: '42601' });
    const mapped = toQueryError('postgres', error);
    expect(mapped).toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: error });
    expect(toQueryError('postgres', mapped)).toBe(mapped);
    expect(mapped).toBeInstanceOf(AdapterError);
  });
});
