// Tests of policyFromSettings: the remote settings and the environment become the verification policy.
import { testKey } from '../__fixtures__/testKeys.js';
import { parseRemoteSettings } from '../config/parseRemoteSettings.js';
import { RemoteErrorKind } from '../errors/remoteError.js';
import { policyFromSettings } from './policyFromSettings.js';

const alice = testKey(1);
const bob = testKey(2);

describe('policyFromSettings', () => {
  it('converts seconds to milliseconds and keeps the signature rules', () => {
    const settings = parseRemoteSettings({ trusted_public_keys: [alice.publicBase64], signature_threshold: 2, clock_skew_seconds: 60, signature_max_age_seconds: 3600 });

    const policy = policyFromSettings(settings, {});

    expect(policy).toMatchObject({ signatureRequired: true, threshold: 2, requireExpiry: true, clockSkewMs: 60_000, maxAgeMs: 3_600_000 });
    expect(policy.trustedKeys.map((key) => key.keyId)).toEqual([alice.trusted.keyId]);
  });

  it('sets no maximum age when none is configured', () => {
    expect(policyFromSettings(parseRemoteSettings({}), {})).not.toHaveProperty('maxAgeMs');
  });

  it('adds the keys of ONEIRIC_TRUSTED_PUBLIC_KEYS, comma-separated, to the configured ones', () => {
    const settings = parseRemoteSettings({ trusted_public_keys: [alice.publicBase64] });

    const policy = policyFromSettings(settings, { ONEIRIC_TRUSTED_PUBLIC_KEYS: `${bob.publicBase64},` });

    expect(policy.trustedKeys.map((key) => key.keyId)).toEqual([alice.trusted.keyId, bob.trusted.keyId]);
  });

  it('refuses an unreadable key in the environment with invalidKey, so a typo cannot silently trust nothing', () => {
    expect(() => policyFromSettings(parseRemoteSettings({}), { ONEIRIC_TRUSTED_PUBLIC_KEYS: 'not-a-key' })).toThrow(expect.objectContaining({ kind: RemoteErrorKind.invalidKey }));
  });
});
