import { setTimeout as sleep } from 'node:timers/promises';
import { ResiliencyError, ResiliencyErrorKind } from '../errors/resiliencyError.js';
import type { CallGuard } from '../models/activeInstance.js';
import type { CircuitBreakerOptions } from './circuitBreakerOptions.js';
import { CircuitBreakers, type BreakerStateChange } from './circuitBreakers.js';

const never = new Promise<never>(() => undefined);

function newBreakers(options: Partial<CircuitBreakerOptions>): CircuitBreakers {
  return new CircuitBreakers((domain) => domain === 'adapter', () => ({
    volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 100, rollingCountTimeoutMs: 5_000, ...options,
  }));
}

// A call as a live reference makes it: refused while open, else settled through the guard.
function callThrough(guard: CallGuard, call: () => Promise<unknown>): Promise<unknown> {
  const refusal = guard.refusal();
  return refusal === undefined ? guard.settle(call()) : Promise.reject(refusal);
}

describe.each([
  ['without a call time limit', 0],
  ['with a call time limit', 1_000],
])('CircuitBreakers guard, %s', (_title, callTimeoutMs) => {
  let breakers: CircuitBreakers;
  let guard: CallGuard;

  beforeEach(() => {
    breakers = newBreakers({ callTimeoutMs });
    guard = breakers.guardFor('adapter', 'cache', 'redis') as CallGuard;
  });

  afterEach(() => {
    breakers.shutdown();
  });

  it('is undefined for a key that is not guarded', () => {
    expect(breakers.guardFor('service', 'cache', 'redis')).toBeUndefined();
  });

  it('resolves with the call\'s value and counts the success', async () => {
    const value = { sku: 'lamp' };
    await expect(guard.settle(Promise.resolve(value))).resolves.toBe(value);
    const stats = breakers.breakerFor('adapter', 'cache', 'redis')?.stats;
    expect(stats).toEqual(expect.objectContaining({ fires: 1, successes: 1, failures: 0 }));
  });

  it('rejects with the call\'s own error and counts the failure', async () => {
    const failure = Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    await expect(guard.settle(Promise.reject(failure))).rejects.toBe(failure);
    const stats = breakers.breakerFor('adapter', 'cache', 'redis')?.stats;
    expect(stats).toEqual(expect.objectContaining({ fires: 1, successes: 0, failures: 1 }));
  });

  it('passes a provider\'s own ETIMEDOUT error through untouched, because only the breaker\'s timer is a callTimeout', async () => {
    // `connect ETIMEDOUT` from the network has the code opossum uses for its own timer.
    const failure = Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:6379'), { code: 'ETIMEDOUT' });
    await expect(guard.settle(Promise.reject(failure))).rejects.toBe(failure);
  });

  it('opens after the error threshold, refuses calls with circuitOpen, and half-opens for a trial', async () => {
    const changes: BreakerStateChange['state'][] = [];
    breakers.onStateChange((change) => changes.push(change.state));
    const failing = (): Promise<never> => Promise.reject(new Error('down'));
    await expect(callThrough(guard, failing)).rejects.toThrow('down');
    await expect(callThrough(guard, failing)).rejects.toThrow('down');
    expect(changes).toEqual(['open']);

    let ran = false;
    const refused = callThrough(guard, async () => {
      ran = true;
    });
    await expect(refused).rejects.toBeInstanceOf(ResiliencyError);
    await expect(refused).rejects.toMatchObject({ kind: ResiliencyErrorKind.circuitOpen });
    expect(ran).toBe(false);

    await sleep(150);
    expect(changes).toEqual(['open', 'halfOpen']);
    // The trial runs; a second call while it is pending is refused by the breaker itself.
    let finishTrial: (value: string) => void = () => undefined;
    const trial = callThrough(guard, () => new Promise<string>((resolve) => {
      finishTrial = resolve;
    }));
    const meanwhile = guard.settle(Promise.resolve('second'));
    await expect(meanwhile).rejects.toMatchObject({ kind: ResiliencyErrorKind.circuitOpen });
    finishTrial('trial');
    await expect(trial).resolves.toBe('trial');
    expect(changes).toEqual(['open', 'halfOpen', 'close']);
    await expect(callThrough(guard, async () => 'again')).resolves.toBe('again');
  });
});

describe('CircuitBreakers guard call timeout', () => {
  it('rejects a call running past callTimeoutMs with callTimeout, counted as a failure', async () => {
    const breakers = newBreakers({ callTimeoutMs: 20 });
    try {
      const guard = breakers.guardFor('adapter', 'cache', 'redis') as CallGuard;
      const timedOut = guard.settle(never);
      await expect(timedOut).rejects.toBeInstanceOf(ResiliencyError);
      await expect(timedOut).rejects.toMatchObject({ kind: ResiliencyErrorKind.callTimeout });
      expect(breakers.breakerFor('adapter', 'cache', 'redis')?.stats).toEqual(expect.objectContaining({ timeouts: 1, failures: 1 }));
    } finally {
      breakers.shutdown();
    }
  });

  it('sets no timer when callTimeoutMs is 0', async () => {
    const breakers = newBreakers({ callTimeoutMs: 0 });
    try {
      const guard = breakers.guardFor('adapter', 'cache', 'redis') as CallGuard;
      const slow = guard.settle(sleep(60, 'late'));
      await expect(slow).resolves.toBe('late');
    } finally {
      breakers.shutdown();
    }
  });
});

describe('CircuitBreakers callStats', () => {
  it('counts calls and failures of a guarded provider, and knows nothing of one no call went through', async () => {
    const breakers = newBreakers({ volumeThreshold: 1_000 });
    try {
      expect(breakers.callStats('adapter', 'cache', 'redis')).toBeUndefined();
      const guard = breakers.guardFor('adapter', 'cache', 'redis') as CallGuard;
      await callThrough(guard, async () => 'ok');
      await callThrough(guard, async () => { throw new Error('down'); }).catch(() => undefined);
      await callThrough(guard, async () => { throw new Error('down'); }).catch(() => undefined);
      expect(breakers.callStats('adapter', 'cache', 'redis')).toEqual({ calls: 3, failures: 2 });
    } finally {
      breakers.shutdown();
    }
  });
});
