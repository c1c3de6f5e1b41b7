// Tests of signManifest: timestamps are written before signing, co-signing keeps them.
import { NOW, sampleManifest, signedBy, testKey } from '../__fixtures__/testKeys.js';
import { parseManifest } from './parseManifest.js';
import { verifyManifest } from './verifyManifest.js';

const alice = testKey(11);
const bob = testKey(12);

describe('signManifest', () => {
  it('writes signedAt and expiresAt before signing, so they are covered and the result verifies', () => {
    const signed = signedBy(sampleManifest(), alice, { expiresInMs: 60_000 });

    expect(signed).toMatchObject({ signedAt: new Date(NOW).toISOString(), expiresAt: new Date(NOW + 60_000).toISOString() });
    expect(verifyManifest(parseManifest(JSON.stringify(signed)), { trustedKeys: [alice.trusted] }, NOW).signerKeyIds).toEqual([alice.trusted.keyId]);
  });

  it('renews the timestamps and drops older signatures when signing again without append', () => {
    const first = signedBy(sampleManifest(), alice, { expiresInMs: 60_000 });
    const again = signedBy(first, bob, { nowMs: NOW + 1_000 });

    expect(again['signatures']).toEqual([expect.objectContaining({ keyId: bob.trusted.keyId })]);
    expect(again['signedAt']).toBe(new Date(NOW + 1_000).toISOString());
    expect(again).not.toHaveProperty('expiresAt');
  });

  it('keeps the timestamps and the other signatures when co-signing, replacing only its own', () => {
    const first = signedBy(sampleManifest(), alice, { expiresInMs: 60_000 });
    const cosigned = signedBy(signedBy(first, bob, { append: true, nowMs: NOW + 5_000 }), bob, { append: true });

    expect((cosigned['signatures'] as { keyId: string }[]).map((signature) => signature.keyId)).toEqual([alice.trusted.keyId, bob.trusted.keyId]);
    expect(cosigned['signedAt']).toBe(first['signedAt']);
    expect(verifyManifest(parseManifest(JSON.stringify(cosigned)), { trustedKeys: [alice.trusted, bob.trusted], threshold: 2 }, NOW).signerKeyIds).toHaveLength(2);
  });
});
