// Traces across a queue hop on real brokers (Redis Streams, NATS JetStream, RabbitMQ on 127.0.0.1): the
// enqueue span's context travels in the message headers, the consuming worker's span is its
// child even though the worker's loop runs outside any span, and the task and workflow runs
// nest under it; a failing run marks its span.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Oneiric, SpanAttribute } from '@oneiric/core';
import { NatsQueue, RabbitMqQueue, RedisStreamsQueue } from '@oneiric/adapters';
import { createDomainBridges, QueueWorker, type DomainBridges } from '@oneiric/domains';
import { describeWithService, probeService, uniqueName, type ServiceProbe } from '../../packages/adapters/src/testing/liveServices.js';
import { deleteRabbitMqNames } from '../../packages/adapters/src/testing/rabbitMqCleanup.js';
import { deleteNatsStreams, deleteRedisKeys } from '../../packages/adapters/src/testing/streamCleanup.js';
import { isChildOf, useInMemoryTracing } from '../../packages/core/src/testing/inMemoryTracing.js';

const [redis, nats, rabbitmq] = await Promise.all([probeService('redis'), probeService('nats'), probeService('rabbitmq')]);

interface Broker {
  readonly probe: ServiceProbe;
  readonly queue: typeof NatsQueue | typeof RedisStreamsQueue | typeof RabbitMqQueue;
  settings(prefix: string): Record<string, unknown>;
  removeStreams(prefix: string): Promise<void>;
}

const BROKERS: readonly Broker[] = [
  {
    probe: redis,
    queue: RedisStreamsQueue,
    settings: (prefix) => ({ url: redis.url, streamPrefix: `${prefix}:`, pollIntervalMs: 20 }),
    removeStreams: (prefix) => deleteRedisKeys(redis.url, `${prefix}:`),
  },
  {
    probe: nats,
    queue: NatsQueue,
    settings: (prefix) => ({ url: nats.url, streamPrefix: `${prefix}_`, pollIntervalMs: 20 }),
    removeStreams: (prefix) => deleteNatsStreams(nats.url, `${prefix}_`),
  },
  {
    probe: rabbitmq,
    queue: RabbitMqQueue,
    // The worker's group is declared up front, so runs published before its first receive are kept.
    settings: (prefix) => ({ url: rabbitmq.url, namePrefix: `${prefix}_`, groups: ['oneiric'] }),
    removeStreams: (prefix) => deleteRabbitMqNames(rabbitmq.url, `${prefix}_`),
  },
];

const tracing = useInMemoryTracing();

// One application with the broker's queue and a task that fails when its payload says so.
function newApp(broker: Broker, prefix: string): Oneiric {
  const settings = broker.settings(prefix);
  const app = new Oneiric({ providerSettings: (candidate) => ({ plain: candidate.domain === 'adapter' ? settings : undefined, path: 'adapters.provider_settings.queue' }) });
  app.register(broker.queue);
  app.register(
    { domain: 'task', key: 'charge', provider: 'default', factory: { kind: 'function', build: () => ({ run: (payload: { fail?: boolean } | undefined) => {
      if (payload?.fail === true) throw new Error('card declined');
      return 'charged';
    } }) } },
    { domain: 'task', key: 'ship', provider: 'default', factory: { kind: 'function', build: () => ({ run: () => 'shipped' }) } },
    { domain: 'workflow', key: 'settle', provider: 'default', metadata: { nodes: [{ id: 'charge', task: 'charge' }, { id: 'ship', task: 'ship', dependsOn: ['charge'] }] }, factory: { kind: 'function', build: () => ({}) } },
  );
  return app;
}

