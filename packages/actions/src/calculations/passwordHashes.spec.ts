// Password hashing: argon2id PHC strings round trip; PBKDF2-SHA256 hashes (RFC 7914 section 11 vectors) verify.
import { hashPassword, MAX_ARGON2_MEMORY_KIB, schemeOf, verifyPassword } from './passwordHashes.js';

const CHEAP = { memoryKiB: 64, iterations: 1, parallelism: 1 };
const base64 = (hex: string): string => Buffer.from(hex.replace(/\s+/g, ''), 'hex').toString('base64');

describe('verifyPassword', () => {
  describe('having PBKDF2-HMAC-SHA-256 hashes from RFC 7914 section 11', () => {
    it.each([
      ['passwd', 'salt', 1, '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783'],
      ['Password', 'NaCl', 80000, '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d'],
    ])('accepts %s with salt %s and %i iterations, and refuses another password', async (password, salt, iterations, hex) => {
      const stored = `pbkdf2_sha256$${iterations}$${salt}$${base64(hex)}`;
      expect(schemeOf(stored)).toBe('pbkdf2_sha256');
      await expect(verifyPassword(password, stored)).resolves.toBe(true);
      await expect(verifyPassword(`${password}!`, stored)).resolves.toBe(false);
    });
  });

  it('round-trips an argon2id hash in PHC form with its own salt each time', async () => {
    const first = await hashPassword('correct horse', CHEAP);
    const second = await hashPassword('correct horse', CHEAP);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
    await expect(verifyPassword('correct horse', first)).resolves.toBe(true);
    await expect(verifyPassword('wrong horse', first)).resolves.toBe(false);
  });

  it('returns undefined for unknown formats and for cost parameters a crafted hash could abuse', async () => {
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBeUndefined();
    const stored = await hashPassword('x', CHEAP);
    const greedy = stored.replace('m=64', `m=${MAX_ARGON2_MEMORY_KIB + 1}`);
    await expect(verifyPassword('x', greedy)).resolves.toBeUndefined();
    await expect(verifyPassword('x', `pbkdf2_sha256$9999999$salt$${base64('00'.repeat(32))}`)).resolves.toBeUndefined();
  });
});
