// Tests of verifyManifest: round trip, tampering, keys, threshold, expiry and age, each refusal with its own kind.
import { NOW, sampleManifest, signedBy, testKey } from '../__fixtures__/testKeys.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import { countTrustedSigners } from './countTrustedSigners.js';
import { parseManifest } from './parseManifest.js';
import { signingPayload } from './signingPayload.js';
import { MAX_SIGNATURE_CHECKS, MAX_SIGNATURES, verifyManifest } from './verifyManifest.js';

const alice = testKey(1);
const bob = testKey(2);
const mallory = testKey(3);
// Keys the client does not trust, all distinct (a key id named twice is refused as duplicateSignature).
const strangers = Array.from({ length: MAX_SIGNATURES + MAX_SIGNATURE_CHECKS }, (_unused, index) => testKey(10 + index));
const HOUR = 3_600_000;

function verify(plain: unknown, policy: Partial<VerificationPolicy> = {}, nowMs = NOW): ReturnType<typeof verifyManifest> {
  return verifyManifest(parseManifest(JSON.stringify(plain)), { trustedKeys: [alice.trusted, bob.trusted], ...policy }, nowMs);
}

function kindOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof RemoteError) {
      return error.kind;
    }
    throw error;
  }
  return 'accepted';
}

// Every leaf of the manifest, signatures included, changed one at a time, and every member removed.
function* singleFieldMutations(value: unknown, path: (string | number)[] = []): Generator<{ path: string; apply: (root: unknown) => void }> {
  if (value !== null && typeof value === 'object') {
    for (const [name, child] of Object.entries(value)) {
      const childPath = [...path, Array.isArray(value) ? Number(name) : name];
      if (!Array.isArray(value)) {
        yield { path: `remove ${childPath.join('.')}`, apply: (root) => { delete (at(root, path) as Record<string, unknown>)[name]; } };
      }
      yield* singleFieldMutations(child, childPath);
    }
    return;
  }
  yield {
    path: `change ${path.join('.')}`,
    apply: (root) => {
      const parent = at(root, path.slice(0, -1)) as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      parent[last] = typeof value === 'string' ? `${value}x` : typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : 'x';
    },
  };
}

function at(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], root);
}

