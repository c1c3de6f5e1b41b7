import fc from 'fast-check';
import { raiseFloor } from './raiseFloor.js';

const digest = (n: number): string => n.toString(16).padStart(64, '0');

describe('raiseFloor', () => {
  it('writes the first floor', () => {
    expect(raiseFloor(undefined, { serial: 3, digest: digest(3) })).toEqual({ serial: 3, digest: digest(3) });
  });

  it('never lowers the floor, and keeps the digest of an equal serial', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(1000), (current, accepted) => {
      const next = raiseFloor({ serial: current, digest: digest(current) }, { serial: accepted, digest: digest(accepted + 1) });
      if (accepted > current) {
        expect(next?.serial).toBe(accepted);
      } else {
        expect(next).toBeUndefined();
      }
    }));
  });
});
