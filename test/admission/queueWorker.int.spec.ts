// Queue-backed work against real brokers (Redis Streams, NATS JetStream, RabbitMQ): TaskBridge.enqueue and
// WorkflowBridge.enqueue put runs on the queue adapter, a QueueWorker runs them, acknowledges
// after success, honours pause, and a run whose worker process was killed is delivered again.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Oneiric } from '@oneiric/core';
import { NatsQueue, RabbitMqQueue, RedisStreamsQueue } from '@oneiric/adapters';
import { deleteRabbitMqNames } from '../../packages/adapters/src/testing/rabbitMqCleanup.js';
import { deleteNatsStreams, deleteRedisKeys } from '../../packages/adapters/src/testing/streamCleanup.js';
import { createDomainBridges, QueueWorker, type DomainBridges } from '@oneiric/domains';
import { describeWithService, probeService, uniqueName, type ServiceProbe } from '../../packages/adapters/src/testing/liveServices.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOOMED_WORKER = fileURLToPath(new URL('./fixtures/doomedWorker.mjs', import.meta.url));
// Delay after which an unacknowledged message is delivered again (Redis claimIdleMs, NATS ackWaitMs).
const REDELIVERY_MS = 600;

const [redis, nats, rabbitmq] = await Promise.all([probeService('redis'), probeService('nats'), probeService('rabbitmq')]);

interface BrokerCase {
  readonly probe: ServiceProbe;
  readonly provider: 'redis-streams' | 'nats' | 'rabbitmq';
  settings(prefix: string): Record<string, unknown>;
  cleanup(prefix: string): Promise<void>;
}

const BROKERS: readonly BrokerCase[] = [
  {
    probe: redis,
    provider: 'redis-streams',
    settings: (prefix) => ({ url: redis.url, streamPrefix: `${prefix}:`, claimIdleMs: REDELIVERY_MS, pollIntervalMs: 20 }),
    cleanup: (prefix) => deleteRedisKeys(redis.url, `${prefix}:`),
  },
  {
    probe: nats,
    provider: 'nats',
    settings: (prefix) => ({ url: nats.url, streamPrefix: `${prefix}_`, ackWaitMs: REDELIVERY_MS, pollIntervalMs: 20 }),
    cleanup: (prefix) => deleteNatsStreams(nats.url, `${prefix}_`),
  },
  {
    probe: rabbitmq,
    provider: 'rabbitmq',
    // The group is declared up front so runs enqueued before the first receive are kept; a
    // consumer's unacknowledged messages go back to the queue when its connection dies.
    settings: (prefix) => ({ url: rabbitmq.url, namePrefix: `${prefix}_`, groups: ['oneiric'] }),
    cleanup: (prefix) => deleteRabbitMqNames(rabbitmq.url, `${prefix}_`),
  },
];

// Runs of task `charge` and workflow `settle` seen by this process.
const seen: string[] = [];
// Failures task `flaky` has left before it succeeds.
let flakyFailures = 0;