describe('verifyManifest', () => {
  const signed = signedBy(sampleManifest(), alice, { expiresInMs: HOUR });

  describe('having a manifest signed by a trusted key', () => {
    it('accepts it and names the signer (round trip of signManifest)', () => {
      const verified = verify(signed);

      expect(verified.signerKeyIds).toEqual([alice.trusted.keyId]);
      expect(verified.manifest.serial).toBe(1);
      expect(verified.digest).toMatch(/^[0-9a-f]{64}$/);
    });

    it('accepts it from YAML too, as the signature covers the data, not the text', () => {
      const yamlText = `serial: 1\nsource: tests\nsignedAt: "${String(signed['signedAt'])}"\nexpiresAt: "${String(signed['expiresAt'])}"\nentries: ${JSON.stringify(signed['entries'])}\nsignatures: ${JSON.stringify(signed['signatures'])}\n`;

      expect(verifyManifest(parseManifest(yamlText), { trustedKeys: [alice.trusted] }, NOW).signerKeyIds).toEqual([alice.trusted.keyId]);
    });
  });

  describe('having a signed manifest changed in one field', () => {
    // A signature's keyId is a lookup hint, not signed content: without it every trusted key is
    // tried, so removing it is the one change that still verifies (tested below) and is left out here.
    const mutations = [...singleFieldMutations(signed)].filter((mutation) => !/^remove signatures\.\d+\.keyId$/.test(mutation.path));

    it('generates a mutation for every field', () => {
      expect(mutations.length).toBeGreaterThan(40);
    });

    it.each(mutations.map((mutation) => [mutation.path, mutation] as const))('rejects the manifest after: %s', (_path, mutation) => {
      const copy = structuredClone(signed);
      mutation.apply(copy);

      // The schema refuses the change (a required field removed, a type broken), or the signature
      // no longer matches, names an unknown key, or is gone: never accepted.
      expect([RemoteErrorKind.signatureInvalid, RemoteErrorKind.invalidManifest, RemoteErrorKind.untrustedKey, RemoteErrorKind.unsigned]).toContain(kindOf(() => verify(copy)));
    });

    it('accepts a signature whose keyId was removed, because keyId is optional and a keyless signature is tried against every trusted key', () => {
      const copy = structuredClone(signed) as { signatures: { keyId?: string }[] };
      delete copy.signatures[0]!.keyId;

      // Was untrustedKey: the list check refused a missing keyId although the schema allows it.
      expect(verify(copy).signerKeyIds).toEqual([alice.trusted.keyId]);
    });

    it('rejects a changed value with signatureInvalid when the schema still accepts it', () => {
      const copy = structuredClone(signed) as { entries: { priority: number }[] };
      copy.entries[0]!.priority = 999;

      expect(kindOf(() => verify(copy))).toBe(RemoteErrorKind.signatureInvalid);
    });
  });

  describe('having signatures that do not come from trusted keys', () => {
    it('rejects a manifest signed by an unknown key with untrustedKey, because no trusted key vouches for it', () => {
      expect(kindOf(() => verify(signedBy(sampleManifest(), mallory)))).toBe(RemoteErrorKind.untrustedKey);
    });

    it('rejects a manifest whose signature claims a trusted key id but was made by another key, with signatureInvalid', () => {
      const forged = signedBy(sampleManifest(), mallory) as { signatures: { keyId: string }[] };
      forged.signatures[0]!.keyId = alice.trusted.keyId;

      expect(kindOf(() => verify(forged))).toBe(RemoteErrorKind.signatureInvalid);
    });

    it('rejects any manifest with untrustedKey when no key is configured, since nothing can be trusted', () => {
      expect(kindOf(() => verify(signed, { trustedKeys: [] }))).toBe(RemoteErrorKind.untrustedKey);
    });

    it('rejects an empty or non-base64 signature with signatureInvalid', () => {
      const empty = structuredClone(signed) as { signatures: { signature: string }[] };
      empty.signatures[0]!.signature = 'not base64!';

      expect(kindOf(() => verify(empty))).toBe(RemoteErrorKind.signatureInvalid);
    });

    it('rejects a non-ed25519 algorithm at parse time (invalidManifest), as the schema only knows ed25519', () => {
      const other = structuredClone(signed) as { signatures: { algorithm: string }[] };
      other.signatures[0]!.algorithm = 'rsa';

      expect(kindOf(() => verify(other))).toBe(RemoteErrorKind.invalidManifest);
    });

    it('rejects the legacy single signature field at parse time with invalidManifest naming it, because the schema refuses unknown fields first', () => {
      let refusal: unknown;
      try {
        verify({ ...signed, signature: 'abc' });
      } catch (error) {
        refusal = error;
      }

      expect(refusal).toBeInstanceOf(RemoteError);
      expect(refusal).toMatchObject({ kind: RemoteErrorKind.invalidManifest, context: { field: 'signature' } });
    });

    it('rejects an unsigned manifest with unsigned when signatures are required (the default)', () => {
      expect(kindOf(() => verify(sampleManifest()))).toBe(RemoteErrorKind.unsigned);
    });

    it('accepts an unsigned manifest only when signatures are explicitly not required', () => {
      expect(verify(sampleManifest(), { signatureRequired: false }).signerKeyIds).toEqual([]);
    });
  });

  describe('having a threshold of 2', () => {
    it('accepts two distinct trusted keys', () => {
      const both = signedBy(signed, bob, { append: true });

      expect(verify(both, { threshold: 2 }).signerKeyIds).toEqual([alice.trusted.keyId, bob.trusted.keyId]);
    });

    it('rejects one key signing twice with duplicateSignature before any check, because the threshold counts distinct keys', () => {
      const twice = structuredClone(signed) as { signatures: unknown[] };
      twice.signatures = [twice.signatures[0], twice.signatures[0]];

      expect(kindOf(() => verify(twice, { threshold: 2 }))).toBe(RemoteErrorKind.duplicateSignature);
    });

    it('rejects one trusted key plus an untrusted one with thresholdNotMet, because the untrusted signature is ignored and one distinct key is fewer than 2', () => {
      const mixed = signedBy(signed, mallory, { append: true });

      // Was untrustedKey: an unknown key id refused the whole manifest.
      expect(kindOf(() => verify(mixed, { threshold: 2 }))).toBe(RemoteErrorKind.thresholdNotMet);
      expect(() => verify(mixed, { threshold: 2 })).toThrow(/1 signature\(s\) by untrusted keys ignored/);
    });

    it('rejects one key signing twice, once with and once without keyId, with thresholdNotMet, because it is still one distinct key', () => {
      const twice = structuredClone(signed) as { signatures: { keyId?: string }[] };
      const keyless = { ...twice.signatures[0]! };
      delete keyless.keyId;
      twice.signatures.push(keyless);

      expect(kindOf(() => verify(twice, { threshold: 2 }))).toBe(RemoteErrorKind.thresholdNotMet);
      expect(verify(twice).signerKeyIds).toEqual([alice.trusted.keyId]);
    });

    it('rejects a single trusted signature with thresholdNotMet, because one distinct key is fewer than 2', () => {
      expect(kindOf(() => verify(signed, { threshold: 2 }))).toBe(RemoteErrorKind.thresholdNotMet);
    });
  });

  describe('having a key being rotated (signatures by keys the client does not trust)', () => {
    // Signed by the old key (alice) and the new one (mallory, not yet trusted here).
    const rotating = signedBy(signed, mallory, { append: true });

    it('accepts a manifest signed by a trusted and an untrusted key when only one key is trusted, because the untrusted signature is ignored', () => {
      // Was tooManySignatures: the list was bounded by the number of trusted keys (1).
      const verified = verify(rotating, { trustedKeys: [alice.trusted] });
      expect(verified.signerKeyIds).toEqual([alice.trusted.keyId]);
      // Reported, so the sync's audit line shows the ignored signature.
      expect(verified.untrustedSignatures).toBe(1);
    });

    it('accepts it when two keys are trusted and the threshold of 1 is met, because unknown key ids no longer refuse the manifest', () => {
      // Was untrustedKey: any signature naming an untrusted key id refused the manifest.
      expect(verify(rotating).signerKeyIds).toEqual([alice.trusted.keyId]);
    });

    it('accepts it for a client that trusts only the new key, though an untrusted signature comes first', () => {
      expect(verify(rotating, { trustedKeys: [mallory.trusted] }).signerKeyIds).toEqual([mallory.trusted.keyId]);
    });

    it('counts the ignored signatures as untrusted, also after the threshold is met, so the caller can audit them', () => {
      const parsed = parseManifest(JSON.stringify(rotating));
      const payload = signingPayload(parsed.plain);

      // Was { untrusted: 0 }: counting stopped at the threshold before reaching the second signature.
      expect(countTrustedSigners(parsed.manifest.signatures ?? [], payload, [alice.trusted], 1)).toEqual({ validKeyIds: [alice.trusted.keyId], untrusted: 1, invalid: 0 });
      expect(countTrustedSigners(parsed.manifest.signatures ?? [], payload, [mallory.trusted], 1)).toEqual({ validKeyIds: [mallory.trusted.keyId], untrusted: 1, invalid: 0 });
    });

    it(`accepts up to MAX_SIGNATURES (${MAX_SIGNATURES}) signatures whatever the number of trusted keys, and refuses one more with tooManySignatures`, () => {
      const full = strangers.slice(0, MAX_SIGNATURES - 1).reduce((manifest, key) => signedBy(manifest, key, { append: true }), signed);
      const over = signedBy(full, strangers[MAX_SIGNATURES - 1]!, { append: true });

      // Was tooManySignatures for both: at most one signature per trusted key (2 here).
      expect(verify(full).signerKeyIds).toEqual([alice.trusted.keyId]);
      expect(kindOf(() => verify(over))).toBe(RemoteErrorKind.tooManySignatures);
    });

    it('still rejects a manifest signed only by untrusted keys with untrustedKey', () => {
      expect(kindOf(() => verify(signedBy(signedBy(sampleManifest(), mallory), strangers[0]!, { append: true })))).toBe(RemoteErrorKind.untrustedKey);
    });
  });

  describe('having signatures without keyId', () => {
    function keyless(manifest: Record<string, unknown>): Record<string, unknown> {
      const copy = structuredClone(manifest) as { signatures: { keyId?: string }[] };
      for (const signature of copy.signatures) {
        delete signature.keyId;
      }
      return copy;
    }

    it('finds the signer among the trusted keys, whichever it is', () => {
      // Was untrustedKey: the list check refused a missing keyId before any verification.
      expect(verify(keyless(signedBy(sampleManifest(), bob))).signerKeyIds).toEqual([bob.trusted.keyId]);
      expect(verify(keyless(signedBy(signedBy(sampleManifest(), alice), bob, { append: true })), { threshold: 2 }).signerKeyIds).toEqual([alice.trusted.keyId, bob.trusted.keyId]);
    });

    it('rejects a keyless signature by no trusted key with signatureInvalid, because it was tried against every trusted key', () => {
      expect(kindOf(() => verify(keyless(signedBy(sampleManifest(), mallory))))).toBe(RemoteErrorKind.signatureInvalid);
    });

    it(`accepts keyless signatures while signatures × trusted keys stay within MAX_SIGNATURE_CHECKS (${MAX_SIGNATURE_CHECKS})`, () => {
      const copies = structuredClone(keyless(signed)) as { signatures: unknown[] };
      copies.signatures = Array.from({ length: MAX_SIGNATURE_CHECKS / 2 }, () => copies.signatures[0]);

      // 8 keyless signatures × 2 trusted keys = 16 possible verifications: accepted (was tooManySignatures).
      expect(verify(copies).signerKeyIds).toEqual([alice.trusted.keyId]);
    });

    it('rejects keyless signatures that could cost more than MAX_SIGNATURE_CHECKS verifications with tooManySignatures, before any verification', () => {
      const one = keyless(signed);
      const many = structuredClone(one) as { signatures: unknown[] };
      many.signatures = Array.from({ length: MAX_SIGNATURE_CHECKS / 2 + 1 }, () => many.signatures[0]);
      const manyTrusted = [alice.trusted, ...strangers.slice(0, MAX_SIGNATURE_CHECKS).map((key) => key.trusted)];
      const started = performance.now();

      // 9 × 2 = 18 > 16; and one keyless signature with 17 trusted keys is 17 > 16.
      expect(kindOf(() => verify(many))).toBe(RemoteErrorKind.tooManySignatures);
      expect(kindOf(() => verify(one, { trustedKeys: manyTrusted }))).toBe(RemoteErrorKind.tooManySignatures);
      expect(performance.now() - started).toBeLessThan(100);
      // The same signature naming its key costs one verification: accepted with 17 trusted keys.
      expect(verify(signed, { trustedKeys: manyTrusted }).signerKeyIds).toEqual([alice.trusted.keyId]);
    });
  });

  describe('having timestamps', () => {
    it('rejects an expired manifest with expired, because now is after expiresAt', () => {
      expect(kindOf(() => verify(signed, {}, NOW + 2 * HOUR))).toBe(RemoteErrorKind.expired);
    });

    it('rejects a manifest signed longer ago than the maximum age with tooOld', () => {
      expect(kindOf(() => verify(signed, { maxAgeMs: 30 * 60_000 }, NOW + 45 * 60_000))).toBe(RemoteErrorKind.tooOld);
    });

    it('accepts a manifest within its maximum age', () => {
      expect(verify(signed, { maxAgeMs: HOUR }, NOW + 30 * 60_000).signerKeyIds).toHaveLength(1);
    });

    it('rejects a manifest without expiresAt with missingTimestamp when an expiry is required', () => {
      expect(kindOf(() => verify(signedBy(sampleManifest(), alice), { requireExpiry: true }))).toBe(RemoteErrorKind.missingTimestamp);
    });

    it('reads a signed timestamp without a zone as UTC', () => {
      const naive = signedBy({ ...sampleManifest(), expiresAt: '2026-01-01T00:30:00' }, alice, { append: true });

      expect(kindOf(() => verify(naive, { clockSkewMs: 0 }, NOW + 29 * 60_000))).toBe('accepted');
      expect(kindOf(() => verify(naive, { clockSkewMs: 0 }, NOW + 31 * 60_000))).toBe(RemoteErrorKind.expired);
    });

    it('gives expiry the clock skew (default 5 minutes) as slack, and no more', () => {
      expect(kindOf(() => verify(signed, {}, NOW + HOUR + 4 * 60_000))).toBe('accepted');
      expect(kindOf(() => verify(signed, {}, NOW + HOUR + 6 * 60_000))).toBe(RemoteErrorKind.expired);
    });

    it('rejects a manifest signed beyond the clock skew in the future with signedInFuture, because a pre-dated manifest would outlive its age limit', () => {
      const early = signedBy(sampleManifest(), alice, { expiresInMs: 2 * HOUR, nowMs: NOW + 10 * 60_000 });

      expect(() => verify(early)).toThrow(RemoteError);
      expect(kindOf(() => verify(early))).toBe(RemoteErrorKind.signedInFuture);
      expect(kindOf(() => verify(early, { clockSkewMs: 15 * 60_000 }))).toBe('accepted');
    });

    it('rejects a manifest signed after its expiry with invalidManifest, because its validity window is empty', () => {
      const reversed = signedBy({ ...sampleManifest(), signedAt: '2026-01-01T00:00:00Z', expiresAt: '2025-12-31T23:59:00Z' }, alice, { append: true });

      expect(kindOf(() => verify(reversed, {}, NOW - 2 * 60_000))).toBe(RemoteErrorKind.invalidManifest);
    });

    it.each([['2026-02-31T00:00:00Z'], ['2026-01-01T24:00:00Z'], ['2026-01-01T00:00:60Z'], ['2026-13-01T00:00:00Z'], ['2026-01-01T00:00:00+24:00']])(
      'rejects the impossible expiresAt %j with missingTimestamp, because its components do not round-trip',
      (expiresAt) => {
        const odd = signedBy({ ...sampleManifest(), expiresAt }, alice, { append: true });

        expect(kindOf(() => verify(odd))).toBe(RemoteErrorKind.missingTimestamp);
      },
    );
  });

  describe('verifyManifest, having a flood of signatures', () => {
    it('rejects 5,000 signatures with tooManySignatures without verifying any, because each check costs CPU', () => {
      const flood = structuredClone(signed) as { signatures: unknown[] };
      flood.signatures = Array.from({ length: 5_000 }, () => flood.signatures[0]);
      const parsed = parseManifest(JSON.stringify(flood));
      const started = performance.now();

      // 5,000 ED25519 checks take seconds; refusing by count takes well under a millisecond.
      expect(() => verifyManifest(parsed, { trustedKeys: [alice.trusted, bob.trusted] }, NOW)).toThrow(RemoteError);
      expect(kindOf(() => verifyManifest(parsed, { trustedKeys: [alice.trusted, bob.trusted] }, NOW))).toBe(RemoteErrorKind.tooManySignatures);
      expect(performance.now() - started).toBeLessThan(100);
    });

    it('stops verifying once the threshold is met, so signatures after it are never checked', () => {
      const both = structuredClone(signedBy(signed, bob, { append: true })) as { signatures: { signature: string }[] };
      both.signatures[1]!.signature = Buffer.alloc(64, 1).toString('base64');
      const manifest = parseManifest(JSON.stringify(both));

      const count = countTrustedSigners(manifest.manifest.signatures ?? [], signingPayload(manifest.plain), [alice.trusted, bob.trusted], 1);

      expect(count).toEqual({ validKeyIds: [alice.trusted.keyId], untrusted: 0, invalid: 0 });
    });
  });
});
