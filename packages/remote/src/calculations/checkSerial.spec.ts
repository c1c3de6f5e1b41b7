// Tests of checkSerial: the anti-rollback rule.
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { checkSerial } from './checkSerial.js';

describe('checkSerial', () => {
  it('accepts the first manifest, a higher serial, and the same serial with the same content', () => {
    expect(() => checkSerial(undefined, 0, 'd')).not.toThrow();
    expect(() => checkSerial({ serial: 4, digest: 'd' }, 5, 'e')).not.toThrow();
    expect(() => checkSerial({ serial: 4, digest: 'd' }, 4, 'd')).not.toThrow();
  });

  it('refuses a lower serial with rollback, because an attacker could replay an old signed manifest', () => {
    expect(() => checkSerial({ serial: 4, digest: 'd' }, 3, 'x')).toThrow(expect.objectContaining({ kind: RemoteErrorKind.rollback }) as unknown as RemoteError);
  });

  it('refuses the same serial with other content with rollback, as a serial names one manifest', () => {
    expect(() => checkSerial({ serial: 4, digest: 'd' }, 4, 'other')).toThrow(/already accepted/);
  });
});
