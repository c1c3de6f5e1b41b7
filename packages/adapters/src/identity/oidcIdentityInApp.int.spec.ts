import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { LifecycleErrorKind, Oneiric } from '@oneiric/core';
import { startJwksServer, type JwksServer } from '../testing/jwksServer.js';
import type { IdentityVerifier } from './identityVerifier.js';
import { OidcIdentity } from './oidcIdentity.js';

const AUDIENCE = 'https://api.example.test';

function newApp(settings: Record<string, unknown>): Oneiric {
  const app = new Oneiric({ providerSettings: (candidate) => ({ plain: settings, path: `adapters.provider_settings.${candidate.provider}` }) });
  app.register(OidcIdentity);
  return app;
}

describe('OidcIdentity registered in an application', () => {
  let server: JwksServer;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    server = await startJwksServer([{ ...await exportJWK(pair.publicKey), kid: 'k1', alg: 'ES256' }]);
  });
  afterAll(async () => {
    await server.close();
  });

  describe('with valid settings', () => {
    it('gets them injected: the identity adapter verifies a token of the configured issuer and audience', async () => {
      const app = newApp({ issuer: server.issuer, audience: [AUDIENCE], algorithms: ['ES256'] });
      try {
        await app.start();
        const identity = app.use<IdentityVerifier>('adapter', 'identity');
        const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(server.issuer).setAudience(AUDIENCE).setSubject('user-7').setExpirationTime('5m').sign(privateKey);
        await expect(identity.verify(token)).resolves.toMatchObject({ subject: 'user-7' });
      } finally {
        await app.close();
      }
    });
  });

  describe('with invalid settings', () => {
    // HMAC is refused by the settings class: a shared-secret algorithm on a public key set is
    // the classic algorithm-confusion hole, so it cannot even be configured.
    it.each([
      ['algorithms', { algorithms: ['HS256'] }],
      ['audience', { audience: [] }],
      ['issuer', { issuer: 'ftp://issuer.example.test/' }],
      ['clockToleranceSeconds', { clockToleranceSeconds: -1 }],
    ])('refuses %s with LifecycleError settingsInvalid naming the field', async (field, override) => {
      const app = newApp({ issuer: server.issuer, audience: [AUDIENCE], ...override });
      try {
        await expect(app.start()).rejects.toMatchObject({ kind: LifecycleErrorKind.settingsInvalid, context: expect.objectContaining({ field: expect.stringContaining(field) }) });
      } finally {
        await app.close();
      }
    });
  });
});
