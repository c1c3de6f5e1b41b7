// Known answers of compression.hash (FIPS 180-4, FIPS 202, RFC 7693 "abc" vectors), encodings and salt.
import { createHash } from 'node:crypto';
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { CompressionHash } from './compressionHash.js';

const action = new CompressionHash();

describe('CompressionHash.execute', () => {
  it.each([
    ['sha256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha512', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
    ['sha3-256', '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532'],
    ['blake2b512', 'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923'],
  ] as const)('hashes "abc" with %s to the published digest', async (algorithm, digest) => {
    await expect(invoke(action, { data: 'abc', algorithm })).resolves.toEqual({ algorithm, encoding: 'hex', digest, salted: false });
  });

  it('returns base64 on request and hashes the salt before the data', async () => {
    const result = await invoke(action, { data: 'pw', salt: 'NaCl', encoding: 'base64' });
    expect(result.digest).toBe(createHash('sha256').update('NaClpw').digest('base64'));
    expect(result.salted).toBe(true);
  });

  it('hashes declared base64 input as bytes and refuses malformed base64', async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    await expect(invoke(action, { data: bytes.toString('base64'), inputEncoding: 'base64' })).resolves.toMatchObject({ digest: createHash('sha256').update(bytes).digest('hex') });
    // Node would skip the bad characters and hash something else: refused instead.
    expect((await actionErrorOf(invoke(action, { data: 'AA*=', inputEncoding: 'base64' }))).kind).toBe(ActionErrorKind.invalidPayload);
  });
});
