import { TimeoutError } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { toMqttError } from './toMqttError.js';

describe('toMqttError', () => {
  it('maps a core TimeoutError to timeout, keeping it as cause', () => {
    const cause = new TimeoutError('PUBACK of a publish to x', 2_000);
    expect(toMqttError('publish to readings', cause)).toMatchObject({ kind: AdapterErrorKind.timeout, cause });
  });

  it('maps refused and lost connections to connectionFailed', () => {
    expect(toMqttError('x', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1883'), { code: 'ECONNREFUSED' })).kind).toBe(AdapterErrorKind.connectionFailed);
    expect(toMqttError('x', new Error('client disconnecting')).kind).toBe(AdapterErrorKind.connectionFailed);
    expect(toMqttError('x', new Error('Connection closed')).kind).toBe(AdapterErrorKind.connectionFailed);
  });

  // An MQTT 5 reason code of 0x80 or more is the broker refusing the call, not an outage.
  it('maps a broker refusal with a reason code to queryFailed, naming the code', () => {
    const error = toMqttError('publish to x', Object.assign(new Error('Publish error: Not authorized'), { code: 135 }));
    expect(error.kind).toBe(AdapterErrorKind.queryFailed);
    expect(error.message).toContain('reason code 135');
  });

  it('returns an AdapterError unchanged', () => {
    const original = new AdapterError(AdapterErrorKind.queryFailed, 'no group');
    expect(toMqttError('x', original)).toBe(original);
  });
});