function newApp(broker: BrokerCase, settings: Record<string, unknown>): Oneiric {
  const app = new Oneiric({ providerSettings: (candidate) => ({ plain: candidate.domain === 'adapter' ? settings : undefined, path: `adapters.provider_settings.${candidate.provider}` }) });
  app.register({ nats: NatsQueue, rabbitmq: RabbitMqQueue, 'redis-streams': RedisStreamsQueue }[broker.provider]);
  app.register(
    { domain: 'task', key: 'charge', provider: 'default', factory: { kind: 'function', build: () => ({ run: (payload: unknown) => seen.push(`charge:${JSON.stringify(payload)}`) }) } },
    { domain: 'task', key: 'flaky', provider: 'default', factory: { kind: 'function', build: () => ({ run: () => {
      seen.push('flaky');
      if (flakyFailures > 0) {
        flakyFailures -= 1;
        throw new Error('downstream timeout');
      }
    } }) } },
    { domain: 'task', key: 'ship', provider: 'default', factory: { kind: 'function', build: () => ({ run: (payload: unknown) => seen.push(`ship:${JSON.stringify(payload)}`) }) } },
    { domain: 'workflow', key: 'settle', provider: 'default', metadata: { nodes: [{ id: 'charge', task: 'charge' }, { id: 'ship', task: 'ship', dependsOn: ['charge'] }] }, factory: { kind: 'function', build: () => ({}) } },
  );
  return app;
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

beforeAll(async () => {
  // The killed worker runs the built packages.
  await run('npx', ['tsc', '--build'], { cwd: ROOT, timeout: 180_000 });
}, 200_000);

for (const broker of BROKERS) {
  describeWithService(broker.probe, `queue-backed work on ${broker.provider}`, () => {
    let prefix = '';
    let app: Oneiric;
    let bridges: DomainBridges;
    let worker: QueueWorker | undefined;

    beforeEach(async () => {
      seen.length = 0;
      prefix = uniqueName('admq').replace(/[^A-Za-z0-9_-]/g, '_');
      app = newApp(broker, broker.settings(prefix));
      await app.start();
      bridges = await createDomainBridges(app);
    });

    afterEach(async () => {
      await worker?.stop();
      worker = undefined;
      await bridges.close();
      await app.close();
      await broker.cleanup(prefix);
    });

    function startWorker(consumer = 'survivor'): QueueWorker {
      worker = new QueueWorker(bridges.tasks, bridges.workflows, { consumer, receiveWaitMs: 100, idleDelayMs: 50 });
      worker.start();
      return worker;
    }

    it('runs an enqueued task once and acknowledges it after success (no redelivery)', async () => {
      await bridges.tasks.enqueue('charge', { order: 1 });
      startWorker();
      await waitUntil(() => seen.length === 1);
      // Past the redelivery delay: an unacknowledged message would have come back by now.
      await pause(REDELIVERY_MS * 2);
      expect(seen).toEqual(['charge:{"order":1}']);
      expect(bridges.tasks.history('charge')).toMatchObject([{ trigger: 'queue', status: 'succeeded' }]);
    }, 45_000);

    it('gives a failed run back for another delivery until it succeeds, and drops one failing maxAttempts times', async () => {
      flakyFailures = 2;
      await bridges.tasks.enqueue('flaky');
      worker = new QueueWorker(bridges.tasks, bridges.workflows, { consumer: 'survivor', receiveWaitMs: 100, idleDelayMs: 50, maxAttempts: 3 });
      worker.start();
      await waitUntil(() => bridges.tasks.history('flaky').some((outcome) => outcome.status === 'succeeded'), 25_000);
      expect(bridges.tasks.history('flaky').map((outcome) => outcome.status)).toEqual(['failed', 'failed', 'succeeded']);

      flakyFailures = 100;
      seen.length = 0;
      await bridges.tasks.enqueue('flaky');
      await waitUntil(() => seen.length === 3, 25_000);
      // Dropped (acknowledged) after the third failure: never delivered again.
      await pause(REDELIVERY_MS * 2);
      expect(seen).toEqual(['flaky', 'flaky', 'flaky']);
    }, 60_000);

    it('runs an enqueued workflow to completion, its nodes in order', async () => {
      await bridges.workflows.enqueue('settle', { context: { order: 2 } });
      startWorker();
      await waitUntil(() => seen.length === 2);
      expect(seen).toEqual(['charge:{"order":2}', 'ship:{"order":2}']);
    }, 45_000);

    it('leaves the runs of a paused key in the queue and runs them once it is resumed', async () => {
      await bridges.tasks.pause('charge', { note: 'billing freeze' });
      await bridges.tasks.enqueue('charge', { order: 3 });
      await bridges.tasks.enqueue('ship', { order: 3 });
      startWorker();
      await waitUntil(() => seen.includes('ship:{"order":3}'));
      await pause(REDELIVERY_MS * 2);
      expect(seen).toEqual(['ship:{"order":3}']);

      await bridges.tasks.resume('charge');
      await waitUntil(() => seen.length === 2);
      expect(seen).toEqual(['ship:{"order":3}', 'charge:{"order":3}']);
    }, 45_000);

    it('delivers again the run of a worker process killed with SIGKILL mid-run, to another worker', async () => {
      await bridges.tasks.enqueue('charge', { order: 4 });
      const child = spawn(process.execPath, [DOOMED_WORKER, broker.provider, JSON.stringify(broker.settings(prefix))], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const lines = createInterface({ input: child.stdout });
        const [firstLine] = (await once(lines, 'line')) as [string];
        expect(JSON.parse(firstLine)).toEqual({ started: { order: 4 } });
      } finally {
        child.kill('SIGKILL');
      }
      await once(child, 'exit');
      startWorker();
      await waitUntil(() => seen.length === 1, 25_000);
      expect(seen).toEqual(['charge:{"order":4}']);
      await pause(REDELIVERY_MS * 2);
      expect(seen).toHaveLength(1);
    }, 60_000);
  });
}
