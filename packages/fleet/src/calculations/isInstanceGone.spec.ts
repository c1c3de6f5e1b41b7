import fc from 'fast-check';
import { isInstanceGone } from './isInstanceGone.js';

describe('isInstanceGone', () => {
  it('is gone only when the heartbeat is older than goneAfterMs (the limit itself is still live)', () => {
    expect(isInstanceGone({ heartbeatAt: 1_000 }, 4_000, 3_000)).toBe(false);
    expect(isInstanceGone({ heartbeatAt: 1_000 }, 4_001, 3_000)).toBe(true);
    expect(isInstanceGone({ heartbeatAt: 5_000 }, 4_000, 3_000)).toBe(false);
  });

  it('once gone, stays gone as time passes (property)', () => {
    fc.assert(fc.property(fc.nat(1e12), fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), (heartbeatAt, age, later, goneAfterMs) => {
      if (isInstanceGone({ heartbeatAt }, heartbeatAt + age, goneAfterMs)) {
        expect(isInstanceGone({ heartbeatAt }, heartbeatAt + age + later, goneAfterMs)).toBe(true);
      }
    }));
  });
});
