// The agent across a NATS outage, on a private nats-server this suite starts and kills by pid
// (the shared server on 4222 is never touched).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '@oneiric/core';
import { isCi } from '../../../adapters/src/testing/liveServices.js';
import { MemoryTarget } from '../__fixtures__/memoryTarget.js';
import { PrivateNatsServer } from '../__fixtures__/privateNatsServer.js';
import { until } from '../__fixtures__/until.js';
import { FleetAgent } from './fleetAgent.js';
import { FleetClient } from './fleetClient.js';

function hasNatsServer(): boolean {
  try {
    execFileSync('nats-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const describeWithBinary = hasNatsServer() || isCi() ? describe : describe.skip;
if (!hasNatsServer() && !isCi()) {
  console.warn('skipping the fleet outage suite: no nats-server binary on PATH');
}

describeWithBinary('FleetAgent across a NATS outage (private nats-server)', () => {
  let server: PrivateNatsServer;
  let directory = '';
  const agents: FleetAgent[] = [];
  const clients: FleetClient[] = [];

  const startAgent = async (target: MemoryTarget): Promise<FleetAgent> => {
    const agent = new FleetAgent({
      connection: { url: server.url, bucket: 'oneiric_outage', timeoutMs: 500, reconnectWaitMs: 100 }, instanceId: 'a', heartbeatMs: 150, goneAfterMs: 600,
      desiredStateFile: path.join(directory, 'desired.json'), target, logger: createSilentLogger(), maxBackoffMs: 500,
    });
    agents.push(agent);
    await agent.start();
    return agent;
  };
  const connectClient = async (): Promise<FleetClient> => {
    const client = await FleetClient.connect({ url: server.url, bucket: 'oneiric_outage', timeoutMs: 1_000 });
    clients.push(client);
    return client;
  };

  beforeEach(() => {
    server = new PrivateNatsServer();
    directory = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-outage-'));
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.stop()));
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps serving through the outage, then watches again and applies what changed', async () => {
    await server.start();
    const target = new MemoryTarget();
    const agent = await startAgent(target);
    await (await connectClient()).select('adapter', 'cache', 'redis');
    await until('the agent applied redis', () => target.provider === 'redis');

    await server.kill();
    await until('the agent knows it lost the bucket', () => !agent.view().connected);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(target.provider).toBe('redis');
    expect(target.swaps).toEqual(['redis']);

    await server.start();
    await until('the agent reads the bucket again', () => agent.view().connected, 15_000);
    await (await connectClient()).select('adapter', 'cache', 'memory');
    await until('the agent applied the change made after the outage', () => target.provider === 'memory');
  });

  it('starts while the server is down and connects once it is up', async () => {
    await server.start();
    await server.kill();
    const target = new MemoryTarget();
    const agent = await startAgent(target);
    expect(agent.view().connected).toBe(false);
    await server.start();
    await until('the agent connected', () => agent.view().connected, 15_000);
    await (await connectClient()).select('adapter', 'cache', 'redis');
    await until('the agent applied redis', () => target.provider === 'redis');
  });
});