async function waitForSpans(name: string, count: number, timeoutMs = 15_000): Promise<ReadableSpan[]> {
  const deadline = Date.now() + timeoutMs;
  while (tracing.named(name).length < count) {
    if (Date.now() > deadline) throw new Error(`${count} ${name} spans expected within ${timeoutMs} ms; have: ${tracing.spans().map((span) => span.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return tracing.named(name);
}

for (const broker of BROKERS) {
  describeWithService(broker.probe, `tracing across a queue hop on ${broker.queue.name}`, () => {
    const prefix = uniqueName('trq').replace(/[^A-Za-z0-9_-]/g, '_');
    // Producer and consumer are separate applications with their own broker connections.
    let producer: Oneiric;
    let consumer: Oneiric;
    let producerBridges: DomainBridges;
    let consumerBridges: DomainBridges;
    let worker: QueueWorker;

    beforeAll(async () => {
      producer = newApp(broker, prefix);
      consumer = newApp(broker, prefix);
      await Promise.all([producer.start(), consumer.start()]);
      producerBridges = await createDomainBridges(producer, { watchActivity: false });
      consumerBridges = await createDomainBridges(consumer, { watchActivity: false });
      // Started outside any span: only the message headers can link its spans to the producer.
      expect(trace.getActiveSpan()).toBeUndefined();
      worker = new QueueWorker(consumerBridges.tasks, consumerBridges.workflows, { receiveWaitMs: 100, idleDelayMs: 20, maxAttempts: 1 });
      worker.start();
    });

    afterAll(async () => {
      await worker.stop();
      await Promise.all([producerBridges.close(), consumerBridges.close()]);
      await Promise.all([producer.close(), consumer.close()]);
      await broker.removeStreams(prefix);
    });


    it('makes the consumer\'s task run a descendant of the producer\'s span: root -> enqueue -> process -> run', async () => {
      await trace.getTracer('test').startActiveSpan('checkout', async (root) => {
        await producerBridges.tasks.enqueue('charge', { order: 1 });
        root.end();
      });
      await waitForSpans('oneiric.queue.process', 1);
      const run = tracing.only('oneiric.task.run');
      const root = tracing.only('checkout');
      const enqueue = tracing.only('oneiric.task.enqueue');
      const process = tracing.only('oneiric.queue.process');
      expect(isChildOf(enqueue, root)).toBe(true);
      expect(isChildOf(process, enqueue)).toBe(true);
      expect(isChildOf(run, process)).toBe(true);
      expect(run.spanContext().traceId).toBe(root.spanContext().traceId);
      expect(enqueue.kind).toBe(SpanKind.PRODUCER);
      expect(process.kind).toBe(SpanKind.CONSUMER);
      expect(process.attributes).toMatchObject({ [SpanAttribute.domain]: 'task', [SpanAttribute.key]: 'charge', [SpanAttribute.messageId]: enqueue.attributes[SpanAttribute.messageId] });
      expect(run.attributes).toMatchObject({ [SpanAttribute.key]: 'charge', [SpanAttribute.provider]: 'default', [SpanAttribute.trigger]: 'queue' });
      expect(run.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('nests a queued workflow run and each node under the producer\'s trace', async () => {
      await trace.getTracer('test').startActiveSpan('nightly', async (root) => {
        await producerBridges.workflows.enqueue('settle');
        root.end();
      });
      await waitForSpans('oneiric.queue.process', 1);
      const workflowRun = tracing.only('oneiric.workflow.run');
      const process = tracing.only('oneiric.queue.process');
      expect(isChildOf(process, tracing.only('oneiric.workflow.enqueue'))).toBe(true);
      expect(isChildOf(workflowRun, process)).toBe(true);
      const nodes = tracing.named('oneiric.workflow.node');
      expect(nodes.map((node) => node.attributes[SpanAttribute.node]).sort()).toEqual(['charge', 'ship']);
      for (const node of nodes) {
        expect(isChildOf(node, workflowRun)).toBe(true);
        const taskRun = tracing.named('oneiric.task.run').find((span) => span.attributes[SpanAttribute.node] === node.attributes[SpanAttribute.node]);
        expect(isChildOf(taskRun!, node)).toBe(true);
      }
      expect(new Set(tracing.spans().map((span) => span.spanContext().traceId)).size).toBe(1);
    });

    it('records the failure of a queued run on its span (exception, error status)', async () => {
      await producerBridges.tasks.enqueue('charge', { fail: true });
      await waitForSpans('oneiric.queue.process', 1);
      const run = tracing.only('oneiric.task.run');
      expect(run.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
      expect(run.events.map((event) => event.name)).toContain('exception');
      expect(isChildOf(run, tracing.only('oneiric.queue.process'))).toBe(true);
    });
  });
}
