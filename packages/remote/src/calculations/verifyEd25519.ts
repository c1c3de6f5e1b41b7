/** ED25519 signature verification: @noble/curves' curve arithmetic, with Node's native SHA-512 for the message hash. */
import { createHash } from 'node:crypto';
import { eddsa } from '@noble/curves/abstract/edwards.js';
import { ed25519 } from '@noble/curves/ed25519.js';

// Verifying hashes the whole signed text; for a 1,000-entry manifest (~250 KB) the pure-JS
// SHA-512 took ~4.5 ms, Node's native one ~0.4 ms. The arithmetic and checks stay noble's.
const nativeSha512 = Object.assign(
  (message: Uint8Array): Uint8Array => new Uint8Array(createHash('sha512').update(message).digest()),
  { outputLen: 64, blockLen: 128 },
);

// Same decoding rules as noble's own `ed25519` (ZIP-215), so exactly the same signatures verify.
const curve = eddsa(ed25519.Point, nativeSha512, { zip215: true });

/**
 * Whether `signature` (64 bytes) is a valid ED25519 signature of `message` by `publicKey`
 * (32 bytes). Same answers as `ed25519.verify` of @noble/curves; a malformed key or signature
 * is an invalid signature (false), never an exception.
 */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return curve.verify(signature, message, publicKey);
  } catch {
    // Wrong lengths, a point not on the curve: simply not a valid signature.
    return false;
  }
}
