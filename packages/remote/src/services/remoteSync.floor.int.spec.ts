// The anti-rollback floor fed from outside (a fleet): raised, never lowered, and binding on the next sync.
import { Oneiric } from '@oneiric/core';
import { artifact, entry, kindOf, remoteFor, serveManifest, useManifestServer } from '../__fixtures__/remoteSyncHarness.js';
import { RemoteErrorKind } from '../errors/remoteError.js';

useManifestServer();

const digest = (n: number): string => n.toString(16).padStart(64, '0');

describe('RemoteSync raiseAcceptedFloor', () => {
  it('makes the verifier refuse a manifest below a floor another instance accepted, and never lowers the floor', async () => {
    const remote = remoteFor(new Oneiric());
    try {
      serveManifest(5, [entry('remote-redis', artifact('remote'))]);
      await remote.sync();
      expect((await remote.acceptedManifest())?.serial).toBe(5);

      await remote.raiseAcceptedFloor({ serial: 7, digest: digest(7) });
      await remote.raiseAcceptedFloor({ serial: 3, digest: digest(3) });
      expect(await remote.acceptedManifest()).toEqual({ serial: 7, digest: digest(7) });

      serveManifest(6, [entry('remote-redis', artifact('remote'))]);
      // Serial 6 is newer than what this instance ran, but older than the fleet's floor.
      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.rollback);
    } finally {
      remote.close();
    }
  });
});
