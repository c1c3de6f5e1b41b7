// The fleet's manifest anti-rollback floor with real runtime processes on the real NATS: one
// instance accepts manifest serial 2 and so raises the fleet floor; another instance, pointed at
// an older (validly signed) serial 1, refuses it with a typed rollback, and the floor stays at 2.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { generateKeyFiles, readKeyFile, signManifest } from '@oneiric/remote';
import { ControlError, type RemoteStatusAnswer } from '@oneiric/runtime/client';
import { describeWithService, probeService } from '../../packages/adapters/src/testing/liveServices.js';
import { waitUntil, type FleetMember } from './fleetCluster.js';
import { useFleetCluster } from './useFleetCluster.js';

const nats = await probeService('nats');
jest.setTimeout(60_000);

describeWithService(nats, 'fleet manifest floor across runtime processes', () => {
  const keysDir = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-keys-'));
  const manifests = new Map<string, string>();
  let server: Server;
  let baseUrl = '';
  let publicKey = '';

  // Keys and the manifest server first (beforeAll hooks run in order): the members' settings name them.
  beforeAll(async () => {
    const keys = await generateKeyFiles(keysDir);
    const secretKey = await readKeyFile(keys.privateKeyPath);
    publicKey = readFileSync(keys.publicKeyPath, 'utf8').trim();
    for (const serial of [1, 2]) {
      manifests.set(`/serial-${serial}.json`, JSON.stringify(signManifest({ serial, entries: [] }, { secretKey, now: new Date(), expiresInMs: 3_600_000 })));
    }
    server = createServer((request, response) => {
      const body = manifests.get(request.url ?? '');
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      response.end(body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  // member-0 is served the newer manifest, member-1 and member-2 the older one; the tests start them in turn.
  const suite = useFleetCluster({
    natsUrl: nats.url,
    size: 3,
    settings: { heartbeat_ms: 500, gone_after_ms: 2_000 },
    startAll: false,
    extraSections: (member) => ({
      remote: {
        enabled: true,
        manifest_url: `${baseUrl}/serial-${member.id === 'member-0' ? 2 : 1}.json`,
        trusted_public_keys: [publicKey],
        max_attempts: 1,
        min_fetch_interval_ms: 0,
      },
    }),
    beforeStop: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(keysDir, { recursive: true, force: true });
    },
  });

  async function remoteSerialOf(member: FleetMember): Promise<number | null | undefined> {
    const answer = await member.control?.request<RemoteStatusAnswer>('GET', '/v1/remote/status');
    return answer?.status?.lastSerial;
  }

  it('raises the floor to 2 from one instance; another instance, running serial 1, then refuses serial 1 with a rollback', async () => {
    const [newer, older] = suite.cluster.members as [FleetMember, FleetMember];
    // The older instance first: before the fleet knew serial 2, serial 1 was a fine manifest.
    await suite.cluster.startMember(older);
    expect(await remoteSerialOf(older)).toBe(1);
    await suite.cluster.startMember(newer);
    const raisedIn = await waitUntil(async () => (await suite.fleet.status()).floor?.serial === 2, 20_000, 'the fleet floor reaching serial 2', async () => JSON.stringify((await suite.fleet.status()).floor));

    // The older instance takes the fleet floor in on its next heartbeats; from then on the same
    // serial 1 it runs is refused when it syncs again (a validly signed manifest below the floor).
    let refusal: unknown;
    const refusedIn = await waitUntil(async () => {
      refusal = await older.control?.request('POST', '/v1/remote/sync').then(() => undefined, (error: unknown) => error);
      return refusal !== undefined;
    }, 15_000, 'the older instance refusing serial 1');
    console.log(`manifest floor: raised to 2 ${raisedIn} ms after the newer instance started; serial 1 refused on the other instance ${refusedIn} ms later`);

    expect(refusal).toBeInstanceOf(ControlError);
    expect((refusal as ControlError).kind).toBe('rollback');
    expect(await remoteSerialOf(newer)).toBe(2);
    expect((await suite.fleet.status()).floor?.serial).toBe(2);
  });

  // Needs the fix of the start-up floor (branch `fleetfix`): without it the runtime's start-up remote
  // sync runs before its fleet agent has read the floor, and a joining instance starts on serial 1.
  it('starts a new instance, served serial 1 after the floor reached 2, without accepting serial 1', async () => {
    const joining = suite.cluster.members[2] as FleetMember;
    expect((await suite.fleet.status()).floor?.serial).toBe(2);
    await suite.cluster.startMember(joining);

    // Its start-up sync must already know the fleet's floor: it runs no manifest rather than an old one.
    expect(await remoteSerialOf(joining)).not.toBe(1);
    const refusal = await joining.control?.request('POST', '/v1/remote/sync').then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(ControlError);
    // `/v1/remote/sync` falls back to the cached manifest when the server's is refused, and answers
    // with the cache's error when there is none: a new instance has no cache, so `noCachedManifest`.
    expect(['rollback', 'noCachedManifest']).toContain((refusal as ControlError).kind);
    expect(await remoteSerialOf(joining)).not.toBe(1);
  });
});
