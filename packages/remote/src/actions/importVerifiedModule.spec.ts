// Tests of importVerifiedModule: the verified bytes themselves are imported, under a time limit.
import { createHash } from 'node:crypto';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { importVerifiedModule } from './importVerifiedModule.js';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('importVerifiedModule', () => {
  describe('importVerifiedModule, having artifact bytes that match their digest', () => {
    it('imports exactly those bytes, with no file path to swap between check and import', async () => {
      const text = `export const marker = 'bytes-${Date.now()}';\n`;

      const namespace = await importVerifiedModule({ kind: 'artifact', bytes: new TextEncoder().encode(text), sha256: sha256(text) });

      expect(namespace['marker']).toBe(text.slice(23, -3));
    });
  });

  describe('importVerifiedModule, having bytes that do not match the digest', () => {
    it('refuses them with digestMismatch before importing, because unverified code must never run', async () => {
      const failure = importVerifiedModule({ kind: 'artifact', bytes: new TextEncoder().encode('globalThis.ran = true;'), sha256: sha256('something else') });

      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.digestMismatch });
      expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
    });
  });

  describe('importVerifiedModule, having a module whose evaluation never settles', () => {
    it('fails with timeout after timeoutMs, because a hung import must not hang the sync', async () => {
      const text = `await new Promise(() => {}); // ${Date.now()}\n`;

      const failure = importVerifiedModule({ kind: 'artifact', bytes: new TextEncoder().encode(text), sha256: sha256(text) }, {}, { timeoutMs: 100 });

      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.timeout });
    });
  });
});
