// Test helper: a service account key made up for the test (a fresh RSA key), so that Google's
// clients sign their own tokens (self-signed JWTs) instead of asking a token endpoint.
import { generateKeyPairSync } from 'node:crypto';

/** The JSON of a made-up service account key of `project`, and its public key to verify tokens with. */
export function testServiceAccountKey(project: string): { json: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2_048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const json = JSON.stringify({
    type: 'service_account', project_id: project, private_key_id: 'test-key', private_key: privateKey,
    client_email: `oneiric-test@${project}.iam.gserviceaccount.com`, client_id: '1',
  });
  return { json, publicKey };
}
