import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { AdapterErrorKind } from '../errors/adapterError.js';
import { startJwksServer, type JwksServer } from '../testing/jwksServer.js';
import { OidcIdentity } from './oidcIdentity.js';
import { OidcIdentitySettings } from './oidcIdentitySettings.js';
import { TokenRefusalReason, TokenRejectedError } from './tokenRejectedError.js';

const AUDIENCE = 'https://api.example.test';

interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  readonly jwk: JWK;
}

async function newKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...await exportJWK(publicKey), kid, alg, use: 'sig' } };
}

describe('OidcIdentity against a local JWKS issuer', () => {
  let server: JwksServer;
  let first: SigningKey;
  const identities: OidcIdentity[] = [];
  beforeAll(async () => {
    first = await newKey('key-1');
    server = await startJwksServer([first.jwk]);
  });
  afterAll(async () => {
    await Promise.all(identities.map(async (identity) => identity.cleanup()));
    await server.close();
  });

  async function newIdentity(overrides: Partial<OidcIdentitySettings> = {}): Promise<OidcIdentity> {
    const identity = new OidcIdentity(Object.assign(new OidcIdentitySettings(), { issuer: server.issuer, audience: [AUDIENCE] }, overrides));
    await identity.init();
    identities.push(identity);
    return identity;
  }

  function sign(key: SigningKey, claims: Record<string, unknown> = {}, edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt): Promise<string> {
    const jwt = new SignJWT({ scope: 'read', ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setIssuer(server.issuer)
      .setAudience(AUDIENCE)
      .setSubject('user-42')
      .setIssuedAt()
      .setExpirationTime('5m');
    return edit(jwt).sign(key.privateKey);
  }

  async function refusal(identity: OidcIdentity, token: string): Promise<TokenRejectedError> {
    const error = await identity.verify(token).then(() => undefined, (caught: unknown) => caught);
    if (!(error instanceof TokenRejectedError)) {
      throw new Error(`expected a TokenRejectedError, got ${String(error)}`);
    }
    expect(error.kind).toBe(AdapterErrorKind.tokenRejected);
    expect(error.message).not.toContain(token);
    return error;
  }

  describe('verify with a valid token', () => {
    it('returns the subject, audience, key id and claims (the key set found through discovery)', async () => {
      const identity = await newIdentity();
      const verified = await identity.verify(await sign(first));
      expect(verified).toMatchObject({ subject: 'user-42', issuer: server.issuer, audience: [AUDIENCE], algorithm: 'RS256', keyId: 'key-1' });
      expect(verified.claims['scope']).toBe('read');
      expect(verified.expiresAt?.getTime()).toBeGreaterThan(Date.now());
    });

    it('accepts a token expired less than the clock tolerance ago', async () => {
      const identity = await newIdentity({ clockToleranceSeconds: 60 });
      const token = await sign(first, {}, (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1_000) - 30));
      await expect(identity.verify(token)).resolves.toMatchObject({ subject: 'user-42' });
    });
  });

  describe('verify refuses, with a typed reason', () => {
    let identity: OidcIdentity;
    beforeAll(async () => {
      identity = await newIdentity({ algorithms: ['RS256'], requiredClaims: ['email'] });
    });
    const now = (): number => Math.floor(Date.now() / 1_000);

    it('an expired token (expired: exp past the 30 s tolerance)', async () => {
      const token = await sign(first, { email: 'a@b' }, (jwt) => jwt.setExpirationTime(now() - 120));
      expect((await refusal(identity, token)).reason).toBe(TokenRefusalReason.expired);
    });

    it('a token not valid yet (notYetValid: nbf in 10 minutes)', async () => {
      const token = await sign(first, { email: 'a@b' }, (jwt) => jwt.setNotBefore(now() + 600));
      expect((await refusal(identity, token)).reason).toBe(TokenRefusalReason.notYetValid);
    });

    it('a token of another issuer (wrongIssuer)', async () => {
      const token = await sign(first, { email: 'a@b' }, (jwt) => jwt.setIssuer('https://evil.example.test/'));
      expect((await refusal(identity, token)).reason).toBe(TokenRefusalReason.wrongIssuer);
    });

    it('a token for another audience (wrongAudience)', async () => {
      const token = await sign(first, { email: 'a@b' }, (jwt) => jwt.setAudience('https://other.example.test'));
      expect((await refusal(identity, token)).reason).toBe(TokenRefusalReason.wrongAudience);
    });

    it('a token without a required claim (missingClaim: email)', async () => {
      const error = await refusal(identity, await sign(first));
      expect(error.reason).toBe(TokenRefusalReason.missingClaim);
      expect(error.message).toContain('email');
    });

    it('a token whose payload was altered after signing (badSignature)', async () => {
      const [header, , signature] = (await sign(first, { email: 'a@b' })).split('.');
      const forged = Buffer.from(JSON.stringify({ iss: server.issuer, aud: AUDIENCE, sub: 'admin', email: 'a@b', exp: now() + 300 })).toString('base64url');
      expect((await refusal(identity, `${header}.${forged}.${signature}`)).reason).toBe(TokenRefusalReason.badSignature);
    });

    it('a token signed with an algorithm outside the allowlist (algorithmNotAllowed: ES256 when only RS256 is allowed)', async () => {
      const ecKey = await newKey('key-ec', 'ES256');
      server.setKeys([first.jwk, ecKey.jwk]);
      try {
        expect((await refusal(identity, await sign(ecKey, { email: 'a@b' }))).reason).toBe(TokenRefusalReason.algorithmNotAllowed);
      } finally {
        server.setKeys([first.jwk]);
      }
    });

    it('an HMAC token signed with the public key as secret, and an unsigned one (algorithmNotAllowed: the classic confusion attacks)', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(first.jwk));
      const hmac = await new SignJWT({ email: 'a@b' }).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).setIssuer(server.issuer).setAudience(AUDIENCE).setSubject('admin').setExpirationTime('5m').sign(secret);
      expect((await refusal(identity, hmac)).reason).toBe(TokenRefusalReason.algorithmNotAllowed);
      const unsigned = new UnsecuredJWT({ email: 'a@b' }).setIssuer(server.issuer).setAudience(AUDIENCE).setSubject('admin').setExpirationTime('5m').encode();
      expect((await refusal(identity, unsigned)).reason).toBe(TokenRefusalReason.algorithmNotAllowed);
    });

    it('garbage and a token over maxTokenBytes (malformed), before any key lookup', async () => {
      expect((await refusal(identity, 'not-a-jwt')).reason).toBe(TokenRefusalReason.malformed);
      expect((await refusal(identity, 'a'.repeat(20_000))).reason).toBe(TokenRefusalReason.malformed);
    });
  });

  describe('key rotation', () => {
    it('fetches the key set again for an unknown kid, and then verifies tokens of the new key without further fetches', async () => {
      const identity = await newIdentity({ jwksUrl: server.jwksUrl, refetchCooldownMs: 0 });
      const before = server.requestCount('/jwks.json');
      const second = await newKey('key-2');
      server.setKeys([first.jwk, second.jwk]);
      await expect(identity.verify(await sign(second))).resolves.toMatchObject({ keyId: 'key-2' });
      await expect(identity.verify(await sign(second))).resolves.toMatchObject({ keyId: 'key-2' });
      expect(server.requestCount('/jwks.json')).toBe(before + 1);
      server.setKeys([first.jwk]);
    });

    it('fetches at most once per refetchCooldownMs however many unknown kids arrive (unknownKey), so made-up kids cannot flood the issuer', async () => {
      const identity = await newIdentity({ jwksUrl: server.jwksUrl, refetchCooldownMs: 60_000 });
      const before = server.requestCount('/jwks.json');
      const stranger = await newKey('made-up');
      for (let attempt = 0; attempt < 20; attempt += 1) {
        expect((await refusal(identity, await sign({ ...stranger, kid: `made-up-${attempt}` }))).reason).toBe(TokenRefusalReason.unknownKey);
      }
      expect(server.requestCount('/jwks.json')).toBe(before);
    });
  });

  describe('init', () => {
    it('refuses an issuer that is not https and not loopback with AdapterError invalidArgument, sending nothing', async () => {
      const identity = new OidcIdentity(Object.assign(new OidcIdentitySettings(), { issuer: 'http://issuer.example.test/', audience: [AUDIENCE] }));
      await expect(identity.init()).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses a discovery document naming another issuer with AdapterError invalidData (OIDC Discovery 4.3)', async () => {
      const impostor = await startJwksServer([first.jwk]);
      impostor.configure({ discoveryIssuer: 'https://someone-else.example.test/' });
      try {
        const identity = new OidcIdentity(Object.assign(new OidcIdentitySettings(), { issuer: impostor.issuer, audience: [AUDIENCE] }));
        await expect(identity.init()).rejects.toMatchObject({ kind: AdapterErrorKind.invalidData });
      } finally {
        await impostor.close();
      }
    });

    it('fails with AdapterError timeout when the key set does not come within requestTimeoutMs', async () => {
      const slow = await startJwksServer([first.jwk]);
      slow.configure({ delayMs: 2_000 });
      try {
        const identity = new OidcIdentity(Object.assign(new OidcIdentitySettings(), { issuer: slow.issuer, jwksUrl: slow.jwksUrl, audience: [AUDIENCE], requestTimeoutMs: 200 }));
        await expect(identity.init()).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
      } finally {
        await slow.close();
      }
    });

    it('fails with AdapterError requestFailed when the key set is over maxDocumentBytes', async () => {
      const bloated = await startJwksServer([first.jwk]);
      bloated.configure({ paddingBytes: 5_000 });
      try {
        const identity = new OidcIdentity(Object.assign(new OidcIdentitySettings(), { issuer: bloated.issuer, jwksUrl: bloated.jwksUrl, audience: [AUDIENCE], maxDocumentBytes: 2_048 }));
        await expect(identity.init()).rejects.toMatchObject({ kind: AdapterErrorKind.requestFailed });
      } finally {
        await bloated.close();
      }
    });

    it('before init, verify fails with AdapterError notReady', async () => {
      const identity = new OidcIdentity(Object.assign(new OidcIdentitySettings(), { issuer: server.issuer, audience: [AUDIENCE] }));
      await expect(identity.verify('x')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });

  describe('health', () => {
    it('is true while the issuer serves its key set, false once it is gone', async () => {
      const ephemeral = await startJwksServer([first.jwk]);
      const identity = new OidcIdentity(Object.assign(new OidcIdentitySettings(), { issuer: ephemeral.issuer, audience: [AUDIENCE], requestTimeoutMs: 500 }));
      await identity.init();
      expect(await identity.health()).toBe(true);
      await ephemeral.close();
      expect(await identity.health()).toBe(false);
    });
  });
});
