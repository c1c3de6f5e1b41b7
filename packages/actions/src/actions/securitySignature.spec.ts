// Conformance of security.signature with RFC 4231 HMAC test cases, and its verify/replay behaviour.
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { SecuritySignature } from './securitySignature.js';

const action = new SecuritySignature();

describe('SecuritySignature.execute', () => {
  describe('having the RFC 4231 test cases', () => {
    it.each([
      // Test case 1: key 0x0b × 20, "Hi There".
      ['0b'.repeat(20), 'hex', 'Hi There', 'sha256', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
      ['0b'.repeat(20), 'hex', 'Hi There', 'sha512', '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854'],
      // Test case 2: key "Jefe".
      ['Jefe', 'utf8', 'what do ya want for nothing?', 'sha256', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
      ['Jefe', 'utf8', 'what do ya want for nothing?', 'sha512', '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737'],
    ])('signs with key %s (%s) to the published HMAC', async (secret, secretEncoding, message, algorithm, expected) => {
      const signed = await invoke(action, { secret, secretEncoding, message, algorithm });
      expect(signed).toMatchObject({ status: 'signed', signature: expected, header: 'X-Oneiric-Signature' });
      await expect(invoke(action, { operation: 'verify', secret, secretEncoding, message, algorithm, signature: expected })).resolves.toEqual({ status: 'verified', valid: true });
      await expect(invoke(action, { operation: 'verify', secret, secretEncoding, message, algorithm, signature: expected.toUpperCase() })).resolves.toMatchObject({ valid: true });
    });
  });

  it('rejects a tampered message or a signature of another length as a mismatch', async () => {
    const { signature } = await invoke(action, { secret: 'k', message: 'pay 10' }) as { signature: string };
    await expect(invoke(action, { operation: 'verify', secret: 'k', message: 'pay 1000', signature })).resolves.toMatchObject({ valid: false, reason: 'mismatch' });
    await expect(invoke(action, { operation: 'verify', secret: 'k', message: 'pay 10', signature: 'abc' })).resolves.toMatchObject({ valid: false, reason: 'mismatch' });
  });

  it('verifies a fresh timestamped signature and refuses a replay outside the window', async () => {
    const signed = await invoke(action, { secret: 'k', message: 'body', timestamped: true }) as { signature: string; timestamp: number };
    const verify = { operation: 'verify', secret: 'k', message: 'body', timestamped: true, signature: signed.signature };
    await expect(invoke(action, { ...verify, timestamp: signed.timestamp })).resolves.toMatchObject({ valid: true });
    const old = signed.timestamp - 3600;
    const replayed = await invoke(action, { secret: 'k', message: 'body', timestamped: true, timestamp: old }) as { signature: string };
    await expect(invoke(action, { ...verify, signature: replayed.signature, timestamp: old })).resolves.toMatchObject({ valid: false, reason: 'expired' });
    // A timestamp is part of what is signed: the same signature with another timestamp fails.
    await expect(invoke(action, { ...verify, timestamp: signed.timestamp - 1 })).resolves.toMatchObject({ valid: false, reason: 'mismatch' });
  });

  it('refuses verify without a signature, and a hex secret that is not hex, with invalidPayload', async () => {
    // Both are payloads that cannot be acted on; the secret's text is not repeated in the message.
    expect((await actionErrorOf(invoke(action, { operation: 'verify', secret: 'k', message: 'm' }))).kind).toBe(ActionErrorKind.invalidPayload);
    const bad = await actionErrorOf(invoke(action, { secret: 'zz-not-hex', secretEncoding: 'hex', message: 'm' }));
    expect(bad.kind).toBe(ActionErrorKind.invalidPayload);
    expect(bad.message).not.toContain('zz-not-hex');
  });
});
