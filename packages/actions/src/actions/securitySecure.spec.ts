// security.secure: the RFC 7515 A.1 JWS, an EdDSA round trip checked by jose, JWT claims checks, passwords, tokens, compare.
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, jwtVerify } from 'jose';
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { SecuritySecure, SecuritySecureSettings } from './securitySecure.js';

const action = new SecuritySecure(Object.assign(new SecuritySecureSettings(), { memoryKiB: 64, iterations: 1 }));
// RFC 7515 appendix A.1: the HS256 key (base64url) and the compact JWS it signs.
const RFC7515_KEY = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';
const RFC7515_JWS = 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const TWENTY_YEARS_S = 20 * 366 * 86_400;

describe('SecuritySecure.execute', () => {
  describe('when verifying JWTs', () => {
    it('accepts the RFC 7515 A.1 HS256 example (its 2011 expiry forgiven by the tolerance) and refuses it tampered', async () => {
      const verified = await invoke(action, { operation: 'jwtVerify', token: RFC7515_JWS, secret: RFC7515_KEY, secretEncoding: 'base64url', clockToleranceSeconds: TWENTY_YEARS_S });
      expect(verified).toEqual({ operation: 'jwtVerify', valid: true, claims: { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true } });
      const tampered = RFC7515_JWS.replace(".dBjf", ".eBjf");
      await expect(invoke(action, { operation: 'jwtVerify', token: tampered, secret: RFC7515_KEY, secretEncoding: 'base64url', clockToleranceSeconds: TWENTY_YEARS_S }))
        .resolves.toMatchObject({ valid: false, reason: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
      await expect(invoke(action, { operation: 'jwtVerify', token: RFC7515_JWS, secret: RFC7515_KEY, secretEncoding: 'base64url' }))
        .resolves.toMatchObject({ valid: false, reason: 'ERR_JWT_EXPIRED' });
    });

    it('signs EdDSA tokens that jose verifies with the public key, from PEM and from JWK', async () => {
      const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
      const signed = await invoke(action, { operation: 'jwtSign', algorithm: 'EdDSA', key: await exportPKCS8(privateKey), claims: { role: 'admin' }, audience: 'api', issuer: 'oneiric', subject: 'u-1' });
      const { payload, protectedHeader } = await jwtVerify((signed as { token: string }).token, publicKey, { audience: 'api', issuer: 'oneiric' });
      expect(protectedHeader.alg).toBe('EdDSA');
      expect(payload).toMatchObject({ role: 'admin', sub: 'u-1' });
      const token = (signed as { token: string }).token;
      await expect(invoke(action, { operation: 'jwtVerify', algorithm: 'EdDSA', key: await exportSPKI(publicKey), token, audience: 'api' })).resolves.toMatchObject({ valid: true });
      await expect(invoke(action, { operation: 'jwtVerify', algorithm: 'EdDSA', key: JSON.stringify(await exportJWK(publicKey)), token, audience: 'other' }))
        .resolves.toMatchObject({ valid: false, reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
    });

    it('refuses HS256 without a secret and an unreadable key with typed errors that never quote the key', async () => {
      expect((await actionErrorOf(invoke(action, { operation: 'jwtSign' }))).kind).toBe(ActionErrorKind.invalidPayload);
      const error = await actionErrorOf(invoke(action, { operation: 'jwtSign', algorithm: 'ES256', key: 'PRIVATE-garbage' }));
      expect(error.kind).toBe(ActionErrorKind.decodeFailed);
      expect(error.message).not.toContain('PRIVATE-garbage');
    });
  });

  it('hashes passwords with argon2id and verifies them, flagging a migrated PBKDF2 hash for rehash', async () => {
    const { hash } = await invoke(action, { operation: 'passwordHash', password: 'hunter2' }) as { hash: string };
    await expect(invoke(action, { operation: 'passwordVerify', password: 'hunter2', hash })).resolves.toEqual({ operation: 'passwordVerify', valid: true, needsRehash: false });
    await expect(invoke(action, { operation: 'passwordVerify', password: 'hunter3', hash })).resolves.toMatchObject({ valid: false });
    const legacy = `pbkdf2_sha256$1$salt$${Buffer.from('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783', 'hex').toString('base64')}`;
    await expect(invoke(action, { operation: 'passwordVerify', password: 'passwd', hash: legacy })).resolves.toEqual({ operation: 'passwordVerify', valid: true, needsRehash: true });
    expect((await actionErrorOf(invoke(action, { operation: 'passwordVerify', password: 'x', hash: 'plain' }))).kind).toBe(ActionErrorKind.invalidPayload);
  });

  it('makes random tokens of the asked size and compares strings', async () => {
    const first = await invoke(action, { operation: 'token', bytes: 16 }) as { token: string };
    const second = await invoke(action, { operation: 'token', bytes: 16 }) as { token: string };
    expect(first.token).toMatch(/^[0-9a-f]{32}$/);
    expect(first.token).not.toBe(second.token);
    await expect(invoke(action, { operation: 'compare', left: 'abc', right: 'abc' })).resolves.toEqual({ operation: 'compare', equal: true });
    await expect(invoke(action, { operation: 'compare', left: 'abc', right: 'abcd' })).resolves.toEqual({ operation: 'compare', equal: false });
  });
});
