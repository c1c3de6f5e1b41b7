import { AdapterErrorKind } from '../errors/adapterError.js';
import { checkReceiveOptions } from './checkReceiveOptions.js';

describe('checkReceiveOptions', () => {
  it('fills in 10 messages and a 1 s wait when the caller gives neither', () => {
    expect(checkReceiveOptions({ group: 'workers', consumer: 'w1' }, 5_000, 'nats')).toEqual({ group: 'workers', consumer: 'w1', max: 10, waitMs: 1_000 });
  });

  // A wait past maxWaitMs would outlive the breaker's call timeout and lose the taken messages
  // until their ack deadline: invalidArgument, naming the limit.
  it('refuses a wait longer than the provider allows, naming the limit', () => {
    expect(() => checkReceiveOptions({ group: 'g', consumer: 'c', waitMs: 5_001 }, 5_000, 'rabbitmq'))
      .toThrow(expect.objectContaining({ kind: AdapterErrorKind.invalidArgument, message: expect.stringContaining('maxWaitMs (5000)') }));
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses max = %p (invalidArgument)', (max) => {
    expect(() => checkReceiveOptions({ group: 'g', consumer: 'c', max }, 5_000, 'mqtt')).toThrow(expect.objectContaining({ kind: AdapterErrorKind.invalidArgument }));
  });

  // NATS forbids dots in durable names: the shared name rule refuses them for every provider.
  it('refuses a group name a broker would reject (invalidArgument)', () => {
    expect(() => checkReceiveOptions({ group: 'a.b', consumer: 'c' }, 5_000, 'nats')).toThrow(expect.objectContaining({ kind: AdapterErrorKind.invalidArgument, message: expect.stringContaining('invalid group') }));
  });
});
