/** Password hashing: argon2id (PHC string) for new hashes, PBKDF2-SHA256 verification for hashes migrated from the original. */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { argon2idAsync } from '@noble/hashes/argon2.js';

const pbkdf2Async = promisify(pbkdf2);

/**
 * argon2id cost parameters.
 * @category Calculations
 */
export interface Argon2Cost {
  /** Memory in KiB. */
  readonly memoryKiB: number;
  /** Passes. */
  readonly iterations: number;
  /** Lanes. */
  readonly parallelism: number;
}

/** A new argon2id hash of `password` in PHC string form: `$argon2id$v=19$m=…,t=…,p=…$salt$hash` (unpadded base64). */
export async function hashPassword(password: string, cost: Argon2Cost): Promise<string> {
  const salt = randomBytes(16);
  const hash = await argon2idAsync(password, salt, { m: cost.memoryKiB, t: cost.iterations, p: cost.parallelism, dkLen: 32 });
  return `$argon2id$v=19$m=${cost.memoryKiB},t=${cost.iterations},p=${cost.parallelism}$${unpadded(salt)}$${unpadded(hash)}`;
}

/** What a stored hash is, once parsed; undefined when its format is not one this module reads. */
export type StoredHashScheme = 'argon2id' | 'pbkdf2_sha256';

const ARGON2_PHC = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{16,})$/;
const PBKDF2 = /^pbkdf2_sha256\$(\d{1,7})\$([^$]{1,256})\$([A-Za-z0-9+/=]{16,})$/;
/** Largest argon2 memory a stored hash may ask for (a crafted hash must not exhaust memory): 256 MiB. */
export const MAX_ARGON2_MEMORY_KIB = 256 * 1024;

/** Largest PBKDF2 iteration count a stored hash may ask for (a crafted hash must not pin the CPU for minutes). */
export const MAX_PBKDF2_ITERATIONS = 2_000_000;

/** The scheme of a stored hash, or undefined for an unknown format. */
export function schemeOf(stored: string): StoredHashScheme | undefined {
  return ARGON2_PHC.test(stored) ? 'argon2id' : PBKDF2.test(stored) ? 'pbkdf2_sha256' : undefined;
}

/**
 * Whether `password` matches `stored` (constant-time comparison). PBKDF2 hashes are read in
 * the form `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, the salt used as its UTF-8 text.
 * Returns undefined for an unknown format or cost parameters out of bounds.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean | undefined> {
  const argon = ARGON2_PHC.exec(stored);
  if (argon !== null) {
    const [memoryKiB, iterations, parallelism] = [Number(argon[1]), Number(argon[2]), Number(argon[3])];
    if (memoryKiB > MAX_ARGON2_MEMORY_KIB || memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
      return undefined;
    }
    const expected = Buffer.from(argon[5]!, 'base64');
    const actual = await argon2idAsync(password, Buffer.from(argon[4]!, 'base64'), { m: memoryKiB, t: iterations, p: parallelism, dkLen: expected.length });
    return equal(Buffer.from(actual), expected);
  }
  const legacy = PBKDF2.exec(stored);
  if (legacy !== null) {
    const iterations = Number(legacy[1]);
    const expected = Buffer.from(legacy[3]!, 'base64');
    if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS || expected.length === 0 || expected.length > 256) {
      return undefined;
    }
    return equal(await pbkdf2Async(password, legacy[2]!, iterations, expected.length, 'sha256'), expected);
  }
  return undefined;
}

function equal(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function unpadded(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}
