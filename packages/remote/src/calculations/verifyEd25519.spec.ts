// verifyEd25519 swaps in Node's SHA-512 for speed: it must answer exactly as @noble/curves' ed25519.verify does.
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from './verifyEd25519.js';

describe('verifyEd25519', () => {
  it('agrees with ed25519.verify on valid, tampered and foreign signatures (property)', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ maxLength: 300 }),
      fc.nat(),
      fc.constantFrom('valid', 'flipSignature', 'flipMessage', 'otherKey'),
      (seed, message, position, tamper) => {
        const { secretKey, publicKey } = ed25519.keygen(seed);
        const signature = ed25519.sign(message, secretKey);
        const checkedMessage = message.slice();
        const checkedSignature = signature.slice();
        let checkedKey = publicKey;
        if (tamper === 'flipSignature') {
          checkedSignature[position % 64] = (checkedSignature[position % 64] ?? 0) ^ 1;
        } else if (tamper === 'flipMessage' && message.length > 0) {
          checkedMessage[position % message.length] = (checkedMessage[position % message.length] ?? 0) ^ 0x80;
        } else if (tamper === 'otherKey') {
          checkedKey = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
        }
        const expected = ed25519.verify(checkedSignature, checkedMessage, checkedKey);

        expect(verifyEd25519(checkedSignature, checkedMessage, checkedKey)).toBe(expected);
        if (tamper === 'valid') {
          expect(expected).toBe(true);
        }
      },
    ), { numRuns: 150 });
  });

  it('answers false, not an exception, for a signature or key of the wrong length', () => {
    const { secretKey, publicKey } = ed25519.keygen(new Uint8Array(32).fill(3));
    const signature = ed25519.sign(new Uint8Array([1]), secretKey);

    expect(verifyEd25519(signature.subarray(0, 63), new Uint8Array([1]), publicKey)).toBe(false);
    expect(verifyEd25519(signature, new Uint8Array([1]), publicKey.subarray(0, 31))).toBe(false);
  });
});
