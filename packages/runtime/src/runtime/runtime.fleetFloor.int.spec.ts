// A new runtime in a fleet whose manifest floor is above the manifest served: the first sync refuses it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMPTY_SNAPSHOT, FleetStore, raiseFleetFloor } from '@oneiric/fleet';
import { describeWithService, probeService, uniqueName } from '../../../adapters/src/testing/liveServices.js';
import { saveDesiredState } from '../../../fleet/src/actions/desiredStateCache.js';
import { startGreeterManifestServer } from '../__fixtures__/greeterManifestServer.js';
import { createRuntime } from './createRuntime.js';
import type { Runtime } from './runtime.js';

const probe = await probeService('nats');

interface Greeter { greet(name: string): string }

// The fleet already runs serial 9; the server still serves the older serial 7.
const FLEET_FLOOR = { serial: 9, digest: 'f'.repeat(64) };

describeWithService(probe, 'Runtime start-up with a fleet manifest floor (real NATS)', () => {
  let cwd = '';
  let server: Server;
  let remoteSettings: Record<string, unknown> = {};
  let bucket = '';
  let store: FleetStore;
  const runtimes: Runtime[] = [];

  beforeAll(async () => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-floor-'));
    ({ server, remoteSettings } = await startGreeterManifestServer(cwd, 7));
  });

  beforeEach(async () => {
    bucket = uniqueName('fleet_floor');
    store = await FleetStore.open({ url: probe.url, bucket, timeoutMs: 2_000 });
  });

  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.stop()));
    await store.destroy().catch(() => undefined);
    await store.close();
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(cwd, { recursive: true, force: true });
  });

  async function createInstance(fleetUrl: string): Promise<Runtime> {
    const runtime = await createRuntime({
      cwd: mkdtempSync(path.join(cwd, 'instance-')), env: {},
      config: {
        logging: { level: 'error' },
        runtime: { watchers_enabled: false, scheduler_enabled: false },
        remote: remoteSettings,
        fleet: { enabled: true, url: fleetUrl, bucket, instance_id: 'new', heartbeat_ms: 200, timeout_ms: 1_000 },
      },
      register: (app) => {
        app.register({ domain: 'service', key: 'greeter', provider: 'local', factory: { kind: 'function', build: (): Greeter => ({ greet: (name) => `hello ${name} from here` }) } });
      },
    });
    runtimes.push(runtime);
    return runtime;
  }

  it('reads manifest.floor from the bucket before the first sync and refuses the older manifest', async () => {
    await raiseFleetFloor(store, FLEET_FLOOR, 'test');
    const runtime = await createInstance(probe.url);
    await runtime.start();
    // Serial 7 < floor 9: the manifest is refused, the local provider serves.
    expect(runtime.app.use<Greeter>('service', 'greeter').greet('ada')).toBe('hello ada from here');
    expect(runtime.health().remote?.serial ?? null).toBeNull();
  });

  it('with NATS unreachable, uses the floor saved in the cache directory', async () => {
    // A port nothing listens on: take a free one and release it.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const runtime = await createInstance(`nats://127.0.0.1:${port}`);
    const saved = { ...EMPTY_SNAPSHOT, floor: { revision: 1, record: { v: 1 as const, ...FLEET_FLOOR, at: new Date().toISOString(), by: 'test' } } };
    await saveDesiredState(path.join(runtime.config.cacheDir, 'fleet', 'desired.json'), bucket, saved);
    await runtime.start();
    expect(runtime.app.use<Greeter>('service', 'greeter').greet('ada')).toBe('hello ada from here');
    expect(runtime.health().remote?.serial ?? null).toBeNull();
  });
});
